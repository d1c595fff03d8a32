package org.statefun.core.feedback;

import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.statefun.core.spill.SpillFiles;

/**
 * The loop messages of one checkpoint, grouped by key group, kept in memory within the shared
 * {@link LogBudget} and spilled to a file beyond it. Written out as one section per key group of
 * the head's range (empty groups too), so a restore at another parallelism finds every message
 * under the key group it belongs to.
 *
 * <p>Section format: {@code int magic, int version, int count}, then {@code count} serialized
 * envelopes.
 */
final class CheckpointLog implements AutoCloseable {

  static final int MAGIC = 0x5F1F_EEDB;
  static final int VERSION = 1;

  /** A spilled run of one key group's records in the spill file. */
  private record Chunk(long offset, int length) {}

  private final KeyGroupRange range;
  private final LogBudget budget;
  private final SpillFiles spillFiles;
  private final DataOutputSerializer[] memory;
  private final int[] counts;
  private final List<List<Chunk>> chunks;
  private RandomAccessFile spill;
  private File spillFile;
  private long spillLength;

  CheckpointLog(KeyGroupRange range, LogBudget budget, SpillFiles spillFiles) {
    this.range = range;
    this.budget = budget;
    this.spillFiles = spillFiles;
    int groups = range.getNumberOfKeyGroups();
    this.memory = new DataOutputSerializer[groups];
    this.counts = new int[groups];
    this.chunks = new ArrayList<>(groups);
    for (int i = 0; i < groups; i++) {
      chunks.add(new ArrayList<>(0));
    }
  }

  /** Appends one serialized envelope of key group {@code keyGroup}. */
  void append(int keyGroup, byte[] bytes, int offset, int length) throws IOException {
    int index = keyGroup - range.getStartKeyGroup();
    DataOutputSerializer buffer = memory[index];
    if (buffer == null) {
      buffer = new DataOutputSerializer(Math.max(64, length));
      memory[index] = buffer;
      budget.reserve(buffer.getSharedBuffer().length);
    }
    int before = buffer.getSharedBuffer().length;
    buffer.write(bytes, offset, length);
    budget.reserve(buffer.getSharedBuffer().length - before);
    counts[index]++;
    if (budget.exceeded()) {
      spillLargestGroups();
    }
  }

  /**
   * Spills this log's in-memory groups, largest first, until the budget holds or none is left.
   * Spilling the largest group keeps chunks big: it holds at least 1/groups of this log's memory.
   */
  void spillLargestGroups() throws IOException {
    while (budget.exceeded()) {
      int largest = -1;
      for (int i = 0; i < memory.length; i++) {
        if (memory[i] != null
            && memory[i].length() > 0
            && (largest < 0 || memory[i].length() > memory[largest].length())) {
          largest = i;
        }
      }
      if (largest < 0) {
        return;
      }
      spill(largest);
    }
  }

  private void spill(int index) throws IOException {
    DataOutputSerializer buffer = memory[index];
    if (spill == null) {
      spillFile = spillFiles.newFile();
      spill = new RandomAccessFile(spillFile, "rw");
    }
    spill.seek(spillLength);
    spill.write(buffer.getSharedBuffer(), 0, buffer.length());
    chunks.get(index).add(new Chunk(spillLength, buffer.length()));
    spillLength += buffer.length();
    budget.release(buffer.getSharedBuffer().length);
    memory[index] = null;
  }

  long spilledBytes() {
    return spillLength;
  }

  /** Writes one section per key group of the range to {@code out}; never closes {@code out}. */
  void writeTo(KeyGroupSectionWriter out) throws IOException {
    byte[] copyBuffer = null;
    for (int keyGroup = range.getStartKeyGroup(); keyGroup <= range.getEndKeyGroup(); keyGroup++) {
      int index = keyGroup - range.getStartKeyGroup();
      DataOutputStream section = out.startKeyGroup(keyGroup);
      section.writeInt(MAGIC);
      section.writeInt(VERSION);
      section.writeInt(counts[index]);
      for (Chunk chunk : chunks.get(index)) {
        if (copyBuffer == null || copyBuffer.length < Math.min(chunk.length(), 1 << 20)) {
          copyBuffer = new byte[Math.min(Math.max(chunk.length(), 4096), 1 << 20)];
        }
        copyChunk(chunk, section, copyBuffer);
      }
      DataOutputSerializer buffer = memory[index];
      if (buffer != null) {
        section.write(buffer.getSharedBuffer(), 0, buffer.length());
      }
      section.flush();
    }
  }

  private void copyChunk(Chunk chunk, OutputStream out, byte[] copyBuffer) throws IOException {
    spill.seek(chunk.offset());
    int remaining = chunk.length();
    while (remaining > 0) {
      int n = spill.read(copyBuffer, 0, Math.min(copyBuffer.length, remaining));
      if (n < 0) {
        throw new IOException("Feedback log spill file " + spillFile + " ended early");
      }
      out.write(copyBuffer, 0, n);
      remaining -= n;
    }
  }

  /** Releases memory and deletes the spill file. */
  @Override
  public void close() throws IOException {
    for (int i = 0; i < memory.length; i++) {
      if (memory[i] != null) {
        budget.release(memory[i].getSharedBuffer().length);
        memory[i] = null;
      }
    }
    if (spill != null) {
      spill.close();
      Files.deleteIfExists(spillFile.toPath());
      spill = null;
    }
  }

  /** Where the sections go: the raw keyed-state stream of the checkpoint. */
  interface KeyGroupSectionWriter {
    DataOutputStream startKeyGroup(int keyGroup) throws IOException;
  }
}
