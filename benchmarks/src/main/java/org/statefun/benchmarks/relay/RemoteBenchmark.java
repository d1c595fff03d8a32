package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Set;

/**
 * The relay with both functions remote (served in this JVM by the official StateFun Java SDK over
 * HTTP on localhost) next to the embedded relay, on one local MiniCluster.
 *
 * <p>Usage: {@code RemoteBenchmark [records] [warm-up records]}. CPU per message counts the whole
 * process, so the remote figure includes the function server's work (HTTP, protobuf, the SDK). The
 * last line printed is {@code RESULT remote_msgs_per_s=<n> embedded_msgs_per_s=<n>
 * ratio=<remote/embedded>}.
 */
public final class RemoteBenchmark {

  /**
   * Requests in flight per subtask. The JDK's HTTP server, which serves the functions here, stalls
   * with thousands of connections (the default limit, 1024 per subtask, opened ~2,000).
   */
  static final int IN_FLIGHT_PER_TASK = 64;

  private RemoteBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.runAndExit(
        args,
        Set.of(),
        "remote relay benchmark: %1$,d records, parallelism %2$d, %3$s state, checkpoint every 1 s,"
            + " warm-up %4$,d records per pipeline; functions served by the StateFun Java SDK on"
            + " localhost, at most "
            + IN_FLIGHT_PER_TASK
            + " requests in flight per subtask",
        RemoteBenchmark::run);
  }

  private static int run(PrintStream out, long records, long warmup, BenchOptions options)
      throws Exception {
    RunResult embedded;
    RunResult remote;
    try (BenchFunctionServer server =
            new BenchFunctionServer(Runtime.getRuntime().availableProcessors());
        BenchCluster cluster = BenchCluster.start(options)) {
      Pipeline embeddedPipeline = new RelayPipeline(RelayLogic.DEFAULT);
      Pipeline remotePipeline = new RemotePipeline(server.urlTemplate(), IN_FLIGHT_PER_TASK);
      if (warmup > 0) {
        RelayBenchmark.measure(out, cluster, embeddedPipeline, warmup, "warm-up");
        RelayBenchmark.measure(out, cluster, remotePipeline, warmup, "warm-up");
      }
      embedded = RelayBenchmark.measure(out, cluster, embeddedPipeline, records, "measured");
      remote = RelayBenchmark.measure(out, cluster, remotePipeline, records, "measured");
    }
    out.println();
    ResultTable.print(out, embedded, remote, "remote/embedded");
    for (RunResult run : new RunResult[] {embedded, remote}) {
      if (!run.complete()) {
        System.err.printf(
            Locale.ROOT,
            "ERROR: %s run over %,d records saw %,d egress records; its figures mean nothing%n",
            run.pipeline(),
            run.records(),
            run.egressRecords());
        return 1;
      }
    }
    out.printf(
        Locale.ROOT,
        "RESULT remote_msgs_per_s=%d embedded_msgs_per_s=%d ratio=%.2f%n",
        Math.round(remote.messagesPerSecond()),
        Math.round(embedded.messagesPerSecond()),
        remote.messagesPerSecond() / embedded.messagesPerSecond());
    return 0;
  }
}
