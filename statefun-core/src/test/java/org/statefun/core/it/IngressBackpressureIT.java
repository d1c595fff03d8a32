package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.config.StatefunOptions;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Every ingress record causes more local work than one batch runs. The head holds each record back
 * until the queued work is below one batch, so Flink's backpressure reaches the source and the
 * queue stays small: it never spills. Without holding back, the queue grows with every record.
 */
class IngressBackpressureIT {

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2, METRICS);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "bp", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "bp", "out");
  static final FunctionType FAN = new FunctionType("bp", "fan");
  static final FunctionType LEAF = new FunctionType("bp", "leaf");
  static final long RECORDS = 3000;
  static final int FAN_OUT = 200;

  static final class Leaf implements org.statefun.sdk.StatefulFunction {
    @Persisted final PersistedValue<Integer> seen = PersistedValue.of("seen", Integer.class);

    @Override
    public void invoke(org.statefun.sdk.Context context, Object message) {
      if (seen.updateAndGet(n -> n == null ? 1 : n + 1) == FAN_OUT) {
        context.send(OUT, "done " + context.self().id());
      }
    }
  }

  static StatefulFunctionModule module(CollectingSink<String> sink) {
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, RECORDS)));
      binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(FAN, "r" + n, n));
      binder.bindFunctionProvider(
          FAN,
          t ->
              (context, message) -> {
                for (int i = 0; i < FAN_OUT; i++) {
                  context.send(LEAF, context.self().id(), "leaf " + i);
                }
              });
      binder.bindFunctionProvider(LEAF, t -> new Leaf());
      binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
    };
  }

  @Test
  void ingressRecordsWaitForQueuedWorkSoTheQueueNeverSpills() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("backpressure");
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(200));
    conf.set(StatefunOptions.DISPATCH_BATCH_SIZE, 50);
    conf.set(StatefunOptions.DISPATCH_QUEUE_MEMORY_SIZE, MemorySize.parse("64kb"));
    JobID job = Jobs.environment(module(sink), 2, conf).execute("backpressure").getJobID();

    assertThat(sink.results())
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, RECORDS).mapToObj(n -> "done r" + n).toList());
    assertThat(MiniClusters.sumOfMetric(METRICS, job, "statefunQueueSpilledBytes")).isZero();
  }
}
