package org.statefun.benchmarks.relay;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Process CPU time, heap and GC time over one run. The whole JVM is measured — the cluster's own
 * threads (checkpointing, RPC, the termination protocol) and the JIT are part of what a pipeline
 * costs.
 *
 * <p>Two heap figures, because they answer different questions: the peak (sum of each heap pool's
 * own peak, an upper bound) is mostly how far the young generation fills between collections, so it
 * follows the allocation rate and the collector's sizing; the most heap left after any collection
 * is what the run really kept alive (state, buffers, queued messages).
 */
final class ResourceMeter implements AutoCloseable {

  /** What one run used. */
  record Usage(long cpuNanos, long peakHeapBytes, long maxHeapAfterGcBytes, long gcMillis) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Set<String> heapPoolNames =
      heapPools().stream().map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
  private final AtomicLong maxHeapAfterGc = new AtomicLong();
  private final NotificationListener afterGc = this::onGarbageCollection;
  private final long cpuAtStart;
  private final long gcMillisAtStart;

  private ResourceMeter() {
    // Collect the previous run's garbage first, or it would count towards this run's peak.
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    collectors()
        .forEach(gc -> ((NotificationEmitter) gc).addNotificationListener(afterGc, null, null));
    gcMillisAtStart = gcMillis();
    cpuAtStart = OS.getProcessCpuTime();
  }

  static ResourceMeter start() {
    return new ResourceMeter();
  }

  Usage stop() {
    long cpu = OS.getProcessCpuTime() - cpuAtStart;
    long peak = heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return new Usage(cpu, peak, maxHeapAfterGc.get(), gcMillis() - gcMillisAtStart);
  }

  @Override
  public void close() throws ListenerNotFoundException {
    for (GarbageCollectorMXBean gc : collectors()) {
      ((NotificationEmitter) gc).removeNotificationListener(afterGc);
    }
  }

  private void onGarbageCollection(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    Map<String, MemoryUsage> after =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
            .getGcInfo()
            .getMemoryUsageAfterGc();
    long heap =
        after.entrySet().stream()
            .filter(pool -> heapPoolNames.contains(pool.getKey()))
            .mapToLong(pool -> pool.getValue().getUsed())
            .sum();
    maxHeapAfterGc.accumulateAndGet(heap, Math::max);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  private static List<GarbageCollectorMXBean> collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans();
  }

  private static long gcMillis() {
    return collectors().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
  }
}
