package org.statefun.core.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.universe.Universe;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;

/** The shape of the translated dataflow: chaining, co-location, fixed UIDs, rejected options. */
class TranslationTest {

  static final IngressIdentifier<Long> IN = new IngressIdentifier<>(Long.class, "t", "in");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "t", "out");
  static final FunctionType FN = new FunctionType("t", "fn");

  private static Universe universe() {
    return new UniverseBuilder()
        .addModule(
            "m",
            (config, binder) -> {
              binder.bindIngress(new SourceIngressSpec<>(IN, new NumberSequenceSource(0, 1)));
              binder.bindIngressRouter(IN, (n, down) -> down.forward(FN, "x", n));
              binder.bindFunctionProvider(FN, t -> (context, message) -> {});
              binder.bindEgress(new SinkEgressSpec<>(OUT, CollectingSink.<String>named("translation")));
            },
            Map.of())
        .build();
  }

  private static StreamExecutionEnvironment translated(Configuration conf) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(3);
    UniverseTranslator.translate(env, universe());
    return env;
  }

  @Test
  void headIsChainedToFunctionsAndCoLocatedWithTheTail() {
    JobGraph job = translated(new Configuration()).getStreamGraph().getJobGraph();
    List<JobVertex> vertices = StreamSupport.stream(job.getVertices().spliterator(), false).toList();
    JobVertex functions =
        vertices.stream().filter(v -> v.getName().contains("statefun head")).findFirst().orElseThrow();
    JobVertex tail =
        vertices.stream().filter(v -> v.getName().contains("statefun tail")).findFirst().orElseThrow();
    JobVertex ingress =
        vertices.stream().filter(v -> v.getName().contains("ingress t/in")).findFirst().orElseThrow();

    assertThat(functions.getName()).contains("statefun head", "statefun functions", "egress t/out");
    assertThat(ingress.getName()).contains("router t/in");
    assertThat(tail).isNotSameAs(functions);
    assertThat(functions.getCoLocationGroup()).isNotNull().isSameAs(tail.getCoLocationGroup());
    assertThat(functions.getParallelism()).isEqualTo(3).isEqualTo(tail.getParallelism());
  }

  @Test
  void operatorsHaveFixedUids() {
    StreamGraph graph = translated(new Configuration()).getStreamGraph();
    List<String> uids =
        graph.getStreamNodes().stream().map(StreamNode::getTransformationUID).sorted().toList();
    assertThat(uids)
        .containsExactly(
            "statefun-egress-t/out",
            "statefun-feedback-head",
            "statefun-feedback-tail",
            "statefun-functions",
            "statefun-ingress-t/in",
            "statefun-router-t/in");
  }

  @Test
  void unalignedCheckpointsAreRejected() {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    assertThatThrownBy(() -> translated(conf))
        .isInstanceOf(TranslationException.class)
        .hasMessage(
            "execution.checkpointing.unaligned.enabled is true, but messages in the function loop are"
                + " only checkpointed exactly once with aligned checkpoints; set it to false");
  }

  @Test
  void rocksDbWithHeapTimersIsRejectedNamingTheOption() {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", "rocksdb");
    conf.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
    assertThatThrownBy(() -> translated(conf))
        .isInstanceOf(TranslationException.class)
        .hasMessage(
            "state.backend.rocksdb.timer-service.factory is HEAP, but with RocksDB the loop head"
                + " writes in-flight messages into raw keyed state, where heap timers would also have"
                + " to go; remove the option or set it to ROCKSDB");
  }

  @Test
  void batchModeIsRejected() {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    assertThatThrownBy(() -> translated(conf))
        .isInstanceOf(TranslationException.class)
        .hasMessageStartingWith("execution.runtime-mode is BATCH");
  }
}
