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

  // the consumer's slice being delivered: swapped with pending under the lock, polled by the
  // consumer thread only
  private ArrayDeque<Object> current = new ArrayDeque<>();

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

  /** Number of queued items (records and markers) not yet delivered; for tests and metrics. */
  public int size() {
    synchronized (lock) {
      return pending.size() + current.size();
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
        dropped += pending.size() + current.size();
        pending.clear();
        current.clear();
      }
      LOG.debug("Feedback channel {} closed: its consumer no longer accepts work", name);
    }
  }

  /**
   * Delivers everything queued when it starts; what arrives meanwhile goes to the next drain task.
   * Taking everything keeps the channel's memory to what arrives between two drains: the consumer
   * hands records on to a queue that spills, and runs the work they cause in bounded steps.
   * {@code drainScheduled} stays true while a drain is queued or running, so producers never
   * schedule a second one; the check at the end, under the lock, sees anything they added.
   */
  @SuppressWarnings("unchecked")
  private void drain() throws Exception {
    Consumer<T> target;
    DrainExecutor self;
    synchronized (lock) {
      if (current.isEmpty()) {
        ArrayDeque<Object> empty = current;
        current = pending;
        pending = empty;
      }
      target = consumer;
      self = executor;
    }
    Object item;
    while ((item = current.poll()) != null) {
      if (item instanceof Marker marker) {
        target.onMarker(marker.checkpointId());
      } else {
        target.onRecord((T) item);
      }
    }
    boolean more;
    synchronized (lock) {
      more = !current.isEmpty() || !pending.isEmpty();
      drainScheduled = more;
    }
    if (more) {
      schedule(self);
    }
  }
}
