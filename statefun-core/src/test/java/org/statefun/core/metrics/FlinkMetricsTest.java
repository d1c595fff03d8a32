package org.statefun.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.metrics.Counter;

class FlinkMetricsTest {

  /** Records what is registered in it. */
  private static final class RecordingGroup extends UnregisteredMetricsGroup {
    final Map<String, Metric> registered = new HashMap<>();

    @Override
    public <C extends org.apache.flink.metrics.Counter> C counter(String name, C counter) {
      registered.put(name, counter);
      return counter;
    }
  }

  @Test
  void aUserCounterIsOneFlinkCounterOfTheTypesGroupReturnedForEveryLookup() {
    RecordingGroup group = new RecordingGroup();
    FlinkMetrics metrics = new FlinkMetrics(group);

    Counter orders = metrics.counter("orders");
    orders.inc();
    orders.inc(5);
    metrics.counter("orders").dec();

    assertThat(metrics.counter("orders")).isSameAs(orders);
    assertThat(orders.count()).isEqualTo(5);
    assertThat(group.registered).containsOnlyKeys("orders");
    assertThat(((org.apache.flink.metrics.Counter) group.registered.get("orders")).getCount())
        .isEqualTo(5);
    assertThat(metrics.counts()).isEqualTo(Map.of("orders", 5L));
  }

  @Test
  void namesAreCheckedAndTheRuntimesNamesAreTaken() {
    FlinkMetrics metrics = new FlinkMetrics(new RecordingGroup());

    assertThatThrownBy(() -> metrics.counter(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A metric name must not be empty");
    assertThatThrownBy(() -> metrics.counter("a.b"))
        .hasMessage("Metric name 'a.b' has the character '.'; use letters, digits, '_' and '-'");
    assertThatThrownBy(() -> metrics.counter("messagesIn"))
        .hasMessageStartingWith("Metric name 'messagesIn' is taken by the runtime's own metric");
    assertThat(metrics.counter("orders_total-2")).isNotNull();
  }
}
