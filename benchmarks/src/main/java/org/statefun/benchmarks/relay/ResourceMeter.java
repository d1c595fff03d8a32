package org.statefun.benchmarks.relay;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Process CPU time, peak heap and GC time over one run. The whole JVM is measured — the cluster's
 * own threads (checkpointing, RPC, the termination protocol) are part of what a pipeline costs.
 */
final class ResourceMeter {

  /** What one run used. Peak heap is the sum of each heap pool's own peak: an upper bound. */
  record Usage(long cpuNanos, long peakHeapBytes, long gcMillis) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final long cpuAtStart;
  private final long gcMillisAtStart;

  private ResourceMeter() {
    // Collect the previous run's garbage first, or it would count towards this run's peak.
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    gcMillisAtStart = gcMillis();
    cpuAtStart = OS.getProcessCpuTime();
  }

  static ResourceMeter start() {
    return new ResourceMeter();
  }

  Usage stop() {
    long cpu = OS.getProcessCpuTime() - cpuAtStart;
    long peak = heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    return new Usage(cpu, peak, gcMillis() - gcMillisAtStart);
  }

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .toList();
  }

  private static long gcMillis() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream()
        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
        .sum();
  }
}
