package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.config.StatefunOptions;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.Address;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/** What a function can do through its Context: reply/caller, delayed messages, async operations. */
class ContextIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "it", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "it", "out");

  static final FunctionType ASKER = new FunctionType("it", "asker");
  static final FunctionType ANSWERER = new FunctionType("it", "answerer");

  /** Asks the answerer; prints who replied, and what the answerer saw as caller. */
  static final class Asker implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long n) {
        assertCallerIsNull(context);
        // An id on the other side of the loop for most values.
        context.send(ANSWERER, "q" + n, "question " + n);
      } else {
        context.send(
            OUT,
            "asker " + context.self().id() + " got '" + message + "' from " + context.caller());
      }
    }

    private static void assertCallerIsNull(Context context) {
      if (context.caller() != null) {
        throw new IllegalStateException("caller of an ingress message must be null");
      }
    }
  }

  static final class Answerer implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      context.reply("answer to " + message + " (caller " + context.caller() + ")");
    }
  }

  @Test
  void replyGoesBackToTheCaller() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("reply");
    Jobs.run(
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, 19)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(ASKER, "a" + n, n));
          binder.bindFunctionProvider(ASKER, t -> new Asker());
          binder.bindFunctionProvider(ANSWERER, t -> new Answerer());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        },
        2,
        MiniClusters.checkpointed(Duration.ofMillis(300)));
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      expected.add(
          "asker a"
              + n
              + " got 'answer to question "
              + n
              + " (caller it/asker/a"
              + n
              + ")' from it/answerer/q"
              + n);
    }
    assertThat(sink.results()).containsExactlyInAnyOrderElementsOf(expected);
  }

  static final FunctionType TIMER = new FunctionType("it", "timer");

  /**
   * On a number: sends itself a delayed "fire" and a delayed "cancelled" that it cancels right
   * away; a third delayed message with a token is cancelled in a later invocation, before it is
   * due.
   */
  static final class Timer implements StatefulFunction {
    @Persisted final PersistedValue<Long> started = PersistedValue.of("started", Long.class);

    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long n) {
        started.set(System.currentTimeMillis());
        Address other = new Address(ANSWERER_ECHO, "e" + n);
        context.sendAfter(Duration.ofMillis(300), context.self(), "fire");
        context.sendAfter(Duration.ofMillis(200), other, "to other " + n);
        context.sendAfter(Duration.ofMillis(100), context.self(), "cancelled-now", "t1");
        context.cancelDelayedMessage("t1");
        context.sendAfter(Duration.ofSeconds(5), context.self(), "cancelled-later", "t2");
        context.sendAfter(Duration.ofMillis(50), context.self(), "cancel t2");
        // Cancelling an unknown token does nothing.
        context.cancelDelayedMessage("never-used");
      } else if ("cancel t2".equals(message)) {
        context.cancelDelayedMessage("t2");
      } else {
        long waited = System.currentTimeMillis() - started.get();
        context.send(
            OUT,
            context.self().id()
                + " got "
                + message
                + " from "
                + context.caller()
                + (waited >= 300 ? " late enough" : " TOO EARLY " + waited));
      }
    }
  }

  static final FunctionType ANSWERER_ECHO = new FunctionType("it", "echo");

  static final class Echo implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      context.send(OUT, context.self().id() + " got " + message + " from " + context.caller());
    }
  }

  @Test
  void delayedMessagesArriveOnceAndCancelledOnesNever() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("delayed");
    Jobs.run(
        (config, binder) -> {
          binder.bindIngress(new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, 9)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(TIMER, "t" + n, n));
          binder.bindFunctionProvider(TIMER, t -> new Timer());
          binder.bindFunctionProvider(ANSWERER_ECHO, t -> new Echo());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        },
        2,
        MiniClusters.checkpointed(Duration.ofMillis(300)));
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      expected.add("t" + n + " got fire from it/timer/t" + n + " late enough");
      expected.add("e" + n + " got to other " + n + " from it/timer/t" + n);
    }
    assertThat(sink.results()).containsExactlyInAnyOrderElementsOf(expected);
  }

  static final FunctionType ASYNC = new FunctionType("it", "async");
  static final ScheduledExecutorService COMPLETER = Executors.newScheduledThreadPool(2);
  static final AtomicInteger IN_FLIGHT = new AtomicInteger();
  static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();

  /** Registers an operation that succeeds for even numbers and fails for odd ones. */
  static final class Async implements StatefulFunction {
    @Persisted final PersistedValue<Integer> results = PersistedValue.of("results", Integer.class);

    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long n) {
        CompletableFuture<String> future = new CompletableFuture<>();
        MAX_IN_FLIGHT.accumulateAndGet(IN_FLIGHT.incrementAndGet(), Math::max);
        COMPLETER.schedule(
            () -> {
              IN_FLIGHT.decrementAndGet();
              if (n % 2 == 0) {
                future.complete("value-" + n);
              } else {
                future.completeExceptionally(new IllegalArgumentException("boom-" + n));
              }
            },
            20 + n % 7,
            TimeUnit.MILLISECONDS);
        context.registerAsyncOperation("meta-" + n, future);
      } else {
        AsyncOperationResult<?, ?> result = (AsyncOperationResult<?, ?>) message;
        int count = results.updateAndGet(c -> c == null ? 1 : c + 1);
        String outcome =
            result.successful()
                ? "success " + result.value()
                : result.failure() ? "failure " + result.throwable().getMessage() : "unknown";
        context.send(
            OUT,
            context.self().id()
                + " "
                + result.metadata()
                + " "
                + outcome
                + " caller="
                + context.caller()
                + " #"
                + count);
      }
    }
  }

  private static void runAsyncJob(CollectingSink<String> sink, int numbers, int maxAsync)
      throws Exception {
    IN_FLIGHT.set(0);
    MAX_IN_FLIGHT.set(0);
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(300));
    conf.set(StatefunOptions.ASYNC_MAX_PER_TASK, maxAsync);
    Jobs.run(
        (config, binder) -> {
          binder.bindIngress(
              new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, numbers - 1)));
          binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(ASYNC, "x" + n, n));
          binder.bindFunctionProvider(ASYNC, t -> new Async());
          binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
        },
        2,
        conf);
  }

  private static List<String> expectedAsync(int numbers) {
    List<String> expected = new ArrayList<>();
    for (int n = 0; n < numbers; n++) {
      String outcome = n % 2 == 0 ? "success value-" + n : "failure boom-" + n;
      expected.add("x" + n + " meta-" + n + " " + outcome + " caller=it/async/x" + n + " #1");
    }
    return expected;
  }

  @Test
  void asyncOperationsDeliverSuccessAndFailure() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("async");
    runAsyncJob(sink, 200, 1024);
    assertThat(sink.results()).containsExactlyInAnyOrderElementsOf(expectedAsync(200));
    // Without backpressure many operations overlap (the contrast for the test below).
    assertThat(MAX_IN_FLIGHT.get()).isGreaterThan(2);
  }

  @Test
  void asyncBackpressureWithOneInFlightStillCompletesEverything() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("async-backpressure");
    runAsyncJob(sink, 200, 1);
    assertThat(sink.results()).containsExactlyInAnyOrderElementsOf(expectedAsync(200));
    // One in flight per subtask, two subtasks.
    assertThat(MAX_IN_FLIGHT.get()).isLessThanOrEqualTo(2);
  }
}
