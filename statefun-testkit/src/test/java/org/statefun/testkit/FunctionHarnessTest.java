package org.statefun.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.state.Expiration;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedAppendingBuffer;
import org.statefun.sdk.state.PersistedStateRegistry;
import org.statefun.sdk.state.PersistedTable;
import org.statefun.sdk.state.PersistedValue;

class FunctionHarnessTest {

  static final FunctionType FN = new FunctionType("test", "fn");
  static final FunctionType OTHER = new FunctionType("test", "other");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "test", "out");

  /** Keeps every kind of state; what it does depends on the message. */
  static final class AllStates implements StatefulFunction {
    @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

    @Persisted
    final PersistedTable<String, Integer> words =
        PersistedTable.of("words", String.class, Integer.class);

    @Persisted
    final PersistedAppendingBuffer<String> log = PersistedAppendingBuffer.of("log", String.class);

    @Override
    public void invoke(Context context, Object message) {
      String word = (String) message;
      count.updateAndGet(c -> c == null ? 1 : c + 1);
      words.set(word, words.get(word) == null ? 1 : words.get(word) + 1);
      log.append(word);
    }
  }

  @Test
  void userCountersAreReadByName() throws Exception {
    FunctionHarness harness =
        FunctionHarness.of(
            (context, message) -> {
              context.metrics().counter("seen").inc();
              if (message.equals("skip")) {
                context.metrics().counter("skipped").inc(2);
              }
            },
            FN);
    harness.invoke("a", "x");
    harness.invoke("b", "skip");
    harness.invoke("a", "y");
    assertThat(harness.counter("seen")).isEqualTo(3);
    assertThat(harness.counter("skipped")).isEqualTo(2);
    assertThat(harness.counter("never")).isZero();
  }

  @Test
  void stateOfEveryKindIsKeptPerAddress() throws Exception {
    FunctionHarness harness = FunctionHarness.of(new AllStates(), FN);
    harness.invoke("a", "x");
    harness.invoke("a", "y");
    harness.invoke("a", "x");
    harness.invoke("b", "z");

    StateView a = harness.state("a");
    assertThat(a.value("count", Integer.class)).isEqualTo(3);
    assertThat(a.<String, Integer>table("words"))
        .containsExactly(Map.entry("x", 2), Map.entry("y", 1));
    assertThat(a.<String>buffer("log")).containsExactly("x", "y", "x");
    StateView b = harness.state("b");
    assertThat(b.value("count")).isEqualTo(1);
    assertThat(b.<String, Integer>table("words")).containsExactly(Map.entry("z", 1));
    assertThat(b.<String>buffer("log")).containsExactly("z");
    assertThat(harness.state("c").isEmpty()).isTrue();
    assertThat(a.names()).containsExactlyInAnyOrder("count", "words", "log");
  }

  @Test
  void stateCanBeSeededBeforeAnInvocation() throws Exception {
    FunctionHarness harness = FunctionHarness.of(new AllStates(), FN);
    harness.state("a").setValue("count", 41).put("words", "x", 5).append("log", "old");
    harness.invoke("a", "x");
    assertThat(harness.state("a").value("count")).isEqualTo(42);
    assertThat(harness.state("a").<String, Integer>table("words")).containsEntry("x", 6);
    assertThat(harness.state("a").<String>buffer("log")).containsExactly("old", "x");
  }

  @Test
  void stateOfTheWrongTypeOrNameIsRefused() {
    FunctionHarness harness = FunctionHarness.of(new AllStates(), FN);
    assertThatThrownBy(() -> harness.state("a").setValue("count", "many"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Integer");
    assertThatThrownBy(() -> harness.state("a").value("nope"))
        .hasMessageContaining("no persisted state named 'nope'");
    assertThatThrownBy(() -> harness.state("a").value("words")).hasMessageContaining("is a table");
  }

  /** Expires its state: values after writing, table entries and buffer elements after access. */
  static final class Expiring implements StatefulFunction {
    @Persisted
    final PersistedValue<String> written =
        PersistedValue.of(
            "written", String.class, Expiration.expireAfterWriting(Duration.ofMinutes(1)));

    @Persisted
    final PersistedTable<String, String> touched =
        PersistedTable.of(
            "touched",
            String.class,
            String.class,
            Expiration.expireAfterReadingOrWriting(Duration.ofMinutes(1)));

    @Persisted
    final PersistedAppendingBuffer<String> events =
        PersistedAppendingBuffer.of(
            "events", String.class, Expiration.expireAfterWriting(Duration.ofMinutes(1)));

    final List<String> seen = new ArrayList<>();

    @Override
    public void invoke(Context context, Object message) {
      switch ((String) message) {
        case "write" -> {
          written.set("w");
          touched.set("k", "v");
          events.append("e" + events.view().spliterator().getExactSizeIfKnown());
        }
        case "read" -> seen.add(written.get() + "/" + touched.get("k"));
        default -> events.append((String) message);
      }
    }
  }

  @Test
  void expirationFollowsTheHarnessClock() throws Exception {
    Expiring fn = new Expiring();
    FunctionHarness harness = FunctionHarness.of(fn, FN);
    harness.invoke("a", "write");
    harness.advanceTime(Duration.ofSeconds(40));
    harness.invoke("a", "read"); // refreshes 'touched' (read or write), not 'written'
    harness.invoke("a", "late"); // a second buffer element, 40 s younger
    harness.advanceTime(Duration.ofSeconds(20));
    // 60 s after the write: 'written' and the first element expired; 'touched' was read at 40 s.
    assertThat(harness.state("a").value("written")).isNull();
    assertThat(harness.state("a").<String, String>table("touched")).containsEntry("k", "v");
    assertThat(harness.state("a").<String>buffer("events")).containsExactly("late");
    harness.invoke("a", "read");
    harness.advanceTime(Duration.ofSeconds(59));
    assertThat(harness.state("a").<String, String>table("touched")).containsEntry("k", "v");
    harness.advanceTime(Duration.ofSeconds(1));
    assertThat(harness.state("a").<String, String>table("touched")).isEmpty();
    assertThat(harness.state("a").<String>buffer("events")).isEmpty();
    assertThat(fn.seen).containsExactly("w/v", "null/v");
  }

  /** Sends, replies and egress records. */
  static final class Messenger implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      if (context.caller() != null) {
        context.reply("pong " + message);
        return;
      }
      context.send(OTHER, "o1", "to other");
      context.send(new Address(FN, "peer"), "to peer");
      context.send(OUT, "out " + message);
      context.send(OUT, "out again");
    }
  }

  @Test
  void sendsAndEgressRecordsAreRecordedInOrder() throws Exception {
    FunctionHarness harness = FunctionHarness.of(new Messenger(), FN);
    Invocation invocation = harness.invoke("me", "hi");
    assertThat(invocation.caller()).isNull();
    assertThat(invocation.sent())
        .containsExactly(
            new Sent(harness.address("me"), new Address(OTHER, "o1"), "to other"),
            new Sent(harness.address("me"), new Address(FN, "peer"), "to peer"));
    assertThat(invocation.sentTo(OTHER, "o1")).containsExactly("to other");
    assertThat(invocation.egress(OUT)).containsExactly("out hi", "out again");
    assertThat(invocation.egress("test/out")).containsExactly("out hi", "out again");
    assertThat(invocation.delayed()).isEmpty();
  }

  @Test
  void aReplyGoesToTheCaller() throws Exception {
    FunctionHarness harness = FunctionHarness.of(new Messenger(), FN);
    Address caller = new Address(OTHER, "o1");
    Invocation invocation = harness.invoke(caller, "me", "ping");
    assertThat(invocation.caller()).isEqualTo(caller);
    assertThat(invocation.sent())
        .containsExactly(new Sent(harness.address("me"), caller, "pong ping"));
  }

  /** Schedules reminders to itself and others, with and without tokens. */
  static final class Reminder implements StatefulFunction {
    final List<String> received = new ArrayList<>();

    @Override
    public void invoke(Context context, Object message) {
      String text = (String) message;
      received.add(text + (context.caller() == null ? "" : " from " + context.caller().id()));
      switch (text) {
        case "start" -> {
          context.sendAfter(Duration.ofSeconds(10), context.self(), "ten", "t10");
          context.sendAfter(Duration.ofSeconds(5), context.self(), "five");
          context.sendAfter(Duration.ofSeconds(7), new Address(OTHER, "x"), "other");
        }
        case "five" -> context.sendAfter(Duration.ofSeconds(1), context.self(), "six");
        case "cancel" -> context.cancelDelayedMessage("t10");
        case "again" -> context.sendAfter(Duration.ofSeconds(1), context.self(), "dup", "t10");
        default -> {}
      }
    }
  }

  @Test
  void delayedMessagesFireWhenTheClockReachesThem() throws Exception {
    Reminder fn = new Reminder();
    FunctionHarness harness = FunctionHarness.of(fn, FN);
    Invocation start = harness.invoke("me", "start");
    assertThat(start.delayed())
        .extracting(Delayed::to, Delayed::message, Delayed::delay, Delayed::cancellationToken)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                harness.address("me"), "ten", Duration.ofSeconds(10), "t10"),
            org.assertj.core.groups.Tuple.tuple(
                harness.address("me"), "five", Duration.ofSeconds(5), null),
            org.assertj.core.groups.Tuple.tuple(
                new Address(OTHER, "x"), "other", Duration.ofSeconds(7), null));
    assertThat(start.delayed().get(0).dueAt()).isEqualTo(FunctionHarness.START.plusSeconds(10));

    TimeAdvance first = harness.advanceTime(Duration.ofSeconds(4));
    assertThat(first.invocations()).isEmpty();
    TimeAdvance second = harness.advanceTime(Duration.ofSeconds(4)); // t = 8 s
    assertThat(second.invocations()).extracting(Invocation::message).containsExactly("five", "six");
    assertThat(second.firedElsewhere())
        .containsExactly(new Sent(harness.address("me"), new Address(OTHER, "x"), "other"));
    assertThat(harness.pendingDelayed()).extracting(Delayed::message).containsExactly("ten");
    harness.advanceTime(Duration.ofSeconds(2));
    assertThat(fn.received).containsExactly("start", "five from me", "six from me", "ten from me");
    assertThat(harness.pendingDelayed()).isEmpty();
  }

  @Test
  void aCancelledDelayedMessageNeverFiresAndTokensAreUnique() throws Exception {
    Reminder fn = new Reminder();
    FunctionHarness harness = FunctionHarness.of(fn, FN);
    harness.invoke("me", "start");
    assertThatThrownBy(() -> harness.invoke("me", "again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'t10'");
    Invocation cancel = harness.invoke("me", "cancel");
    assertThat(cancel.cancelled()).containsExactly("t10");
    harness.invoke("me", "again"); // the token is free again
    harness.advanceTime(Duration.ofMinutes(1));
    assertThat(fn.received)
        .containsExactly(
            "start", "again", "cancel", "again", "dup from me", "five from me", "six from me");
  }

  /** Starts an async lookup and reports its outcome. */
  static final class Lookup implements StatefulFunction {
    @Persisted final PersistedValue<String> result = PersistedValue.of("result", String.class);

    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof AsyncOperationResult<?, ?> done) {
        assertThat(context.caller()).isEqualTo(context.self());
        String outcome =
            done.successful()
                ? "ok " + done.value()
                : done.failure() ? "failed " + done.throwable().getMessage() : "unknown";
        result.set(done.metadata() + ": " + outcome);
        context.send(OUT, result.get());
      } else {
        context.registerAsyncOperation("lookup " + message, new CompletableFuture<String>());
      }
    }
  }

  @Test
  void asyncOperationsAreCompletedOrFailedByHand() throws Exception {
    FunctionHarness harness = FunctionHarness.of(new Lookup(), FN);
    Invocation started = harness.invoke("a", "k1");
    harness.invoke("b", "k2");
    harness.invoke("c", "k3");
    assertThat(started.asyncOperations())
        .extracting(PendingAsync::metadata)
        .containsExactly("lookup k1");
    assertThat(harness.pendingAsync())
        .extracting(PendingAsync::owner)
        .containsExactly(harness.address("a"), harness.address("b"), harness.address("c"));

    Invocation ok = harness.pendingAsync().get(0).complete("v1");
    assertThat(ok.self()).isEqualTo(harness.address("a"));
    assertThat(ok.egress(OUT)).containsExactly("lookup k1: ok v1");
    Invocation failed = harness.pendingAsync().get(0).fail(new RuntimeException("boom"));
    assertThat(failed.egress(OUT)).containsExactly("lookup k2: failed boom");
    harness.pendingAsync().get(0).unknown();
    assertThat(harness.state("c").value("result")).isEqualTo("lookup k3: unknown");
    assertThat(harness.state("a").value("result")).isEqualTo("lookup k1: ok v1");
    assertThat(harness.pendingAsync()).isEmpty();
    assertThat(started.asyncOperations().get(0).isDelivered()).isTrue();
    assertThatThrownBy(() -> started.asyncOperations().get(0).complete("again"))
        .isInstanceOf(IllegalStateException.class);
  }

  /** Registers state at run time. */
  static final class Dynamic implements StatefulFunction {
    @Persisted final PersistedStateRegistry registry = new PersistedStateRegistry();

    @Override
    public void invoke(Context context, Object message) {
      PersistedValue<String> value =
          registry.register(PersistedValue.of((String) message, String.class));
      value.set(context.self().id() + ":" + message);
    }
  }

  @Test
  void dynamicallyRegisteredStateIsPerAddressToo() throws Exception {
    FunctionHarness harness = FunctionHarness.of(new Dynamic(), FN);
    harness.invoke("a", "s1");
    harness.invoke("b", "s1");
    harness.invoke("b", "s2");
    assertThat(harness.state("a").value("s1")).isEqualTo("a:s1");
    assertThat(harness.state("a").value("s2")).isNull();
    assertThat(harness.state("b").value("s2")).isEqualTo("b:s2");
  }

  static final class Unannotated implements StatefulFunction {
    final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);

    @Override
    public void invoke(Context context, Object message) {}
  }

  static final class Leaky implements StatefulFunction {
    @Persisted final PersistedValue<Integer> count = PersistedValue.of("count", Integer.class);
    Context saved;

    @Override
    public void invoke(Context context, Object message) {
      saved = context;
    }
  }

  @Test
  void misuseIsReportedAsTheRuntimeWould() throws Exception {
    assertThatThrownBy(() -> FunctionHarness.of(new Unannotated(), FN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not annotated @Persisted");
    Leaky leaky = new Leaky();
    FunctionHarness harness = FunctionHarness.of(leaky, FN);
    harness.invoke("a", "x");
    assertThatThrownBy(() -> leaky.saved.send(OUT, "late"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> leaky.count.get()).hasMessageContaining("outside an invocation");
  }

  @Test
  void replyingToAnIngressMessageFails() {
    FunctionHarness harness =
        FunctionHarness.of((StatefulFunction) (context, message) -> context.reply("x"), FN);
    assertThatThrownBy(() -> harness.invoke("a", "x")).isInstanceOf(IllegalStateException.class);
  }
}
