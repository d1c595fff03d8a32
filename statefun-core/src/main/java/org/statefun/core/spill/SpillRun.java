package org.statefun.core.spill;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.function.ThrowingConsumer;

/**
 * A run of elements written to one spill file in order, then read back once, in order, and deleted.
 * Writing and reading may happen on different threads, as long as the hand-over (after {@link
 * #seal()}) is synchronized by the caller; each thread then brings its own codec, since serializers
 * such as Kryo are not thread-safe.
 *
 * @param <T> the element type
 */
public final class SpillRun<T> {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final SpillingQueue.Codec<T> writer;
  private final File file;
  private final DataOutputSerializer scratch = new DataOutputSerializer(256);
  private DataOutputStream out;
  private int count;
  private long bytes;

  private SpillRun(SpillingQueue.Codec<T> writer, File file) throws IOException {
    this.writer = writer;
    this.file = file;
    this.out =
        new DataOutputStream(new BufferedOutputStream(new FileOutputStream(file), BUFFER_BYTES));
  }

  /** A new, empty run in a new spill file, written with {@code writer}. */
  public static <T> SpillRun<T> create(SpillingQueue.Codec<T> writer, SpillFiles files)
      throws IOException {
    return new SpillRun<>(writer, files.newFile());
  }

  public void append(T element) throws IOException {
    scratch.clear();
    writer.serialize(element, scratch);
    out.writeInt(scratch.length());
    out.write(scratch.getSharedBuffer(), 0, scratch.length());
    count++;
    bytes += 4 + scratch.length();
  }

  /** Ends writing: the run can now be read. */
  public SpillRun<T> seal() throws IOException {
    out.close();
    out = null;
    return this;
  }

  public int count() {
    return count;
  }

  /** Bytes written to the file. */
  public long bytes() {
    return bytes;
  }

  /**
   * Reads every element with {@code reader}, in order, into {@code consumer}, then deletes the
   * file.
   */
  public void drainTo(SpillingQueue.Codec<T> reader, ThrowingConsumer<T, Exception> consumer)
      throws Exception {
    byte[] buffer = new byte[256];
    DataInputDeserializer view = new DataInputDeserializer();
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(new FileInputStream(file), BUFFER_BYTES))) {
      for (int i = 0; i < count; i++) {
        int length = in.readInt();
        if (buffer.length < length) {
          buffer = new byte[Math.max(length, 2 * buffer.length)];
        }
        in.readFully(buffer, 0, length);
        view.setBuffer(buffer, 0, length);
        consumer.accept(reader.deserialize(view));
      }
    } finally {
      delete();
    }
  }

  /** Deletes the file, written or not. */
  public void delete() throws IOException {
    if (out != null) {
      out.close();
      out = null;
    }
    Files.deleteIfExists(file.toPath());
  }
}
