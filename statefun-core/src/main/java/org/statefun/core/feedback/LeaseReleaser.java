package org.statefun.core.feedback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.flink.util.ResourceGuard;

/**
 * Releases the raw keyed state leases of the heads of failing or cancelled tasks. A head holds the
 * lease of a checkpoint's log stream from the barrier until the tail's marker; when its task fails
 * in between, Flink's clean-up cancels that checkpoint first, closing the stream and waiting for
 * its leases, before it closes the operators, and it no longer interrupts the task thread, so the
 * task would wait for itself forever. This daemon watches the tasks of heads with open leases and
 * releases those leases once the task is failing or cancelled.
 */
final class LeaseReleaser {

  private static final long PERIOD_MILLIS = 50;

  private static final Map<ResourceGuard.Lease, BooleanSupplier> WATCHED =
      new ConcurrentHashMap<>();

  private static final ScheduledExecutorService WATCHER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "statefun-feedback-lease-releaser");
            thread.setDaemon(true);
            return thread;
          });

  static {
    WATCHER.scheduleWithFixedDelay(
        LeaseReleaser::releaseEnded, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  private LeaseReleaser() {}

  /** Releases {@code lease} if {@code taskEnding} becomes true before {@link #forget} is called. */
  static void watch(ResourceGuard.Lease lease, BooleanSupplier taskEnding) {
    WATCHED.put(lease, taskEnding);
  }

  /** The head released {@code lease} itself. */
  static void forget(ResourceGuard.Lease lease) {
    WATCHED.remove(lease);
  }

  /** Leases watched now; for tests. */
  static int watched() {
    return WATCHED.size();
  }

  // Lease#close is idempotent and thread-safe: a head closing the same lease later does no harm.
  static void releaseEnded() {
    WATCHED.forEach(
        (lease, taskEnding) -> {
          if (taskEnding.getAsBoolean()) {
            WATCHED.remove(lease);
            lease.close();
          }
        });
  }
}
