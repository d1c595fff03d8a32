package org.statefun.core.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.ExactlyOnceSink;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.testing.Multisets;
import org.statefun.core.universe.Universe;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * No message is lost or duplicated through a failure in the middle of heavy loop traffic, with
 * delayed messages, cancellations and async operations in flight, on both state backends. The
 * same scenario without replaying the feedback log loses messages, which shows the test is sharp.
 */
class ExactlyOnceIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

  static final IngressIdentifier<Long> ROOTS = new IngressIdentifier<>(Long.class, "eo", "roots");
  static final long SEED = 42;
  static final int ADDRESSES = 1200;
  static final long RECORDS = 6000;

  /** Failure control shared with the functions (the MiniCluster runs in this JVM). */
  static final AtomicBoolean FAILED = new AtomicBoolean();
  static volatile ExactlyOnceSink currentSink;

  private static Universe universe(ExactlyOnceSink sink, long recordsPerSecond, CommandTrees.FailureTrigger trigger) {
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(
            (GeneratorFunction<Long, Long>) index -> index,
            RECORDS,
            RateLimiterStrategy.perSecond(recordsPerSecond),
            Types.LONG);
    return new UniverseBuilder()
        .addModule(
            "command-trees",
            (config, binder) -> {
              binder.bindIngress(new SourceIngressSpec<>(ROOTS, source));
              binder.bindIngressRouter(
                  ROOTS,
                  (i, down) ->
                      down.forward(CommandTrees.FN, CommandTrees.root(i, ADDRESSES), CommandTrees.tree(SEED, i, ADDRESSES)));
              binder.bindFunctionProvider(CommandTrees.FN, t -> new CommandTrees.Interpreter(trigger));
              binder.bindEgress(new SinkEgressSpec<>(CommandTrees.COUNTS, sink));
            },
            Map.of())
        .build();
  }

  /** Fail once, after the sink has committed a few checkpoints: mid-stream with a busy loop. */
  static boolean failOnceAfterCheckpoints() {
    ExactlyOnceSink sink = currentSink;
    return sink != null && sink.commits() >= 6 && FAILED.compareAndSet(false, true);
  }

  private static Configuration configuration(String backend) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(200));
    conf.set(StateBackendOptions.STATE_BACKEND, backend);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    return conf;
  }

  private static ExactlyOnceSink runWithFailure(String backend, UniverseTranslator.Safeguards safeguards, String name)
      throws Exception {
    ExactlyOnceSink sink = ExactlyOnceSink.named(name);
    currentSink = sink;
    FAILED.set(false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(backend));
    env.setParallelism(2);
    UniverseTranslator.translate(env, universe(sink, 2000, ExactlyOnceIT::failOnceAfterCheckpoints), safeguards);
    env.execute("exactly-once " + name);
    assertThat(FAILED).as("the failure was injected").isTrue();
    return sink;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void everyAddressCountsExactlyItsExpectedNumberThroughAFailure(String backend) throws Exception {
    ExactlyOnceSink sink = runWithFailure(backend, UniverseTranslator.Safeguards.ALL, "eo-" + backend);
    Multisets.assertSameElements(sink.committed(), CommandTrees.expectedReports(SEED, RECORDS, ADDRESSES));
  }

  @Test
  void withoutReplayingTheLogTheSameScenarioLosesMessages() throws Exception {
    ExactlyOnceSink sink =
        runWithFailure("hashmap", new UniverseTranslator.Safeguards(true, false), "eo-no-replay");
    List<String> expected = CommandTrees.expectedReports(SEED, RECORDS, ADDRESSES);
    Map<String, Integer> reported = new HashMap<>();
    sink.committed().forEach(r -> reported.merge(r, 1, Integer::sum));
    long missing = expected.stream().filter(r -> !reported.containsKey(r)).count();
    assertThat(missing).as("counts lost without the feedback log").isGreaterThan(0);
  }
}
