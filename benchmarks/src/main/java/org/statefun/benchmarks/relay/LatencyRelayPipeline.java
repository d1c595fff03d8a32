package org.statefun.benchmarks.relay;

import java.util.Map;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.translation.UniverseTranslator;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.Context;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * The relay of {@link RelayPipeline} (default {@link RelayLogic}) fed by a {@link StampedSource}:
 * {@code bench/a} counts and forwards the record's creation time to {@code bench/b}, which counts
 * and emits it to a {@link LatencySink}.
 */
final class LatencyRelayPipeline implements Pipeline {

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final IngressIdentifier<Tuple2<Long, Long>> STAMPED =
      new IngressIdentifier(Tuple2.class, "bench", "stamped");

  private static final EgressIdentifier<Long> CREATED =
      new EgressIdentifier<>(Long.class, "bench", "created");

  private final double rate;
  private final long warmupNanos;

  LatencyRelayPipeline(double rate, long warmupNanos) {
    this.rate = rate;
    this.warmupNanos = warmupNanos;
  }

  @Override
  public String name() {
    return "relay";
  }

  @Override
  public long egressRecords(long records) {
    return records;
  }

  @Override
  public void define(StreamExecutionEnvironment env, long records) {
    RelayLogic logic = RelayLogic.DEFAULT;
    UniverseTranslator.translate(
        env,
        new UniverseBuilder()
            .addModule(
                "bench-latency",
                (config, binder) -> {
                  binder.bindIngress(
                      new SourceIngressSpec<>(STAMPED, StampedSource.create(records, rate)));
                  binder.bindIngressRouter(
                      STAMPED,
                      (stamped, downstream) -> {
                        Probe.markIngress();
                        downstream.forward(
                            RelayPipeline.A, Long.toString(logic.firstHop(stamped.f0)), stamped.f1);
                      });
                  binder.bindFunctionProvider(
                      RelayPipeline.A, type -> new CountAndForwardTime(logic));
                  binder.bindFunctionProvider(RelayPipeline.B, type -> new CountAndEmitTime());
                  binder.bindEgress(new SinkEgressSpec<>(CREATED, new LatencySink(warmupNanos)));
                },
                Map.of())
            .build());
  }

  /** {@code bench/a}: count, then pass the creation time on to {@code bench/b}. */
  static final class CountAndForwardTime implements StatefulFunction {
    @Persisted private final PersistedValue<Long> count = PersistedValue.of("count", Long.class);
    private final RelayLogic logic;

    CountAndForwardTime(RelayLogic logic) {
      this.logic = logic;
    }

    @Override
    public void invoke(Context context, Object createdNanos) {
      count.updateAndGet(LatencyRelayPipeline::increment);
      long next = logic.secondHop(Long.parseLong(context.self().id()), 0);
      context.send(RelayPipeline.B, Long.toString(next), createdNanos);
    }
  }

  /** {@code bench/b}: count, then emit the creation time. */
  static final class CountAndEmitTime implements StatefulFunction {
    @Persisted private final PersistedValue<Long> count = PersistedValue.of("count", Long.class);

    @Override
    public void invoke(Context context, Object createdNanos) {
      count.updateAndGet(LatencyRelayPipeline::increment);
      context.send(CREATED, (Long) createdNanos);
    }
  }

  private static Long increment(Long current) {
    return current == null ? 1 : current + 1;
  }
}
