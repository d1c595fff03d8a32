package org.statefun.benchmarks.relay;

import java.util.Map;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
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

/**
 * The relay as stateful functions: router → {@code bench/a} → {@code bench/b} (fan-out times) →
 * egress, addressed by a {@link RelayLogic}.
 */
final class RelayPipeline implements Pipeline {

  static final FunctionType A = new FunctionType("bench", "a");
  static final FunctionType B = new FunctionType("bench", "b");
  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "bench", "numbers");
  static final EgressIdentifier<Long> COUNTS =
      new EgressIdentifier<>(Long.class, "bench", "counts");

  private final RelayLogic logic;

  RelayPipeline(RelayLogic logic) {
    this.logic = logic;
  }

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public long egressRecords(long records) {
    return logic.egressRecords(records);
  }

  @Override
  public void define(StreamExecutionEnvironment env, long records) {
    RelayLogic logic = this.logic;
    Universe universe =
        new UniverseBuilder()
            .addModule(
                "bench",
                (config, binder) -> {
                  binder.bindIngress(
                      new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, records - 1)));
                  binder.bindIngressRouter(
                      NUMBERS,
                      (value, downstream) -> {
                        Probe.markIngress();
                        downstream.forward(A, Long.toString(logic.firstHop(value)), value);
                      });
                  binder.bindFunctionProvider(A, type -> new CountAndForward(logic));
                  binder.bindFunctionProvider(B, type -> new CountAndEmit());
                  binder.bindEgress(new SinkEgressSpec<>(COUNTS, new CountingSink<>()));
                },
                Map.of())
            .build();
    UniverseTranslator.translate(env, universe);
  }

  /** {@code bench/a}: count, then pass the count on to fan-out instances of {@code bench/b}. */
  static final class CountAndForward implements StatefulFunction {
    @Persisted private final PersistedValue<Long> count = PersistedValue.of("count", Long.class);
    private final RelayLogic logic;

    CountAndForward(RelayLogic logic) {
      this.logic = logic;
    }

    @Override
    public void invoke(Context context, Object message) {
      long updated = count.updateAndGet(RelayPipeline::increment);
      long id = Long.parseLong(context.self().id());
      for (int j = 0; j < logic.fanOut(); j++) {
        context.send(B, Long.toString(logic.secondHop(id, j)), updated);
      }
    }
  }

  /** {@code bench/b}: count, then emit one record to the egress. */
  static final class CountAndEmit implements StatefulFunction {
    @Persisted private final PersistedValue<Long> count = PersistedValue.of("count", Long.class);

    @Override
    public void invoke(Context context, Object message) {
      context.send(COUNTS, count.updateAndGet(RelayPipeline::increment));
    }
  }

  private static Long increment(Long current) {
    return current == null ? 1 : current + 1;
  }
}
