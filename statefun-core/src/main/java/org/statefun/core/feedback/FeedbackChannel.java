package org.statefun.core.feedback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.util.function.ThrowingRunnable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.spill.SpillFiles;
import org.statefun.core.spill.SpillRun;
import org.statefun.core.spill.SpillingQueue;

/**
 * Hands records from the loop tail to the loop head of the same subtask, inside one JVM.
 *
 * <p>One producer thread (the tail's task thread) appends records and checkpoint markers; one
 * consumer (the head) drains them on its own task thread. The producer never blocks and the
 * consumer never polls: the first record put into an empty channel schedules one drain task on the
 * consumer's executor (the head's mailbox), which takes everything queued so far in one swap. Order
 * is preserved, markers included.
 *
 * <p>When the consumer falls behind (its thread is busy in a long invocation, say) and more than
 * {@link Spilling#recordLimit()} records wait, further records go to a spill file on the producer's
 * thread until the consumer takes them; a spilled run is delivered in place, in order.
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

    /**
     * True while the consumer has enough to do: delivery pauses (the rest waits in the channel,
     * which spills beyond its limit) and resumes in the next drain task.
     */
    default boolean isBusy() {
      return false;
    }
  }

  /** Runs drain tasks on the consumer's thread, typically the head's mailbox. */
  @FunctionalInterface
  public interface DrainExecutor {
    void execute(ThrowingRunnable<? extends Exception> drain);
  }

  private record Marker(long checkpointId) {}

  /**
   * Records every drain delivers even to a busy consumer, so loop messages keep moving while a
   * local cycle keeps the consumer busy for good.
   */
  static final int MIN_PER_DRAIN = 64;

  /**
   * How the channel spills records beyond a limit.
   *
   * @param writer serializes records, on the producer's thread
   * @param reader deserializes them, on the consumer's thread (serializers are not thread-safe)
   * @param recordLimit records kept as objects before spilling starts
   * @param files where spill files go
   */
  public record Spilling<T>(
      SpillingQueue.Codec<T> writer,
      SpillingQueue.Codec<T> reader,
      int recordLimit,
      SpillFiles files) {}

  private final Object lock = new Object();
  private final String name;

  // guarded by lock
  private ArrayDeque<Object> pending = new ArrayDeque<>();
  private boolean drainScheduled;
  private DrainExecutor executor;
  private Consumer<T> consumer;
  private boolean closed;
  private long dropped;
  private Spilling<T> spilling;
  private int pendingRecords;
  private SpillRun<T> openRun;
  private long spilledBytes;
  // markers put and not yet delivered: while there are any, delivery does not pause
  private final AtomicInteger markersQueued = new AtomicInteger();

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

  /** Sets the consumer and starts delivery; records put before registration are delivered too. */
  public void registerConsumer(Consumer<T> consumer, DrainExecutor executor) {
    registerConsumer(consumer, executor, null);
  }

  /** As {@link #registerConsumer(Consumer, DrainExecutor)}, spilling as {@code spilling} says. */
  public void registerConsumer(Consumer<T> consumer, DrainExecutor executor, Spilling<T> spilling) {
    boolean schedule;
    synchronized (lock) {
      if (this.consumer != null) {
        throw new IllegalStateException("Feedback channel " + name + " already has a consumer");
      }
      this.consumer = consumer;
      this.executor = executor;
      this.spilling = spilling;
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

  /**
   * Closes the channel when its consumer closes: what is still queued is dropped (a restore brings
   * it back from the last checkpoint) and spill files are deleted. Called on the consumer's thread.
   */
  public void close() {
    synchronized (lock) {
      closed = true;
      sealOpenRun();
      discard(pending);
      discard(current);
    }
  }

  /** Bytes of records spilled to disk so far; for metrics. */
  public long spilledBytes() {
    synchronized (lock) {
      return spilledBytes + (openRun == null ? 0 : openRun.bytes());
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
      if (item instanceof Marker) {
        sealOpenRun();
        pending.add(item);
        markersQueued.incrementAndGet();
      } else if (spilling != null
          && (openRun != null || pendingRecords >= spilling.recordLimit())) {
        spill(item);
      } else {
        pending.add(item);
        pendingRecords++;
      }
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
        sealOpenRun();
        discard(pending);
        discard(current);
      }
      LOG.debug("Feedback channel {} closed: its consumer no longer accepts work", name);
    }
  }

  @SuppressWarnings("unchecked")
  private void spill(Object record) {
    try {
      if (openRun == null) {
        openRun = SpillRun.create(spilling.writer(), spilling.files());
      }
      openRun.append((T) record);
    } catch (IOException e) {
      throw new UncheckedIOException("Feedback channel " + name + " cannot spill to disk", e);
    }
  }

  /** Puts the run being written into the queue, behind everything put before it. */
  private void sealOpenRun() {
    if (openRun != null) {
      try {
        pending.add(openRun.seal());
      } catch (IOException e) {
        throw new UncheckedIOException("Feedback channel " + name + " cannot spill to disk", e);
      }
      spilledBytes += openRun.bytes();
      openRun = null;
    }
  }

  private void discard(ArrayDeque<Object> items) {
    for (Object item : items) {
      if (item instanceof SpillRun<?> run) {
        dropped += run.count();
        deleteQuietly(run);
      } else if (!(item instanceof Marker)) {
        dropped++;
      }
    }
    items.clear();
  }

  private void deleteQuietly(SpillRun<?> run) {
    try {
      run.delete();
    } catch (IOException e) {
      LOG.warn("Could not delete a spill file of feedback channel {}: {}", name, e.toString());
    }
  }

  /**
   * Delivers what is queued when it starts, until the consumer {@link Consumer#isBusy() is busy};
   * the rest, and what arrives meanwhile, goes to the next drain task. The consumer thus pulls no
   * more than it can run in a step, and records wait here as objects — or spilled, beyond the limit
   * — rather than in the consumer's queue. Except while a checkpoint marker waits: then everything
   * up to it is delivered at once, so a backlog cannot hold a checkpoint open. And each drain
   * delivers at least {@link #MIN_PER_DRAIN} items, so the channel is never starved. {@code
   * drainScheduled} stays true while a drain is queued or running, so producers never schedule a
   * second one; the check at the end, under the lock, sees anything they added.
   */
  @SuppressWarnings("unchecked")
  private void drain() throws Exception {
    Consumer<T> target;
    DrainExecutor self;
    SpillingQueue.Codec<T> spillReader;
    synchronized (lock) {
      if (current.isEmpty()) {
        sealOpenRun();
        ArrayDeque<Object> empty = current;
        current = pending;
        pending = empty;
        pendingRecords = 0;
      }
      target = consumer;
      self = executor;
      spillReader = spilling == null ? null : spilling.reader();
    }
    Object item;
    int records = 0;
    while ((records < MIN_PER_DRAIN || markersQueued.get() > 0 || !target.isBusy())
        && (item = current.poll()) != null) {
      if (item instanceof Marker marker) {
        markersQueued.decrementAndGet();
        target.onMarker(marker.checkpointId());
      } else if (item instanceof SpillRun<?> run) {
        records += run.count();
        ((SpillRun<T>) run).drainTo(spillReader, target::onRecord);
      } else {
        records++;
        target.onRecord((T) item);
      }
    }
    boolean more;
    synchronized (lock) {
      more = !current.isEmpty() || !pending.isEmpty() || openRun != null;
      drainScheduled = more;
    }
    if (more) {
      schedule(self);
    }
  }
}
