package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.core.universe.Universe;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

class SmokeIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

  static final FunctionType A = new FunctionType("smoke", "a");
  static final FunctionType B = new FunctionType("smoke", "b");
  static final IngressIdentifier<Long> IN = new IngressIdentifier<>(Long.class, "smoke", "in");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "smoke", "out");

  static final class FnA implements StatefulFunction {
    @Persisted final PersistedValue<Long> count = PersistedValue.of("count", Long.class);

    @Override
    public void invoke(Context context, Object message) {
      long c = count.updateAndGet(v -> v == null ? 1 : v + 1);
      long id = Long.parseLong(context.self().id());
      context.send(B, Long.toString((id * 31 + 7) % 100), c);
    }
  }

  static final class FnB implements StatefulFunction {
    @Persisted final PersistedValue<Long> count = PersistedValue.of("count", Long.class);

    @Override
    public void invoke(Context context, Object message) {
      long c = count.updateAndGet(v -> v == null ? 1 : v + 1);
      context.send(OUT, context.self().id() + ":" + c);
    }
  }

  @Test
  void relay() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("smoke");
    Universe universe =
        new UniverseBuilder()
            .addModule(
                "smoke",
                (config, binder) -> {
                  binder.bindIngress(
                      new SourceIngressSpec<>(IN, new NumberSequenceSource(0, 9_999)));
                  binder.bindIngressRouter(
                      IN, (v, down) -> down.forward(A, Long.toString(v % 100), v));
                  binder.bindFunctionProvider(A, t -> new FnA());
                  binder.bindFunctionProvider(B, t -> new FnB());
                  binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
                },
                Map.of())
            .build();
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            MiniClusters.checkpointed(Duration.ofMillis(200)));
    env.setParallelism(2);
    UniverseTranslator.translate(env, universe);
    env.execute("smoke");
    assertThat(sink.size()).isEqualTo(10_000);
    Map<String, Long> maxPerId =
        sink.results().stream()
            .collect(
                Collectors.toMap(
                    s -> s.split(":")[0], s -> Long.parseLong(s.split(":")[1]), Math::max));
    assertThat(maxPerId).hasSize(100);
    assertThat(maxPerId.values()).allMatch(v -> v == 100L);
  }
}
