package org.statefun.benchmarks.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the {@link LatencySink}'s writers leave their latencies, for {@code main} to read: static
 * for the same reason as {@link Probe}.
 */
final class LatencyProbe {

  private static final List<long[]> parts = new ArrayList<>();

  private LatencyProbe() {}

  static synchronized void reset() {
    parts.clear();
  }

  static synchronized void add(long[] latencies) {
    parts.add(latencies);
  }

  /** Every latency handed in since the last {@link #reset()}, in nanoseconds, sorted. */
  static synchronized long[] sorted() {
    long[] all = parts.stream().flatMapToLong(Arrays::stream).toArray();
    Arrays.sort(all);
    return all;
  }
}
