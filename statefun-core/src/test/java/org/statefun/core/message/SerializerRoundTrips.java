package org.statefun.core.message;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/** Writes values to bytes and reads them back with Flink's memory views. */
public final class SerializerRoundTrips {
  private SerializerRoundTrips() {}

  /** Writes with {@code writer}. */
  public interface Writer {
    void write(DataOutputView out) throws IOException;
  }

  /** Reads with {@code reader}. */
  public interface Reader<T> {
    T read(DataInputView in) throws IOException;
  }

  public static byte[] bytes(Writer writer) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    writer.write(out);
    return out.getCopyOfBuffer();
  }

  /** Reads {@code bytes} with {@code reader}, which must consume them exactly. */
  public static <T> T read(byte[] bytes, Reader<T> reader) throws IOException {
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    T value = reader.read(in);
    if (in.available() != 0) {
      throw new AssertionError(in.available() + " bytes left unread");
    }
    return value;
  }

  /** Serializes {@code value} and deserializes it with the same serializer. */
  public static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws IOException {
    return read(bytes(out -> serializer.serialize(value, out)), serializer::deserialize);
  }

  /** Serializes with {@code writer}, deserializes with a fresh {@link TypeSerializer#duplicate()}. */
  public static <T> T roundTripThroughDuplicate(TypeSerializer<T> serializer, T value)
      throws IOException {
    TypeSerializer<T> reader = serializer.duplicate();
    return read(bytes(out -> serializer.serialize(value, out)), reader::deserialize);
  }
}
