package org.statefun.core.metrics;

import java.util.HashMap;
import java.util.Map;
import org.statefun.sdk.metrics.Counter;
import org.statefun.sdk.metrics.Metrics;

/**
 * {@link Metrics} kept in memory and reported nowhere; for tests, and the base of {@link
 * FlinkMetrics}. Counter names are checked as the runtime checks them.
 */
public class LocalMetrics implements Metrics {

  private final Map<String, UserCounter> counters = new HashMap<>();

  @Override
  public final Counter counter(String name) {
    UserCounter counter = counters.get(name);
    if (counter == null) {
      checkName(name);
      counter = new UserCounter();
      register(name, counter);
      counters.put(name, counter);
    }
    return counter;
  }

  /** Reports a new counter; nothing here. */
  protected void register(String name, UserCounter counter) {}

  /** The counters created so far, by name. */
  public final Map<String, Long> counts() {
    Map<String, Long> counts = new HashMap<>();
    counters.forEach((name, counter) -> counts.put(name, counter.count()));
    return counts;
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("A metric name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!ok) {
        throw new IllegalArgumentException(
            "Metric name '"
                + name
                + "' has the character '"
                + c
                + "'; use letters, digits, '_' and '-'");
      }
    }
  }
}
