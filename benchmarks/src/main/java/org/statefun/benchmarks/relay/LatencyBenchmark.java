package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end latency of the relay and of the plain job at a fixed input rate: each runs on one
 * MiniCluster (parallelism 2, hashmap state, a checkpoint every second), relay first, fed by a
 * {@link StampedSource} whose records carry their creation time; the sink records now − creation
 * time of every record created after the first {@value #WARMUP_SECONDS} s.
 *
 * <p>Usage: {@code LatencyBenchmark [rate msgs/s, default 50000] [seconds, default 30]}. Prints the
 * achieved rate and p50, p90, p99, p99.9 and max latency in ms per pipeline; the last line is
 * {@code RESULT relay_p50_ms=<x> relay_p99_ms=<x> plain_p50_ms=<x> plain_p99_ms=<x>}. Exit code 1
 * when a run lost or duplicated records, 2 on bad arguments or a failure.
 */
public final class LatencyBenchmark {

  static final int WARMUP_SECONDS = 5;

  private static final String ROW = "%-9s %11s %9s %8s %8s %8s %9s %8s %12s%n";

  private LatencyBenchmark() {}

  /** A run's latencies, in nanoseconds, sorted. */
  private record Measured(RunResult run, long[] latencies) {

    double percentileMillis(double p) {
      int rank = (int) Math.ceil(p / 100 * latencies.length);
      return latencies[Math.max(rank, 1) - 1] / 1e6;
    }
  }

  public static void main(String[] args) {
    long rate;
    long seconds;
    try {
      if (args.length > 2) {
        throw new IllegalArgumentException(
            "too many arguments, got '" + String.join(" ", args) + "'");
      }
      rate = args.length > 0 ? BenchmarkMain.count(args[0], "rate", 1, 100_000_000) : 50_000;
      seconds =
          args.length > 1
              ? BenchmarkMain.count(args[1], "seconds", WARMUP_SECONDS + 1, 86_400)
              : 30;
    } catch (IllegalArgumentException e) {
      System.err.println(
          "ERROR: "
              + e.getMessage()
              + "; arguments: [rate msgs/s, default 50000] [seconds, default 30, more than the "
              + WARMUP_SECONDS
              + " s warm-up]");
      System.exit(2);
      return;
    }
    try {
      System.exit(run(System.out, rate, seconds));
    } catch (Exception e) {
      System.err.println("ERROR: the benchmark failed: " + e);
      e.printStackTrace();
      System.exit(2);
    }
  }

  private static int run(PrintStream out, long rate, long seconds) throws Exception {
    BenchOptions options = BenchOptions.DEFAULTS;
    long records = rate * seconds;
    long warmupNanos = WARMUP_SECONDS * 1_000_000_000L;
    out.printf(
        Locale.ROOT,
        "latency benchmark: %,d msgs/s for %d s (%,d records) per pipeline, parallelism %d, %s"
            + " state, checkpoint every 1 s; latency = sink time - source creation time of records"
            + " created after the first %d s%n",
        rate,
        seconds,
        records,
        options.parallelism(),
        options.stateBackend(),
        WARMUP_SECONDS);
    List<Measured> runs = new ArrayList<>();
    try (BenchCluster cluster = BenchCluster.start(options)) {
      for (Pipeline pipeline :
          new Pipeline[] {
            new LatencyRelayPipeline(rate, warmupNanos), new LatencyPlainPipeline(rate, warmupNanos)
          }) {
        runs.add(measure(out, cluster, pipeline, records));
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        ROW,
        "pipeline",
        "achieved/s",
        "measured",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "checkpoints");
    for (Measured measured : runs) {
      row(out, measured);
    }
    for (Measured measured : runs) {
      RunResult run = measured.run();
      if (!run.complete() || measured.latencies().length == 0) {
        System.err.printf(
            Locale.ROOT,
            "ERROR: %s run over %,d records saw %,d egress records, %,d after the warm-up; its"
                + " figures mean nothing%n",
            run.pipeline(),
            run.records(),
            run.egressRecords(),
            measured.latencies().length);
        return 1;
      }
    }
    Measured relay = runs.get(0);
    Measured plain = runs.get(1);
    out.printf(
        Locale.ROOT,
        "RESULT relay_p50_ms=%.2f relay_p99_ms=%.2f plain_p50_ms=%.2f plain_p99_ms=%.2f%n",
        relay.percentileMillis(50),
        relay.percentileMillis(99),
        plain.percentileMillis(50),
        plain.percentileMillis(99));
    return 0;
  }

  private static Measured measure(
      PrintStream out, BenchCluster cluster, Pipeline pipeline, long records) throws Exception {
    LatencyProbe.reset();
    RunResult run = cluster.measure(pipeline, records, true).result();
    out.printf(
        Locale.ROOT,
        "  %-6s %,12d records in %6.2f s: %,.0f msgs/s achieved%n",
        pipeline.name(),
        records,
        run.elapsedSeconds(),
        run.messagesPerSecond());
    return new Measured(run, LatencyProbe.sorted());
  }

  private static void row(PrintStream out, Measured measured) {
    boolean any = measured.latencies().length > 0;
    out.printf(
        Locale.ROOT,
        ROW,
        measured.run().pipeline(),
        Math.round(measured.run().messagesPerSecond()),
        measured.latencies().length,
        any ? millis(measured.percentileMillis(50)) : "-",
        any ? millis(measured.percentileMillis(90)) : "-",
        any ? millis(measured.percentileMillis(99)) : "-",
        any ? millis(measured.percentileMillis(99.9)) : "-",
        any ? millis(measured.percentileMillis(100)) : "-",
        measured.run().checkpoints());
  }

  private static String millis(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
