package org.statefun.core.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * The documented policy for a savepoint restored after a function type was removed: messages still
 * addressed to it are dropped, each logged with its address and counted in the {@code
 * statefunDroppedMessages} metric, and the job goes on.
 */
class RemovedFunctionTypeIT {

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2, METRICS);

  static final IngressIdentifier<Long> IN = new IngressIdentifier<>(Long.class, "rm", "in");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "rm", "out");
  static final FunctionType SCHEDULER = new FunctionType("rm", "scheduler");
  static final FunctionType REMOVED = new FunctionType("rm", "removed");

  private static StatefulFunctionModule module(
      CollectingSink<String> sink, boolean withRemovedType) {
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(IN, new NumberSequenceSource(1, 10)));
      binder.bindIngressRouter(IN, (n, down) -> down.forward(SCHEDULER, "s" + n, n));
      binder.bindFunctionProvider(
          SCHEDULER,
          t ->
              (context, message) -> {
                context.sendAfter(
                    Duration.ofSeconds(3), new Address(REMOVED, "r" + message), "later");
                context.send(OUT, "scheduled " + message);
              });
      if (withRemovedType) {
        binder.bindFunctionProvider(
            REMOVED, t -> (context, message) -> context.send(OUT, "delivered"));
      }
      binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
    };
  }

  @Test
  void messagesToARemovedTypeAreDroppedAndReported(@TempDir Path savepoints) throws Exception {
    CollectingSink<String> sink = CollectingSink.named("removed-type");
    StreamExecutionEnvironment before =
        StreamExecutionEnvironment.getExecutionEnvironment(
            MiniClusters.checkpointed(Duration.ofMillis(200)));
    before.setParallelism(2);
    UniverseTranslator.translate(
        before, new UniverseBuilder().addModule("m", module(sink, true), Map.of()).build());
    JobClient client = before.executeAsync("before removing a type");
    Deadline.waitUntil(() -> sink.size() == 10, Duration.ofMinutes(1));
    String savepoint =
        client
            .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
            .get(1, TimeUnit.MINUTES);

    Configuration restore = MiniClusters.checkpointed(Duration.ofMillis(200));
    restore.set(
        org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTING_TIMEOUT,
        Duration.ofSeconds(20));
    restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
    StreamExecutionEnvironment after = StreamExecutionEnvironment.getExecutionEnvironment(restore);
    after.setParallelism(2);
    UniverseTranslator.translate(
        after, new UniverseBuilder().addModule("m", module(sink, false), Map.of()).build());
    JobID job = after.execute("after removing a type").getJobID();

    assertThat(MiniClusters.sumOfMetric(METRICS, job, "statefunDroppedMessages")).isEqualTo(10);
    assertThat(sink.results()).doesNotContain("delivered").hasSize(10);
  }
}
