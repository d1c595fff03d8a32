package org.statefun.core.message;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
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

  /**
   * Serializes with {@code serializer}, deserializes with a fresh {@link
   * TypeSerializer#duplicate()}.
   */
  public static <T> T roundTripThroughDuplicate(TypeSerializer<T> serializer, T value)
      throws IOException {
    TypeSerializer<T> reader = serializer.duplicate();
    return read(bytes(out -> serializer.serialize(value, out)), reader::deserialize);
  }

  /** Writes each value in turn into one stream with {@code write}, then reads them all back. */
  public static <T> List<T> roundTripAll(List<T> values, ValueWriter<T> write, Reader<T> readOne)
      throws IOException {
    byte[] stream =
        bytes(
            out -> {
              for (T value : values) {
                write.write(value, out);
              }
            });
    return read(
        stream,
        in -> {
          List<T> result = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            result.add(readOne.read(in));
          }
          return result;
        });
  }

  /** Writes one value. */
  public interface ValueWriter<T> {
    void write(T value, DataOutputView out) throws IOException;
  }

  /**
   * Writes {@code serializer}'s snapshot as Flink does into a checkpoint and reads it back as Flink
   * does on restore.
   */
  public static <T> TypeSerializerSnapshot<T> writeAndReadSnapshot(TypeSerializer<T> serializer)
      throws IOException {
    byte[] written =
        bytes(
            out ->
                TypeSerializerSnapshot.writeVersionedSnapshot(
                    out, serializer.snapshotConfiguration()));
    return read(
        written,
        in ->
            TypeSerializerSnapshot.readVersionedSnapshot(
                in, SerializerRoundTrips.class.getClassLoader()));
  }
}
