package org.statefun.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.ExactlyOnceSink;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.testing.Multisets;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedStateRegistry;
import org.statefun.sdk.state.PersistedValue;

/**
 * Values registered at run time through a {@link PersistedStateRegistry} hold state per address and
 * are registered again after a restore, before any invocation: after the injected failure the
 * function finds its value registered although no code on the new workers registered it.
 */
class DynamicStateIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "dynamic", "numbers");
  static final EgressIdentifier<String> OUT =
      new EgressIdentifier<>(String.class, "dynamic", "out");
  static final FunctionType FN = new FunctionType("dynamic", "fn");
  static final long RECORDS = 800;
  static final int IDS = 10;

  static final AtomicBoolean FAILED = new AtomicBoolean();
  static volatile ExactlyOnceSink sink;

  /**
   * Until the failure, registers "v" and writes the address's number into it; after the failure (on
   * the restored workers) only looks it up. Every record reports what it finds.
   */
  static final class Registering implements StatefulFunction {
    @Persisted final PersistedStateRegistry registry = new PersistedStateRegistry();

    @Override
    @SuppressWarnings("unchecked")
    public void invoke(Context context, Object message) {
      long n = (Long) message;
      if (!FAILED.get()) {
        registry.register(PersistedValue.of("v", Long.class)).set(n % IDS);
        if (sink.commits() >= 3 && FAILED.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure");
        }
      }
      String value =
          registry.get("v").map(v -> String.valueOf(((PersistedValue<Long>) v).get())).orElse("?");
      context.send(OUT, context.self().id() + "=" + value);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"hashmap", "rocksdb"})
  void registrationsSurviveARestore(String backend) throws Exception {
    sink = ExactlyOnceSink.named("dynamic-" + backend);
    FAILED.set(false);
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(100));
    conf.set(StateBackendOptions.STATE_BACKEND, backend);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    DataGeneratorSource<Long> source =
        new DataGeneratorSource<>(
            (GeneratorFunction<Long, Long>) index -> index,
            RECORDS,
            RateLimiterStrategy.perSecond(200),
            Types.LONG);
    ExactlyOnceSink out = sink;
    UniverseTranslator.translate(
        env,
        new UniverseBuilder()
            .addModule(
                "dynamic",
                (config, binder) -> {
                  binder.bindIngress(new SourceIngressSpec<>(NUMBERS, source));
                  binder.bindIngressRouter(
                      NUMBERS, (n, down) -> down.forward(FN, "id" + (n % IDS), n));
                  binder.bindFunctionProvider(FN, t -> new Registering());
                  binder.bindEgress(new SinkEgressSpec<>(OUT, out));
                },
                Map.of())
            .build());
    env.execute("dynamic state " + backend);

    assertThat(FAILED).as("the failure was injected").isTrue();
    List<String> expected = new ArrayList<>();
    for (long n = 0; n < RECORDS; n++) {
      expected.add("id" + n % IDS + "=" + n % IDS);
    }
    Multisets.assertSameElements(out.committed(), expected);
  }
}
