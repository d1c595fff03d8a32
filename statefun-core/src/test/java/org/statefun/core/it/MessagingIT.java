package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.testing.Multisets;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Function-to-function messaging where most messages cross subtasks: every origin travels through
 * {@value #HOPS} hops before it reaches a collector. Each hop reports its running count, so the
 * egress shows exactly how often each address ran: loss or duplication anywhere changes it.
 */
class MessagingIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

  static final int ORIGINS = 20_000;
  static final int HOPS = 4;
  static final int HOP_IDS = 97;
  static final int COLLECTOR_IDS = 13;

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "msg", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "msg", "out");
  static final FunctionType HOP = new FunctionType("msg", "hop");
  static final FunctionType COLLECTOR = new FunctionType("msg", "collector");

  /** A message travelling from address to address. */
  record Hop(long origin, int remaining) {}

  static String firstHop(long origin) {
    return "h" + (origin % HOP_IDS);
  }

  static String nextHop(String current, long origin, int remaining) {
    int n = Integer.parseInt(current.substring(1));
    return "h" + ((n * 31L + origin * 7 + remaining) % HOP_IDS);
  }

  static final class HopFn implements StatefulFunction {
    @Persisted final PersistedValue<Long> count = PersistedValue.of("count", Long.class);

    @Override
    public void invoke(Context context, Object message) {
      Hop hop = (Hop) message;
      long c = count.updateAndGet(v -> v == null ? 1L : v + 1);
      context.send(OUT, context.self().id() + "#" + c);
      if (hop.remaining() > 0) {
        context.send(
            HOP,
            nextHop(context.self().id(), hop.origin(), hop.remaining()),
            new Hop(hop.origin(), hop.remaining() - 1));
      } else {
        context.send(COLLECTOR, "c" + hop.origin() % COLLECTOR_IDS, hop.origin());
      }
    }
  }

  static final class CollectorFn implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      context.send(OUT, "done " + message);
    }
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {2, 4})
  void everyMessageArrivesOnce(int parallelism) throws Exception {
    CollectingSink<String> sink = CollectingSink.named("messaging-" + parallelism);
    Jobs.run(
        (config, binder) -> {
          binder.bindIngress(
              new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, ORIGINS - 1)));
          binder.bindIngressRouter(
              NUMBERS, (n, down) -> down.forward(HOP, firstHop(n), new Hop(n, HOPS)));
          binder.bindFunctionProvider(HOP, t -> new HopFn());
          binder.bindFunctionProvider(COLLECTOR, t -> new CollectorFn());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        },
        parallelism,
        MiniClusters.checkpointed(Duration.ofMillis(200)));

    Map<String, Integer> invocations = new HashMap<>();
    int crossing = 0;
    int sends = 0;
    for (long origin = 0; origin < ORIGINS; origin++) {
      String id = firstHop(origin);
      for (int remaining = HOPS; ; remaining--) {
        invocations.merge(id, 1, Integer::sum);
        String next = remaining > 0 ? nextHop(id, origin, remaining) : "c" + origin % COLLECTOR_IDS;
        sends++;
        if (owner(id, parallelism) != owner(next, parallelism)) {
          crossing++;
        }
        if (remaining == 0) {
          break;
        }
        id = next;
      }
    }
    // The test only means something if the loop carries most messages.
    assertThat((double) crossing / sends).isGreaterThan(parallelism == 2 ? 0.4 : 0.6);

    List<String> expected = new ArrayList<>();
    invocations.forEach(
        (id, count) -> {
          for (int c = 1; c <= count; c++) {
            expected.add(id + "#" + c);
          }
        });
    for (long origin = 0; origin < ORIGINS; origin++) {
      expected.add("done " + origin);
    }
    assertThat(expected).hasSize(ORIGINS * (HOPS + 2));
    Multisets.assertSameElements(sink.results(), expected);
  }

  private static int owner(String id, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
        id, KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism), parallelism);
  }
}
