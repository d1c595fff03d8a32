package org.statefun.core.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.runtime.OperatorIDPair;
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
              binder.bindEgress(
                  new SinkEgressSpec<>(OUT, CollectingSink.<String>named("translation")));
            },
            Map.of())
        .build();
  }

  static final IngressIdentifier<Long> IN2 = new IngressIdentifier<>(Long.class, "t", "in2");
  static final EgressIdentifier<Long> OUT2 = new EgressIdentifier<>(Long.class, "t", "out2");

  /** Two ingresses and two egresses: the union, and egresses as several side outputs. */
  private static Universe twoOfEach() {
    return new UniverseBuilder()
        .addModule(
            "m",
            (config, binder) -> {
              binder.bindIngress(new SourceIngressSpec<>(IN, new NumberSequenceSource(0, 1)));
              binder.bindIngress(new SourceIngressSpec<>(IN2, new NumberSequenceSource(0, 1)));
              binder.bindIngressRouter(IN, (n, down) -> down.forward(FN, "x", n));
              binder.bindIngressRouter(IN2, (n, down) -> down.forward(FN, "y", n));
              binder.bindFunctionProvider(FN, t -> (context, message) -> {});
              binder.bindEgress(
                  new SinkEgressSpec<>(OUT, CollectingSink.<String>named("translation")));
              binder.bindEgress(
                  new SinkEgressSpec<>(OUT2, CollectingSink.<Long>named("translation2")));
            },
            Map.of())
        .build();
  }

  /**
   * One line per job vertex, from the sources on: name, parallelism, max parallelism, the uids of
   * its chained operators, whether it is in the loop's co-location group, and its inputs.
   */
  private static List<String> describe(JobGraph job) {
    List<JobVertex> vertices = job.getVerticesSortedTopologicallyFromSources();
    Set<Object> groups =
        vertices.stream()
            .map(JobVertex::getCoLocationGroup)
            .filter(Objects::nonNull)
            .collect(Collectors.toSet());
    assertThat(groups).hasSizeLessThanOrEqualTo(1);
    return vertices.stream()
        .map(
            v ->
                v.getName()
                    + " | parallelism "
                    + v.getParallelism()
                    + "/"
                    + v.getMaxParallelism()
                    + " | uids "
                    + v.getOperatorIDs().stream()
                        .map(OperatorIDPair::getUserDefinedOperatorUid)
                        .toList()
                    + (v.getCoLocationGroup() == null ? "" : " | co-located")
                    + " | inputs "
                    + v.getInputs().stream()
                        .map(
                            e ->
                                e.getSource().getProducer().getName()
                                    + " ("
                                    + e.getShipStrategyName()
                                    + ")")
                        .toList())
        .toList();
  }

  @Test
  void twoIngressesAndTwoEgressesTranslateToTheFixedShape() {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
    env.setParallelism(3);
    UniverseTranslator.translate(env, twoOfEach());
    String loop =
        "statefun head -> statefun functions -> (egress t/out: Writer, egress t/out2: Writer)";
    assertThat(describe(env.getStreamGraph().getJobGraph()))
        .containsExactly(
            "Source: ingress t/in -> router t/in | parallelism 3/-1"
                + " | uids [statefun-router-t/in, statefun-ingress-t/in] | inputs []",
            "Source: ingress t/in2 -> router t/in2 | parallelism 3/-1"
                + " | uids [statefun-router-t/in2, statefun-ingress-t/in2] | inputs []",
            loop
                + " | parallelism 3/128"
                + " | uids [statefun-egress-t/out, statefun-egress-t/out2, statefun-functions, statefun-feedback-head]"
                + " | co-located"
                + " | inputs [Source: ingress t/in -> router t/in (HASH), Source: ingress t/in2 -> router t/in2 (HASH)]",
            "statefun tail | parallelism 3/128 | uids [statefun-feedback-tail] | co-located"
                + " | inputs ["
                + loop
                + " (HASH)]");
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
    List<JobVertex> vertices =
        StreamSupport.stream(job.getVertices().spliterator(), false).toList();
    JobVertex functions =
        vertices.stream()
            .filter(v -> v.getName().contains("statefun head"))
            .findFirst()
            .orElseThrow();
    JobVertex tail =
        vertices.stream()
            .filter(v -> v.getName().contains("statefun tail"))
            .findFirst()
            .orElseThrow();
    JobVertex ingress =
        vertices.stream()
            .filter(v -> v.getName().contains("ingress t/in"))
            .findFirst()
            .orElseThrow();

    assertThat(functions.getName()).contains("statefun head", "statefun functions", "egress t/out");
    assertThat(ingress.getName()).contains("router t/in");
    assertThat(tail).isNotSameAs(functions);
    assertThat(functions.getCoLocationGroup()).isNotNull().isSameAs(tail.getCoLocationGroup());
    assertThat(functions.getParallelism()).isEqualTo(3).isEqualTo(tail.getParallelism());
  }

  @Test
  void eachLoopHasItsOwnChannelAndCoLocationGroup() {
    StreamExecutionEnvironment one = translated(new Configuration());
    StreamExecutionEnvironment other = translated(new Configuration());
    Set<String> groupsOfOne = loopCoLocationGroups(one);
    Set<String> groupsOfOther = loopCoLocationGroups(other);
    assertThat(groupsOfOne).hasSize(1).doesNotContainAnyElementsOf(groupsOfOther);
    assertThat(groupsOfOne.iterator().next()).startsWith("statefun-loop-");
  }

  /** The co-location group keys of the head, functions and tail transformations. */
  private static Set<String> loopCoLocationGroups(StreamExecutionEnvironment env) {
    return env.getTransformations().stream()
        .filter(t -> t.getName().startsWith("statefun "))
        .map(t -> t.getCoLocationGroupKey())
        .collect(Collectors.toSet());
  }

  @Test
  void aSecondUniverseInTheSameEnvironmentIsRejected() {
    StreamExecutionEnvironment env = translated(new Configuration());
    assertThatThrownBy(() -> UniverseTranslator.translate(env, twoOfEach()))
        .isInstanceOf(TranslationException.class)
        .hasMessage(
            "This environment already runs a statefun universe: one job runs one universe; put all"
                + " modules into one universe instead of translating several");
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

  @Test
  void everyUnsupportedSettingIsReportedOneALine() {
    Configuration conf = new Configuration();
    conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    conf.setString("statefun.async.max-per-task", "0");
    assertThatThrownBy(() -> translated(conf))
        .isInstanceOf(TranslationException.class)
        .hasMessage(
            "execution.runtime-mode is BATCH, but stateful functions message each other in a loop,"
                + " which only runs in STREAMING mode; remove the option or set it to STREAMING\n"
                + "statefun.async.max-per-task must be at least 1, got 0");
  }
}
