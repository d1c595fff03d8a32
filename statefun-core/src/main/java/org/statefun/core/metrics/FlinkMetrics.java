package org.statefun.core.metrics;

import java.util.Set;
import org.apache.flink.metrics.MetricGroup;
import org.statefun.sdk.metrics.Metrics;

/**
 * The {@link Metrics} of one function type on one subtask, reported through Flink: each counter is
 * a metric of the function type's group ({@code function=<namespace/name>}), next to the runtime's
 * own metrics of the type, whose names it cannot take.
 */
public final class FlinkMetrics extends LocalMetrics {

  /** The key of the group of each function type; its value is {@code namespace/name}. */
  public static final String FUNCTION_GROUP = "function";

  /** The names of the runtime's metrics in a function type's group. */
  public static final Set<String> RUNTIME_NAMES =
      Set.of(
          "messagesIn",
          "messagesOutLocal",
          "messagesOutLoop",
          "messagesOutEgress",
          "delayedMessagesPending",
          "asyncOperationsInFlight",
          "invocationTimeNanos");

  private final MetricGroup group;

  /**
   * @param group the group of the function type
   */
  public FlinkMetrics(MetricGroup group) {
    this.group = group;
  }

  @Override
  protected void register(String name, UserCounter counter) {
    if (RUNTIME_NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "Metric name '"
              + name
              + "' is taken by the runtime's own metric of the function type; choose another");
    }
    group.counter(name, counter);
  }
}
