package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.config.StatefunOptions;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.ExactlyOnceSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;
import org.statefun.sdk.state.Persisted;
import org.statefun.sdk.state.PersistedValue;

/**
 * Message cycles that never end stay inside their subtask (a self-loop, and two function types
 * sharing an id that ping-pong), so no message crosses the network. The subtask must stay live:
 * checkpoints complete, every other address on it is served, and a cancel ends the job.
 */
class LiveLoopIT {

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "live", "numbers");
  static final EgressIdentifier<String> OUT = new EgressIdentifier<>(String.class, "live", "out");
  static final FunctionType PING = new FunctionType("live", "ping");
  static final FunctionType PONG = new FunctionType("live", "pong");
  static final FunctionType WORKER = new FunctionType("live", "worker");
  static final long WORKERS = 40;
  static final long REPORT_EVERY = 20_000;

  /** Sends to itself (id "self") or to its partner type at the same id ("pair") forever. */
  static final class Cycler implements StatefulFunction {
    @Persisted final PersistedValue<Long> hops = PersistedValue.of("hops", Long.class);

    @Override
    public void invoke(Context context, Object message) {
      long hop = hops.updateAndGet(h -> h == null ? 1 : h + 1);
      if (hop % REPORT_EVERY == 0) {
        context.send(OUT, context.self() + " hop " + hop);
      }
      String id = context.self().id();
      FunctionType next =
          id.equals("self")
              ? context.self().type()
              : context.self().type().equals(PING) ? PONG : PING;
      context.send(next, id, "hop");
    }
  }

  static StatefulFunctionModule module(ExactlyOnceSink sink) {
    return (config, binder) -> {
      binder.bindIngress(
          new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, WORKERS + 1)));
      binder.bindIngressRouter(
          NUMBERS,
          (n, down) -> {
            if (n == 0) {
              down.forward(PING, "self", "start");
            } else if (n == 1) {
              down.forward(PING, "pair", "start");
            } else {
              down.forward(WORKER, "w" + n, n);
            }
          });
      binder.bindFunctionProvider(PING, t -> new Cycler());
      binder.bindFunctionProvider(PONG, t -> new Cycler());
      binder.bindFunctionProvider(
          WORKER, t -> (context, message) -> context.send(OUT, "done " + context.self().id()));
      binder.bindEgress(new SinkEgressSpec<>(OUT, sink));
    };
  }

  @Test
  void endlessLocalCyclesLeaveCheckpointsOtherAddressesAndCancellationWorking() throws Exception {
    ExactlyOnceSink sink = ExactlyOnceSink.named("live-loop");
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(100));
    conf.set(StatefunOptions.DISPATCH_BATCH_SIZE, 100);
    StreamExecutionEnvironment env = Jobs.environment(module(sink), 2, conf);
    JobClient job = env.executeAsync("endless local cycles");

    // Output becomes visible only when a checkpoint completes: at least three per writer.
    Deadline.waitUntil(
        () ->
            sink.commits() >= 6
                && reports(sink, "live/ping/pair") >= 2
                && reports(sink, "live/ping/self") >= 2,
        Duration.ofMinutes(2));
    List<String> done =
        sink.committed().stream().filter(line -> line.startsWith("done ")).sorted().toList();
    assertThat(done)
        .as("every worker address was served while the cycles ran")
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(2, WORKERS + 1).mapToObj(n -> "done w" + n).toList());

    job.cancel().get(1, TimeUnit.MINUTES);
    Deadline.waitUntil(() -> status(job) == JobStatus.CANCELED, Duration.ofSeconds(30));
  }

  /** How many progress reports of {@code address} were committed; each is 20,000 hops further. */
  private static long reports(ExactlyOnceSink sink, String address) {
    return sink.committed().stream().filter(line -> line.startsWith(address + " hop ")).count();
  }

  private static JobStatus status(JobClient job) {
    try {
      return job.getJobStatus().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
