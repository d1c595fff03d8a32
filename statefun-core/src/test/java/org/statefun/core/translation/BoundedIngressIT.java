package org.statefun.core.translation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.CollectingSink;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.testing.Multisets;
import org.statefun.core.universe.UniverseBuilder;
import org.statefun.sdk.AsyncOperationResult;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * Bounded ingresses finish long before the work they start: chains of loop messages, delayed
 * messages and async operations keep going after the last record was read. Nothing may be lost, and
 * the job must end on its own once everything is done.
 */
class BoundedIngressIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(4);

  static final IngressIdentifier<Long> MANY = new IngressIdentifier<>(Long.class, "bnd", "many");
  static final IngressIdentifier<Long> FEW = new IngressIdentifier<>(Long.class, "bnd", "few");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "bnd", "out");
  static final FunctionType WORKER = new FunctionType("bnd", "worker");
  static final FunctionType COLLECTOR = new FunctionType("bnd", "collector");
  static final int MANY_COUNT = 2000;
  static final int FEW_COUNT = 100;
  static final int HOPS = 6;

  static final ScheduledExecutorService COMPLETER = Executors.newScheduledThreadPool(2);

  /** One step of a chain that started with ingress record {@code origin}. */
  record Task(long origin, int hops) {}

  static String workerId(long origin, int hops) {
    return "w" + ((origin * 13 + hops * 7) % 61);
  }

  /** Forwards each task along its chain: directly, after a delay, or after an async operation. */
  static final class Worker implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof AsyncOperationResult<?, ?> result) {
        Task next = (Task) result.metadata();
        context.send(WORKER, workerId(next.origin(), next.hops()), next);
        return;
      }
      Task task = (Task) message;
      if (task.hops() == 0) {
        context.send(COLLECTOR, "c" + task.origin() % 7, task.origin());
        return;
      }
      Task next = new Task(task.origin(), task.hops() - 1);
      switch ((int) ((task.origin() + task.hops()) % 4)) {
        case 0 ->
            context.sendAfter(
                Duration.ofMillis(100 + task.origin() % 200),
                new org.statefun.sdk.Address(WORKER, workerId(next.origin(), next.hops())),
                next);
        case 1 -> {
          CompletableFuture<Void> done = new CompletableFuture<>();
          COMPLETER.schedule(() -> done.complete(null), 30, TimeUnit.MILLISECONDS);
          context.registerAsyncOperation(next, done);
        }
        default -> context.send(WORKER, workerId(next.origin(), next.hops()), next);
      }
    }
  }

  static final class Collector implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      context.send(OUT, "done " + message);
    }
  }

  private static StatefulFunctionModule module(CollectingSink<String> sink) {
    return (config, binder) -> {
      binder.bindIngress(
          new SourceIngressSpec<>(MANY, new NumberSequenceSource(0, MANY_COUNT - 1)));
      binder.bindIngress(new SourceIngressSpec<>(FEW, new NumberSequenceSource(0, FEW_COUNT - 1)));
      binder.bindIngressRouter(
          MANY, (n, down) -> down.forward(WORKER, workerId(n, HOPS), new Task(n, HOPS)));
      binder.bindIngressRouter(
          FEW,
          (n, down) ->
              down.forward(WORKER, workerId(1_000_000 + n, HOPS), new Task(1_000_000 + n, HOPS)));
      binder.bindFunctionProvider(WORKER, t -> new Worker());
      binder.bindFunctionProvider(COLLECTOR, t -> new Collector());
      binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
    };
  }

  private static List<String> expected() {
    List<String> expected = new ArrayList<>();
    for (long n = 0; n < MANY_COUNT; n++) {
      expected.add("done " + n);
    }
    for (long n = 0; n < FEW_COUNT; n++) {
      expected.add("done " + (1_000_000 + n));
    }
    return expected;
  }

  private static void run(CollectingSink<String> sink, boolean holdIngressesOpen) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(
            MiniClusters.checkpointed(Duration.ofMillis(200)));
    env.setParallelism(2);
    UniverseTranslator.translate(
        env,
        new UniverseBuilder().addModule("bounded", module(sink), Map.of()).build(),
        new UniverseTranslator.Safeguards(holdIngressesOpen, true, true));
    // Returns only when the job has finished on its own.
    env.execute("bounded ingresses");
  }

  @Test
  void theJobEndsOnItsOwnAfterEverythingInFlightIsDone() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("bounded");
    run(sink, true);
    Multisets.assertSameElements(sink.results(), expected());
  }

  @Test
  void withoutHoldingIngressesOpenInFlightWorkIsLost() throws Exception {
    CollectingSink<String> sink = CollectingSink.named("bounded-naive");
    Exception failure = null;
    try {
      run(sink, false);
    } catch (Exception e) {
      failure = e;
    }
    // What the safety mechanism prevents: tasks finish while work is still in the loop, in timers
    // and in async operations. Either that work silently vanishes, or a finished operator receives
    // it and the job fails ("Received element after endOfInput"); both lose messages.
    if (failure == null) {
      assertThat(sink.size()).isLessThan(MANY_COUNT + FEW_COUNT);
    } else {
      assertThat(failure).hasStackTraceContaining("Received element after endOfInput");
    }
  }
}
