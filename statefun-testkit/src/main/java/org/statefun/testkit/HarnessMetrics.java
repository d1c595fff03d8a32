package org.statefun.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.statefun.sdk.metrics.Counter;
import org.statefun.sdk.metrics.Metrics;

/** The user metrics of the harnessed function type: counters in memory, read by the test. */
final class HarnessMetrics implements Metrics {

  private final Map<String, HarnessCounter> counters = new LinkedHashMap<>();

  @Override
  public Counter counter(String name) {
    if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "A counter name has letters, digits, '_', '-' and '.' and is not empty: '" + name + "'");
    }
    return counters.computeIfAbsent(name, n -> new HarnessCounter());
  }

  /** The count of counter {@code name}; 0 for a counter the function never asked for. */
  long count(String name) {
    HarnessCounter counter = counters.get(name);
    return counter == null ? 0 : counter.count();
  }

  private static final class HarnessCounter implements Counter {
    private long count;

    @Override
    public void inc() {
      count++;
    }

    @Override
    public void inc(long n) {
      count += n;
    }

    @Override
    public void dec() {
      count--;
    }

    @Override
    public void dec(long n) {
      count -= n;
    }

    @Override
    public long count() {
      return count;
    }
  }
}
