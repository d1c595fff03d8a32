package org.statefun.core.feedback;

import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands records from the loop tail to the loop head of the same subtask, inside one JVM.
 *
 * <p>One producer thread (the tail's task thread) appends records and checkpoint markers; one
 * consumer (the head) drains them on its own task thread. The producer never blocks and the
 * consumer never polls: the first record put into an empty channel schedules one drain task on the
 * consumer's executor (the head's mailbox), which takes everything queued so far in one swap.
 * Order is preserved, markers included.
 *
 * @param <T> the record type
 */
public final class FeedbackChannel<T> {

  private static final Logger LOG = LoggerFactory.getLogger(FeedbackChannel.class);

  /** Receives what the channel delivers, on the consumer's thread, in order. */
  public interface Consumer<T> {
    void onRecord(T record) throws Exception;

    /** Every record put before the marker has been delivered. */
    void onMarker(long checkpointId) throws Exception;
  }

  /** Runs drain tasks on the consumer's thread, typically the head's mailbox. */
  @FunctionalInterface
  public interface DrainExecutor {
    void execute(ThrowingRunnable<? extends Exception> drain);
  }

  private record Marker(long checkpointId) {}

  private final Object lock = new Object();
  private final String name;

  // guarded by lock
  private ArrayDeque<Object> pending = new ArrayDeque<>();
  private boolean drainScheduled;
  private DrainExecutor executor;
  private Consumer<T> consumer;
  private boolean closed;
  private long dropped;

  // consumer thread only
  private ArrayDeque<Object> spare;

  public FeedbackChannel(String name) {
    this.name = name;
  }

  /** Appends a record. Called by the producer thread only. */
  public void put(T record) {
    add(record);
  }

  /** Appends a marker that reaches the consumer after every record put before it. */
  public void putMarker(long checkpointId) {
    add(new Marker(checkpointId));
  }

  /**
   * Sets the consumer and starts delivery; records put before registration are delivered too.
   */
  public void registerConsumer(Consumer<T> consumer, DrainExecutor executor) {
    boolean schedule;
    synchronized (lock) {
      if (this.consumer != null) {
        throw new IllegalStateException("Feedback channel " + name + " already has a consumer");
      }
      this.consumer = consumer;
      this.executor = executor;
      schedule = !pending.isEmpty() && !drainScheduled;
      drainScheduled |= schedule;
    }
    if (schedule) {
      schedule(executor);
    }
  }

  /** Number of queued items (records and markers) not yet drained; for tests and metrics. */
  public int size() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /** Records discarded because the consumer's executor had shut down. */
  public long dropped() {
    synchronized (lock) {
      return dropped;
    }
  }

  private void add(Object item) {
    DrainExecutor toSchedule = null;
    synchronized (lock) {
      if (closed) {
        dropped++;
        return;
      }
      pending.add(item);
      if (executor != null && !drainScheduled) {
        drainScheduled = true;
        toSchedule = executor;
      }
    }
    if (toSchedule != null) {
      schedule(toSchedule);
    }
  }

  private void schedule(DrainExecutor executor) {
    try {
      executor.execute(this::drain);
    } catch (RejectedExecutionException e) {
      // The head's task is shutting down (failing or cancelled): nothing will consume any more.
      synchronized (lock) {
        closed = true;
        dropped += pending.size();
        pending.clear();
      }
      LOG.debug("Feedback channel {} closed: its consumer no longer accepts work", name);
    }
  }

  @SuppressWarnings("unchecked")
  private void drain() throws Exception {
    ArrayDeque<Object> batch;
    Consumer<T> target;
    synchronized (lock) {
      batch = pending;
      pending = spare != null ? spare : new ArrayDeque<>();
      spare = null;
      drainScheduled = false;
      target = consumer;
    }
    Object item;
    while ((item = batch.poll()) != null) {
      if (item instanceof Marker marker) {
        target.onMarker(marker.checkpointId());
      } else {
        target.onRecord((T) item);
      }
    }
    spare = batch;
  }
}
