package org.statefun.core.spill;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayDeque;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A FIFO whose memory is bounded: the oldest elements (up to a count) stay objects, the next ones
 * are kept serialized in memory chunks up to a byte budget, and chunks beyond the budget go to
 * spill files. Elements enter objects only while nothing is serialized, so order holds across the
 * tiers. The common case — a short queue — never serializes anything.
 *
 * <p>Serialized records carry their key group, so a checkpoint can copy them into per-key-group
 * state without deserializing them ({@link #forEachSerialized}).
 *
 * <p>Not thread-safe: one task thread owns it.
 *
 * @param <T> the element type
 */
public final class SpillingQueue<T> implements AutoCloseable {

  /** How elements become bytes, and which key group each belongs to. */
  public interface Codec<T> {
    int keyGroup(T element);

    void serialize(T element, DataOutputView out) throws IOException;

    T deserialize(DataInputView in) throws IOException;
  }

  /** Receives one serialized element with its key group. */
  @FunctionalInterface
  public interface SerializedSink {
    void accept(int keyGroup, byte[] buffer, int offset, int length) throws IOException;
  }

  /**
   * Serialized records are sealed into chunks before they may be spilled: an eighth of the memory
   * budget, within these bounds, so a small budget still spills in small steps.
   */
  static final int MIN_CHUNK_BYTES = 4 * 1024;

  static final int MAX_CHUNK_BYTES = 256 * 1024;

  /** A spill file takes chunks until it reaches this size; then the next file starts. */
  static final long FILE_BYTES = 64L << 20;

  /** Each serialized record starts with its key group and its length. */
  private static final int RECORD_HEADER_BYTES = 8;

  /** A sealed run of serialized records, in memory ({@code bytes != null}) or in a spill file. */
  private static final class Chunk {
    byte[] bytes;
    final int length;
    final int records;
    SpillFile file;
    long offset;

    Chunk(byte[] bytes, int length, int records) {
      this.bytes = bytes;
      this.length = length;
      this.records = records;
    }
  }

  /** A spill file, appended to while it is the current one, deleted once no chunk lives in it. */
  private static final class SpillFile {
    final File path;
    final RandomAccessFile data;
    long length;
    int liveChunks;

    SpillFile(File path) throws IOException {
      this.path = path;
      this.data = new RandomAccessFile(path, "rw");
    }

    void delete() throws IOException {
      data.close();
      Files.deleteIfExists(path.toPath());
    }
  }

  private final Codec<T> codec;
  private final int objectLimit;
  private final long memoryLimitBytes;
  private final SpillFiles spillFiles;
  private final int chunkBytes;

  private final ArrayDeque<T> objects = new ArrayDeque<>();
  // Order of the tiers: objects, the chunk being read, sealed chunks, the open chunk.
  private byte[] reading;
  private int readingPosition;
  private int readingRecords;
  private int readingLength;
  private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
  private DataOutputSerializer open;
  private int openRecords;

  private final DataOutputSerializer scratch = new DataOutputSerializer(256);
  private final DataInputDeserializer record = new DataInputDeserializer();
  private final java.util.List<SpillFile> liveFiles = new java.util.ArrayList<>();
  private SpillFile writeFile;
  private long size;
  private long memoryBytes;
  private long diskBytes;
  private long spilledBytes;

  /**
   * @param codec serializes elements that do not fit as objects
   * @param objectLimit how many elements may wait as objects
   * @param memoryLimitBytes how many bytes of serialized elements may wait in memory
   * @param spillFiles where the rest goes
   */
  public SpillingQueue(
      Codec<T> codec, int objectLimit, long memoryLimitBytes, SpillFiles spillFiles) {
    if (objectLimit < 0 || memoryLimitBytes < 0) {
      throw new IllegalArgumentException("Queue limits must not be negative");
    }
    this.codec = codec;
    this.objectLimit = objectLimit;
    this.memoryLimitBytes = memoryLimitBytes;
    this.spillFiles = spillFiles;
    this.chunkBytes =
        (int) Math.max(MIN_CHUNK_BYTES, Math.min(MAX_CHUNK_BYTES, memoryLimitBytes / 8));
  }

  public void add(T element) throws IOException {
    if (readingRecords == 0
        && chunks.isEmpty()
        && openRecords == 0
        && objects.size() < objectLimit) {
      objects.add(element);
    } else {
      appendSerialized(element);
    }
    size++;
  }

  /** The oldest element, removed; null when the queue is empty. */
  public T poll() throws IOException {
    T element = objects.poll();
    if (element == null) {
      if (readingRecords == 0 && !startReadingNextChunk()) {
        return null;
      }
      element = readRecord();
    }
    size--;
    return element;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public long size() {
    return size;
  }

  /** Bytes of serialized elements held in memory now (objects are not measured). */
  public long memoryBytes() {
    return memoryBytes;
  }

  /** Bytes of serialized elements in spill files now. */
  public long diskBytes() {
    return diskBytes;
  }

  /** Bytes written to spill files since the queue was created. */
  public long spilledBytes() {
    return spilledBytes;
  }

  /**
   * Hands every queued element, oldest first, serialized, to {@code sink}, leaving the queue as it
   * is. Spilled chunks are read back one at a time.
   */
  public void forEachSerialized(SerializedSink sink) throws IOException {
    for (T element : objects) {
      scratch.clear();
      codec.serialize(element, scratch);
      sink.accept(codec.keyGroup(element), scratch.getSharedBuffer(), 0, scratch.length());
    }
    if (readingRecords > 0) {
      emitRecords(reading, readingPosition, readingRecords, sink);
    }
    for (Chunk chunk : chunks) {
      byte[] bytes = chunk.bytes != null ? chunk.bytes : readSpilled(chunk);
      emitRecords(bytes, 0, chunk.records, sink);
    }
    if (openRecords > 0) {
      emitRecords(open.getSharedBuffer(), 0, openRecords, sink);
    }
  }

  /** Drops everything and deletes the spill files. */
  @Override
  public void close() throws IOException {
    objects.clear();
    chunks.clear();
    reading = null;
    open = null;
    readingRecords = 0;
    openRecords = 0;
    size = 0;
    memoryBytes = 0;
    diskBytes = 0;
    for (SpillFile file : liveFiles) {
      file.delete();
    }
    liveFiles.clear();
    writeFile = null;
  }

  // ---- serialized tiers ----

  private void appendSerialized(T element) throws IOException {
    scratch.clear();
    codec.serialize(element, scratch);
    if (open == null) {
      open = new DataOutputSerializer(Math.max(4096, scratch.length() + RECORD_HEADER_BYTES));
    }
    open.writeInt(codec.keyGroup(element));
    open.writeInt(scratch.length());
    open.write(scratch.getSharedBuffer(), 0, scratch.length());
    openRecords++;
    memoryBytes += RECORD_HEADER_BYTES + scratch.length();
    if (open.length() >= chunkBytes) {
      sealOpenChunk();
    }
  }

  /** Seals the open chunk; spills it when serialized elements exceed the memory budget. */
  private void sealOpenChunk() throws IOException {
    Chunk chunk = new Chunk(open.getSharedBuffer(), open.length(), openRecords);
    open = null;
    openRecords = 0;
    if (memoryBytes > memoryLimitBytes) {
      spill(chunk);
    }
    chunks.add(chunk);
  }

  private void spill(Chunk chunk) throws IOException {
    if (writeFile == null || writeFile.length >= FILE_BYTES) {
      if (writeFile != null && writeFile.liveChunks == 0) {
        writeFile.delete();
        liveFiles.remove(writeFile);
      }
      writeFile = new SpillFile(spillFiles.newFile());
      liveFiles.add(writeFile);
    }
    writeFile.data.seek(writeFile.length);
    writeFile.data.write(chunk.bytes, 0, chunk.length);
    chunk.file = writeFile;
    chunk.offset = writeFile.length;
    chunk.bytes = null;
    writeFile.length += chunk.length;
    writeFile.liveChunks++;
    memoryBytes -= chunk.length;
    diskBytes += chunk.length;
    spilledBytes += chunk.length;
  }

  private boolean startReadingNextChunk() throws IOException {
    Chunk chunk = chunks.poll();
    if (chunk == null) {
      if (openRecords == 0) {
        return false;
      }
      chunk = new Chunk(open.getSharedBuffer(), open.length(), openRecords);
      open = null;
      openRecords = 0;
    }
    if (chunk.bytes == null) {
      chunk.bytes = readSpilled(chunk);
      release(chunk);
      memoryBytes += chunk.length;
    }
    reading = chunk.bytes;
    readingPosition = 0;
    readingRecords = chunk.records;
    readingLength = chunk.length;
    return true;
  }

  private T readRecord() throws IOException {
    int length = intAt(reading, readingPosition + 4);
    int start = readingPosition + RECORD_HEADER_BYTES;
    record.setBuffer(reading, start, length);
    T element = codec.deserialize(record);
    readingPosition = start + length;
    if (--readingRecords == 0) {
      memoryBytes -= readingLength;
      reading = null;
    }
    return element;
  }

  private byte[] readSpilled(Chunk chunk) throws IOException {
    byte[] bytes = new byte[chunk.length];
    chunk.file.data.seek(chunk.offset);
    chunk.file.data.readFully(bytes);
    return bytes;
  }

  /** A spilled chunk was read back: its file may go. */
  private void release(Chunk chunk) throws IOException {
    SpillFile file = chunk.file;
    chunk.file = null;
    diskBytes -= chunk.length;
    if (--file.liveChunks == 0) {
      if (file == writeFile) {
        // Reuse the current file from its start rather than letting it grow.
        file.data.setLength(0);
        file.length = 0;
      } else {
        file.delete();
        liveFiles.remove(file);
      }
    }
  }

  private static void emitRecords(byte[] bytes, int position, int records, SerializedSink sink)
      throws IOException {
    for (int i = 0; i < records; i++) {
      int length = intAt(bytes, position + 4);
      sink.accept(intAt(bytes, position), bytes, position + RECORD_HEADER_BYTES, length);
      position += RECORD_HEADER_BYTES + length;
    }
  }

  /** The big-endian int at {@code position}, as {@code DataOutput#writeInt} wrote it. */
  private static int intAt(byte[] bytes, int position) {
    return (bytes[position] & 0xFF) << 24
        | (bytes[position + 1] & 0xFF) << 16
        | (bytes[position + 2] & 0xFF) << 8
        | (bytes[position + 3] & 0xFF);
  }
}
