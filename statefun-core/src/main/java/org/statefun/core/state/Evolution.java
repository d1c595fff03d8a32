package org.statefun.core.state;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.statefun.core.state.StateSchema.ClassShape;
import org.statefun.core.state.StateSchema.Encoding;
import org.statefun.core.state.StateSchema.FieldShape;

/**
 * The evolution rules for user state: what may change in a state's classes between a snapshot and a
 * restore, and the one-line message when something else changed.
 *
 * <ul>
 *   <li>records and POJOs may gain fields (they restore with the field's default);
 *   <li>no class may lose (or rename) a field or change a field's type;
 *   <li>a class Kryo writes may not change at all; neither may a table's key classes;
 *   <li>the state's declared type may not change.
 * </ul>
 */
final class Evolution {
  private Evolution() {}

  /** One change that keeps stored values from being read as the class is now. */
  sealed interface Change {
    String describe();

    /** How to proceed; shared by changes of one kind, so it is printed once. */
    String advice();
  }

  record LostFields(String className, List<FieldShape> lost, List<FieldShape> gained)
      implements Change {
    @Override
    public String describe() {
      return "class "
          + className
          + " lost "
          + fields(lost)
          + (gained.isEmpty() ? "" : " and gained " + fields(gained));
    }

    @Override
    public String advice() {
      return "A removed or renamed field would restore as its default, silently dropping the"
          + " stored values: put the field back with its old name and type (it may stay unused)"
          + " and move its value to the new field in code.";
    }
  }

  record FieldTypeChanged(String className, String field, String oldType, String newType)
      implements Change {
    /** Without the class, for a list of one class's changes. */
    String describeWithinClass() {
      return "field '" + field + "' changed type from " + oldType + " to " + newType;
    }

    @Override
    public String describe() {
      return "field '"
          + field
          + "' of class "
          + className
          + " changed type from "
          + oldType
          + " to "
          + newType;
    }

    @Override
    public String advice() {
      return "Stored values cannot be read as the new type: restore the field's old type, or add"
          + " a field of the new type and copy the value over in code.";
    }
  }

  record KryoClassChanged(
      String className, List<FieldShape> lost, List<FieldShape> gained, List<String> retyped)
      implements Change {
    @Override
    public String describe() {
      List<String> what = new ArrayList<>();
      if (!lost.isEmpty()) {
        what.add("lost " + fields(lost));
      }
      if (!gained.isEmpty()) {
        what.add("gained " + fields(gained));
      }
      what.addAll(retyped);
      return "class "
          + className
          + " is stored with Kryo, which cannot evolve a class, and it changed: "
          + String.join(", ", what);
    }

    @Override
    public String advice() {
      return "Restore the class as it was. To let it evolve, store a record or a POJO (public"
          + " no-arg constructor, public fields or getters and setters) under a new state name:"
          + " those may gain fields.";
    }
  }

  record KeyClassChanged(String className, List<FieldShape> gained) implements Change {
    @Override
    public String describe() {
      return "key class " + className + " gained " + fields(gained);
    }

    @Override
    public String advice() {
      return "Table keys are stored in their exact form and cannot evolve: restore the key class"
          + " as it was.";
    }
  }

  record EncodingChanged(String className, Encoding before, Encoding now) implements Change {
    @Override
    public String describe() {
      return "class "
          + className
          + " was stored "
          + form(before)
          + " and would now be stored "
          + form(now);
    }

    @Override
    public String advice() {
      return "Flink stores a class as a POJO only when it has a public no-arg constructor and"
          + " public fields or getters and setters (records always qualify), and otherwise with"
          + " Kryo; the two forms cannot be converted: restore the class as it was.";
    }

    private static String form(Encoding encoding) {
      return encoding == Encoding.KRYO ? "with Kryo" : "as a POJO";
    }
  }

  record DeclaredTypeChanged(String before, String now) implements Change {
    @Override
    public String describe() {
      return "it was written as " + before + " and is now declared as " + now;
    }

    @Override
    public String advice() {
      return "Stored values cannot be read as the new type: declare it as "
          + before
          + " again, or store "
          + now
          + " under a new state name.";
    }
  }

  record Unreadable(String className, String reason) implements Change {
    @Override
    public String describe() {
      return "the stored form of class " + className + " cannot be read (" + reason + ")";
    }

    @Override
    public String advice() {
      return "Restore the class as it was when the snapshot was taken.";
    }
  }

  record FlinkIncompatible(String className, String serializer) implements Change {
    @Override
    public String describe() {
      return "Flink's serializer ("
          + serializer
          + ") reports the stored form of class "
          + className
          + " incompatible with the class now";
    }

    @Override
    public String advice() {
      return "Restore the class as it was, or store the new form under a new state name.";
    }
  }

  record KeyRewrite(String className, String serializer) implements Change {
    @Override
    public String describe() {
      return "Flink's serializer ("
          + serializer
          + ") would have to rewrite the stored keys of class "
          + className;
    }

    @Override
    public String advice() {
      return "Table keys are stored in their exact form and cannot evolve: restore the key class"
          + " as it was.";
    }
  }

  /**
   * The changes between the classes a state was written with and the classes now.
   *
   * @param restoring only asks whether the stored bytes can be read into the classes now: a class
   *     that was written with Kryo still reads with Kryo, so only a POJO that lost its POJO form
   *     (say, its no-arg constructor) counts as an encoding change; when the state is registered
   *     (false), any encoding change counts, since the two forms cannot be converted
   */
  static List<Change> changes(
      StateSchema before, StateSchema now, StateId.Role role, boolean restoring) {
    List<Change> changes = new ArrayList<>();
    for (ClassShape old : before.classes()) {
      Optional<ClassShape> current = now.shape(old.className());
      // A class no longer reachable: the field that led to it changed type, reported there.
      current.ifPresent(shape -> compare(old, shape, role, restoring, changes));
    }
    return changes;
  }

  private static void compare(
      ClassShape old, ClassShape now, StateId.Role role, boolean restoring, List<Change> changes) {
    List<FieldShape> lost = new ArrayList<>();
    List<FieldTypeChanged> retyped = new ArrayList<>();
    for (FieldShape field : old.fields()) {
      Optional<FieldShape> current = now.field(field.name());
      if (current.isEmpty()) {
        lost.add(field);
      } else if (!current.get().type().equals(field.type())) {
        retyped.add(
            new FieldTypeChanged(
                old.className(), field.name(), field.type(), current.get().type()));
      }
    }
    List<FieldShape> gained =
        now.fields().stream()
            .filter(f -> old.field(f.name()).isEmpty())
            .collect(Collectors.toList());
    // The stored bytes follow the stored encoding: Kryo's follow the class's exact fields.
    if (old.encoding() == Encoding.KRYO
        && (!lost.isEmpty() || !gained.isEmpty() || !retyped.isEmpty())) {
      List<String> retypedFields =
          retyped.stream().map(FieldTypeChanged::describeWithinClass).collect(Collectors.toList());
      changes.add(new KryoClassChanged(old.className(), lost, gained, retypedFields));
      return;
    }
    if (!lost.isEmpty()) {
      changes.add(new LostFields(old.className(), lost, gained));
    } else if (!gained.isEmpty() && role == StateId.Role.TABLE_KEY) {
      changes.add(new KeyClassChanged(old.className(), gained));
    }
    changes.addAll(retyped);
    boolean lostPojoForm = old.encoding() == Encoding.POJO && now.encoding() == Encoding.KRYO;
    if (old.encoding() != now.encoding() && (!restoring || lostPojoForm)) {
      changes.add(new EncodingChanged(old.className(), old.encoding(), now.encoding()));
    }
  }

  /** The exception for {@code changes} of {@code state}: what changed, then how to proceed. */
  static StateEvolutionException failure(StateId state, List<Change> changes) {
    Set<String> advice = new LinkedHashSet<>();
    changes.forEach(c -> advice.add(c.advice()));
    return new StateEvolutionException(
        state.describePart()
            + " cannot be restored: "
            + changes.stream().map(Change::describe).collect(Collectors.joining("; "))
            + ". "
            + String.join(" ", advice));
  }

  private static String fields(List<FieldShape> fields) {
    return (fields.size() == 1 ? "field " : "fields ")
        + fields.stream().map(FieldShape::toString).collect(Collectors.joining(", "));
  }
}
