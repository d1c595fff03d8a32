package org.statefun.core.state;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the classes of a state looked like: for every user class reachable from the declared type,
 * how Flink encodes it and its fields' names and types. Stored with the state's serializer
 * snapshot, so a restore can say exactly what changed.
 *
 * @param classes the reachable user classes, the declared class first when it is one
 */
public record StateSchema(List<ClassShape> classes) implements Serializable {

  /** How Flink writes a class. */
  public enum Encoding {
    /** Flink's POJO serializer (also records): fields may be added. */
    POJO,
    /** Kryo: the bytes follow the class's exact fields; nothing may change. */
    KRYO
  }

  /**
   * One field.
   *
   * @param name the field name
   * @param type its declared (generic) type, e.g. {@code java.util.List<org.example.Item>}
   */
  public record FieldShape(String name, String type) implements Serializable {
    @Override
    public String toString() {
      return "'" + name + "' (" + type + ")";
    }
  }

  /**
   * One class.
   *
   * @param className its binary name
   * @param encoding how Flink writes it
   * @param fields the fields it writes
   */
  public record ClassShape(String className, Encoding encoding, List<FieldShape> fields)
      implements Serializable {
    public ClassShape {
      fields = List.copyOf(fields);
    }

    Optional<FieldShape> field(String name) {
      return fields.stream().filter(f -> f.name().equals(name)).findFirst();
    }
  }

  public StateSchema {
    classes = List.copyOf(classes);
  }

  Optional<ClassShape> shape(String className) {
    return classes.stream().filter(c -> c.className().equals(className)).findFirst();
  }

  void write(DataOutputView out) throws IOException {
    out.writeInt(classes.size());
    for (ClassShape shape : classes) {
      out.writeUTF(shape.className());
      out.writeUTF(shape.encoding().name());
      out.writeInt(shape.fields().size());
      for (FieldShape field : shape.fields()) {
        out.writeUTF(field.name());
        out.writeUTF(field.type());
      }
    }
  }

  static StateSchema read(DataInputView in) throws IOException {
    int classCount = in.readInt();
    List<ClassShape> classes = new ArrayList<>(classCount);
    for (int c = 0; c < classCount; c++) {
      String className = in.readUTF();
      Encoding encoding = Encoding.valueOf(in.readUTF());
      int fieldCount = in.readInt();
      List<FieldShape> fields = new ArrayList<>(fieldCount);
      for (int f = 0; f < fieldCount; f++) {
        fields.add(new FieldShape(in.readUTF(), in.readUTF()));
      }
      classes.add(new ClassShape(className, encoding, fields));
    }
    return new StateSchema(classes);
  }
}
