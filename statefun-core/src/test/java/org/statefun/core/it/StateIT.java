package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.state.Expiration;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

/**
 * Every kind of persisted state, written in one invocation and read in later ones, per address; and
 * TTL expiry.
 */
class StateIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "state", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "state", "out");
  static final FunctionType KINDS = new FunctionType("state", "kinds");
  static final FunctionType TTL = new FunctionType("state", "ttl");

  /** A record as a state value: stored through Flink's type system. */
  record Profile(String name, int level) {}

  /** Three steps per address, each in its own invocation (self-messages), to prove persistence. */
  static final class Kinds implements StatefulFunction {
    @Persisted final PersistedValue<Profile> profile = PersistedValue.of("profile", Profile.class);
    @Persisted final PersistedValue<Integer> counter = PersistedValue.of("counter", Integer.class);

    @Persisted
    final PersistedTable<String, Long> table = PersistedTable.of("table", String.class, Long.class);

    @Persisted
    final PersistedAppendingBuffer<String> buffer =
        PersistedAppendingBuffer.of("buffer", String.class);

    @Override
    public void invoke(Context context, Object message) {
      String id = context.self().id();
      if (message instanceof Long n) {
        profile.set(new Profile("p" + n, n.intValue()));
        counter.set(n.intValue());
        table.set("a", n);
        table.set("b", n * 10);
        table.set("c", n * 100);
        buffer.append("x" + n);
        buffer.appendAll(List.of("y" + n, "z" + n));
        context.send(context.self(), "step2");
      } else if ("step2".equals(message)) {
        counter.updateAndGet(c -> c + 1000);
        table.remove("b");
        table.set("a", table.get("a") + 1);
        buffer.append("w");
        context.send(context.self(), "step3");
      } else {
        Map<String, Long> entries = new TreeMap<>();
        table.entries().forEach(e -> entries.put(e.getKey(), e.getValue()));
        List<String> keys = new ArrayList<>();
        table.keys().forEach(keys::add);
        List<Long> values = new ArrayList<>();
        table.values().forEach(values::add);
        List<String> view = new ArrayList<>();
        buffer.view().forEach(view::add);
        context.send(
            OUT,
            id
                + " profile="
                + profile.get()
                + " counter="
                + counter.get()
                + " table="
                + entries
                + " keys="
                + keys.size()
                + " values="
                + values.stream().mapToLong(Long::longValue).sum()
                + " buffer="
                + view
                + " missing="
                + table.get("b")
                + "/"
                + counter.getOrDefault(-1));
        buffer.replaceWith(List.of("only"));
        counter.clear();
        table.clear();
        List<String> after = new ArrayList<>();
        buffer.view().forEach(after::add);
        context.send(
            OUT,
            id
                + " after clear: counter="
                + counter.get()
                + " table empty="
                + !table.keys().iterator().hasNext()
                + " buffer="
                + after);
      }
    }
  }

  @Test
  void everyStateKindPersistsPerAddress() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("state-kinds");
    Jobs.run(
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 20)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(KINDS, "k" + n, n));
          binder.bindFunctionProvider(KINDS, t -> new Kinds());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        },
        2,
        MiniClusters.checkpointed(Duration.ofMillis(300)));
    List<String> expected = new ArrayList<>();
    for (long n = 1; n <= 20; n++) {
      expected.add(
          "k"
              + n
              + " profile=Profile[name=p"
              + n
              + ", level="
              + n
              + "] counter="
              + (n + 1000)
              + " table={a="
              + (n + 1)
              + ", c="
              + (n * 100)
              + "} keys=2 values="
              + (n + 1 + n * 100)
              + " buffer=[x"
              + n
              + ", y"
              + n
              + ", z"
              + n
              + ", w] missing=null/"
              + (n + 1000));
      expected.add("k" + n + " after clear: counter=null table empty=true buffer=[only]");
    }
    assertThat(sink.results()).containsExactlyInAnyOrderElementsOf(expected);
  }

  /**
   * Writes a value that expires 200 ms after writing and one that never expires, then reads both
   * 1.5 s later (a delayed self-message). A table and a buffer with TTL expire the same way.
   */
  static final class Ttl implements StatefulFunction {
    @Persisted
    final PersistedValue<String> shortLived =
        PersistedValue.of(
            "short", String.class, Expiration.expireAfterWriting(Duration.ofMillis(200)));

    @Persisted final PersistedValue<String> durable = PersistedValue.of("durable", String.class);

    @Persisted
    final PersistedTable<String, String> table =
        PersistedTable.of(
            "table",
            String.class,
            String.class,
            Expiration.expireAfterReadingOrWriting(Duration.ofMillis(200)));

    @Persisted
    final PersistedAppendingBuffer<String> buffer =
        PersistedAppendingBuffer.of(
            "buffer", String.class, Expiration.expireAfterWriting(Duration.ofMillis(200)));

    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long n) {
        shortLived.set("s" + n);
        durable.set("d" + n);
        table.set("k", "v" + n);
        buffer.append("b" + n);
        context.send(
            OUT,
            context.self().id()
                + " fresh: "
                + shortLived.get()
                + " "
                + durable.get()
                + " "
                + table.get("k")
                + " "
                + buffer.view().iterator().hasNext());
        context.sendAfter(Duration.ofMillis(1500), context.self(), "check");
      } else {
        context.send(
            OUT,
            context.self().id()
                + " later: "
                + shortLived.get()
                + " "
                + durable.get()
                + " "
                + table.get("k")
                + " "
                + buffer.view().iterator().hasNext());
      }
    }
  }

  @Test
  void expiredStateReadsAsAbsent() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("state-ttl");
    Jobs.run(
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(1, 6)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(TTL, "t" + n, n));
          binder.bindFunctionProvider(TTL, t -> new Ttl());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        },
        2,
        MiniClusters.checkpointed(Duration.ofMillis(300)));
    List<String> expected = new ArrayList<>();
    for (long n = 1; n <= 6; n++) {
      expected.add("t" + n + " fresh: s" + n + " d" + n + " v" + n + " true");
      expected.add("t" + n + " later: null d" + n + " null false");
    }
    assertThat(sink.results()).containsExactlyInAnyOrderElementsOf(expected);
  }
}
