package org.statefun.core.feedback;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRange;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateCheckpointOutputStream;
import org.apache.flink.util.ResourceGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.message.Envelope;
import org.statefun.core.message.EnvelopeSerializer;
import org.statefun.core.spill.SpillFiles;

/**
 * The checkpoint logs of one loop head: what makes messages travelling through the loop part of
 * checkpoints.
 *
 * <p>When barrier n passes the head, {@link #startLogging} takes a lease on checkpoint n's raw
 * keyed-state stream, which keeps the checkpoint open while the task goes on. Every loop message
 * the head takes from the channel after that is appended to every open log. When the tail's marker
 * n arrives, every message sent before barrier n left the functions has been logged: {@link
 * #commitUpTo} writes log n (and any older one) per key group and releases the lease. Several
 * checkpoints may be open at once.
 */
final class FeedbackLogs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackLogs.class);

  /** An open log, the stream it will be written to, and the lease keeping that stream open. */
  private record Open(
      CheckpointLog log, KeyedStateCheckpointOutputStream stream, ResourceGuard.Lease lease) {}

  private final KeyGroupRange range;
  private final int maxParallelism;
  private final LogBudget budget;
  private final SpillFiles spillFiles;
  private final EnvelopeSerializer serializer = new EnvelopeSerializer();
  private final DataOutputSerializer scratch = new DataOutputSerializer(256);
  private final TreeMap<Long, Open> open = new TreeMap<>();
  private long loggedMessages;
  // Read by the metric reporter's thread.
  private volatile long newestOpenCheckpoint;
  private final BooleanSupplier taskEnding;

  FeedbackLogs(
      KeyGroupRange range,
      int maxParallelism,
      long memoryBytes,
      SpillFiles spillFiles,
      BooleanSupplier taskEnding) {
    this.taskEnding = taskEnding;
    this.range = range;
    this.maxParallelism = maxParallelism;
    this.budget = new LogBudget(memoryBytes);
    this.spillFiles = spillFiles;
  }

  void startLogging(long checkpointId, KeyedStateCheckpointOutputStream stream) throws IOException {
    ResourceGuard.Lease lease = stream.acquireLease();
    LeaseReleaser.watch(lease, taskEnding);
    // The checkpoint id in the spill file's name lets an operator (and a test) tell that the files
    // of a completed checkpoint are gone.
    open.put(
        checkpointId,
        new Open(
            new CheckpointLog(range, budget, spillFiles.withPrefix(checkpointId + "-")),
            stream,
            lease));
    newestOpenCheckpoint = open.lastKey();
  }

  /**
   * The newest checkpoint whose barrier has passed the head and whose log waits for the tail's
   * marker; 0 if none. For metrics.
   */
  long newestOpenCheckpoint() {
    return newestOpenCheckpoint;
  }

  private void updateNewestOpen() {
    newestOpenCheckpoint = open.isEmpty() ? 0 : open.lastKey();
  }

  boolean isLogging() {
    return !open.isEmpty();
  }

  void append(Envelope envelope) throws IOException {
    if (open.isEmpty()) {
      return;
    }
    scratch.clear();
    serializer.serialize(envelope, scratch);
    int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(envelope.key(), maxParallelism);
    for (Open o : open.values()) {
      o.log().append(keyGroup, scratch.getSharedBuffer(), 0, scratch.length());
    }
    loggedMessages++;
  }

  /**
   * Appends a message that was in flight inside the subtask (queued for local delivery) when
   * checkpoint {@code checkpointId} was taken: it belongs to that checkpoint only.
   */
  void appendInFlight(long checkpointId, int keyGroup, byte[] bytes, int offset, int length)
      throws IOException {
    open.get(checkpointId).log().append(keyGroup, bytes, offset, length);
    loggedMessages++;
  }

  /**
   * Writes and releases every open log of a checkpoint up to and including {@code checkpointId}.
   */
  void commitUpTo(long checkpointId) throws IOException {
    Iterator<Map.Entry<Long, Open>> it = open.headMap(checkpointId, true).entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Long, Open> entry = it.next();
      Open o = entry.getValue();
      it.remove();
      LeaseReleaser.forget(o.lease());
      // Closed in reverse order: the log (and its spill file) goes before the lease, so the
      // checkpoint can only complete once the file is deleted.
      try (ResourceGuard.Lease lease = o.lease();
          CheckpointLog log = o.log()) {
        DataOutputStream data = new DataOutputStream(o.stream());
        log.writeTo(
            keyGroup -> {
              o.stream().startNewKeyGroup(keyGroup);
              return data;
            });
        data.flush();
      } catch (IOException e) {
        // The checkpoint was aborted and its stream closed under us; the checkpoint fails on its
        // own, the job goes on.
        LOG.warn(
            "Could not write the feedback log of checkpoint {}: {}", entry.getKey(), e.toString());
      }
    }
    updateNewestOpen();
  }

  /** Drops the log of an aborted checkpoint, releasing its memory, disk and lease. */
  void abort(long checkpointId) throws IOException {
    Open o = open.remove(checkpointId);
    if (o != null) {
      LeaseReleaser.forget(o.lease());
      try (CheckpointLog log = o.log()) {
        o.lease().close();
      }
    }
    updateNewestOpen();
  }

  /** Messages logged so far, over all checkpoints; for metrics. */
  long loggedMessages() {
    return loggedMessages;
  }

  /** Abandons every open log (the task is closing): releases leases and deletes spill files. */
  @Override
  public void close() throws IOException {
    for (Open o : open.values()) {
      LeaseReleaser.forget(o.lease());
      try (CheckpointLog log = o.log()) {
        o.lease().close();
      }
    }
    open.clear();
    updateNewestOpen();
  }
}
