package org.statefun.benchmarks.relay;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where operators leave the first-ingress time, the last-egress time and the egress count of the
 * run in progress. Static on purpose: the MiniCluster runs in this JVM and its user-code class
 * loader has no jars of its own, so job classes resolve to this very class and share its fields
 * with {@code main}. (Were that ever not so, the count check would catch it: the count would be 0.)
 */
final class Probe {

  private static final long UNSET = Long.MIN_VALUE;

  private static final AtomicLong firstIngressNanos = new AtomicLong(UNSET);
  private static final AtomicLong lastEgressNanos = new AtomicLong(UNSET);
  private static final AtomicLong egressCount = new AtomicLong();

  private Probe() {}

  static void reset() {
    firstIngressNanos.set(UNSET);
    lastEgressNanos.set(UNSET);
    egressCount.set(0);
  }

  /**
   * Called for every ingress record; only the first call of a run writes. The plain volatile read
   * keeps the cost per record at a load, without contention between the source subtasks.
   */
  static void markIngress() {
    if (firstIngressNanos.get() == UNSET) {
      firstIngressNanos.compareAndSet(UNSET, System.nanoTime());
    }
  }

  /** Called once per sink writer, when it closes, with what it saw. */
  static void egressWriterClosed(long count, long lastRecordNanos) {
    egressCount.addAndGet(count);
    if (count > 0) {
      lastEgressNanos.accumulateAndGet(lastRecordNanos, Math::max);
    }
  }

  /** When the run's first ingress record arrived, {@code Long.MIN_VALUE} before that. */
  static long firstIngressNanos() {
    return firstIngressNanos.get();
  }

  static long egressCount() {
    return egressCount.get();
  }

  /** From the first ingress record to the last egress record, or -1 when either is missing. */
  static long elapsedNanos() {
    long first = firstIngressNanos.get();
    long last = lastEgressNanos.get();
    return first == UNSET || last == UNSET ? -1 : last - first;
  }
}
