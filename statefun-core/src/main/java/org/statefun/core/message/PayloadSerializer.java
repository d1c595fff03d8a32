package org.statefun.core.message;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.statefun.core.termination.IngressEnd;
import org.statefun.sdk.TypedValue;

/**
 * Serializes message payloads of any type without user registration. Common immutable types get a
 * one-byte tag and a compact encoding; everything else (records, POJOs, collections) goes through
 * Kryo, which writes the class name with the object.
 *
 * <p>Not thread-safe (Kryo is not): each serializer instance belongs to one thread, see {@link
 * #duplicate()}.
 */
public final class PayloadSerializer implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte LONG = 2;
  private static final byte INTEGER = 3;
  private static final byte DOUBLE = 4;
  private static final byte BOOLEAN = 5;
  private static final byte BYTES = 6;
  private static final byte FLOAT = 7;
  private static final byte SHORT = 8;
  private static final byte BYTE = 9;
  private static final byte CHARACTER = 10;
  private static final byte TYPED_VALUE = 11;
  private static final byte INGRESS_END = 20;
  private static final byte KRYO = 100;

  private transient KryoSerializer<Object> kryo;
  private transient FastStrings strings;

  private FastStrings strings() {
    if (strings == null) {
      strings = new FastStrings();
    }
    return strings;
  }

  public PayloadSerializer duplicate() {
    return new PayloadSerializer();
  }

  public void serialize(Object payload, DataOutputView out) throws IOException {
    if (payload == null) {
      out.writeByte(NULL);
    } else if (payload instanceof String s) {
      out.writeByte(STRING);
      strings().write(s, out);
    } else if (payload instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (payload instanceof Integer i) {
      out.writeByte(INTEGER);
      out.writeInt(i);
    } else if (payload instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (payload instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeBoolean(b);
    } else if (payload instanceof byte[] bytes) {
      out.writeByte(BYTES);
      out.writeInt(bytes.length);
      out.write(bytes);
    } else if (payload instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else if (payload instanceof Short s) {
      out.writeByte(SHORT);
      out.writeShort(s);
    } else if (payload instanceof Byte b) {
      out.writeByte(BYTE);
      out.writeByte(b);
    } else if (payload instanceof Character c) {
      out.writeByte(CHARACTER);
      out.writeChar(c);
    } else if (payload instanceof TypedValue typed) {
      out.writeByte(TYPED_VALUE);
      strings().write(typed.typeName(), out);
      out.writeInt(typed.value().length);
      out.write(typed.value());
    } else if (payload instanceof IngressEnd end) {
      out.writeByte(INGRESS_END);
      out.writeInt(end.ingressIndex());
      out.writeInt(end.subtaskIndex());
      out.writeInt(end.parallelism());
    } else {
      out.writeByte(KRYO);
      kryo().serialize(payload, out);
    }
  }

  public Object deserialize(DataInputView in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case STRING:
        return strings().read(in);
      case LONG:
        return in.readLong();
      case INTEGER:
        return in.readInt();
      case DOUBLE:
        return in.readDouble();
      case BOOLEAN:
        return in.readBoolean();
      case BYTES:
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
      case FLOAT:
        return in.readFloat();
      case SHORT:
        return in.readShort();
      case BYTE:
        return in.readByte();
      case CHARACTER:
        return in.readChar();
      case TYPED_VALUE:
        String typeName = strings().read(in);
        byte[] value = new byte[in.readInt()];
        in.readFully(value);
        return new TypedValue(typeName, value);
      case INGRESS_END:
        return new IngressEnd(in.readInt(), in.readInt(), in.readInt());
      case KRYO:
        return kryo().deserialize(in);
      default:
        throw new IOException("Corrupt message payload: unknown type tag " + tag);
    }
  }

  /** A copy that shares nothing mutable with {@code payload}. */
  public Object copy(Object payload) {
    if (payload == null || isImmutable(payload)) {
      return payload;
    }
    if (payload instanceof byte[] bytes) {
      return bytes.clone();
    }
    if (payload instanceof TypedValue typed) {
      return new TypedValue(typed.typeName(), typed.value().clone());
    }
    // Not kryo().copy(): Kryo treats records as immutable and returns them (also when nested in a
    // POJO) as they are, sharing their mutable components. Through the bytes, the copy is exactly
    // what the receiver would get across the network.
    try {
      DataOutputSerializer out = new DataOutputSerializer(64);
      kryo().serialize(payload, out);
      return kryo().deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot copy a message payload of type " + payload.getClass().getName(), e);
    }
  }

  private static boolean isImmutable(Object payload) {
    return payload instanceof String
        || payload instanceof Number && payload.getClass().getName().startsWith("java.lang.")
        || payload instanceof Boolean
        || payload instanceof Character
        || payload instanceof IngressEnd;
  }

  private KryoSerializer<Object> kryo() {
    if (kryo == null) {
      kryo = new KryoSerializer<>(Object.class, new SerializerConfigImpl());
    }
    return kryo;
  }
}
