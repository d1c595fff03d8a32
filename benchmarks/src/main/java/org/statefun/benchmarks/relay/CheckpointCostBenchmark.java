package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.flink.runtime.util.stats.StatsSummarySnapshot;

/**
 * What checkpointing costs statefun: the relay job with a checkpoint every second against the same
 * job without checkpoints, on one MiniCluster. Checkpoints log the loop's in-flight messages, so
 * this is where the exactly-once machinery shows up in throughput. The plain Flink pipeline runs
 * the same way as the baseline: what checkpoints cost a job without a loop on this machine.
 *
 * <p>Usage: {@code CheckpointCostBenchmark [records] [warm-up records] [options]} (the options of
 * {@link BenchOptions}; msgs/s counts ingress records whatever the fan-out); records default to
 * 20,000,000, the warm-up to min(records, 10,000,000). The two variants run alternately, twice
 * each, and the better run of each counts (the machine is shared and noisy; a slower run says more
 * about the neighbours than about the code). The last line is {@code RESULT
 * checkpointed_msgs_per_s=<n> unchecked_msgs_per_s=<n> ratio=<checkpointed/unchecked>
 * plain_ratio=<the same for the plain pipeline>}.
 */
public final class CheckpointCostBenchmark {

  private static final String ROW = "%-14s %10s %11s %12s %26s%n";

  private CheckpointCostBenchmark() {}

  /** A measured run and its checkpoint statistics. */
  private record Measured(RunResult run, StatsSummarySnapshot checkpointMillis) {}

  public static void main(String[] args) {
    BenchmarkMain.runAndExit(
        args,
        BenchOptions.ONE_RUN,
        "checkpoint cost: relay over %1$,d records, parallelism %2$d, %3$s state, checkpoint every"
            + " 1 s vs none, warm-up %4$,d records",
        CheckpointCostBenchmark::run);
  }

  private static int run(PrintStream out, long records, long warmup, BenchOptions options)
      throws Exception {
    Pipeline relay = new RelayPipeline(options.logic());
    Pipeline plain = options.plainPipeline();
    Measured[] best = new Measured[4]; // relay off, relay on, plain off, plain on
    try (BenchCluster cluster = BenchCluster.start(options)) {
      if (warmup > 0) {
        measure(out, cluster, plain, warmup, true, "warm-up");
        measure(out, cluster, relay, warmup, true, "warm-up");
      }
      for (int round = 0; round < 2; round++) {
        int slot = 0;
        for (Pipeline pipeline : new Pipeline[] {relay, plain}) {
          for (boolean checkpointing : new boolean[] {false, true}) {
            Measured measured = measure(out, cluster, pipeline, records, checkpointing, "measured");
            if (!measured.run().complete()) {
              System.err.printf(
                  Locale.ROOT, "ERROR: a %s run lost or duplicated messages%n", pipeline.name());
              return 1;
            }
            best[slot] = better(best[slot], measured);
            slot++;
          }
        }
      }
    }
    out.println();
    out.printf(
        Locale.ROOT,
        ROW,
        "pipeline",
        "msgs/s",
        "CPU us/msg",
        "checkpoints",
        "checkpoint ms min/avg/max");
    row(out, "relay, none", best[0]);
    row(out, "relay, 1 s", best[1]);
    double relayRatio = ratio(out, "relay 1s/none", best[0], best[1]);
    row(out, "plain, none", best[2]);
    row(out, "plain, 1 s", best[3]);
    double plainRatio = ratio(out, "plain 1s/none", best[2], best[3]);
    out.printf(
        Locale.ROOT,
        "RESULT checkpointed_msgs_per_s=%d unchecked_msgs_per_s=%d ratio=%.2f plain_ratio=%.2f%n",
        Math.round(best[1].run().messagesPerSecond()),
        Math.round(best[0].run().messagesPerSecond()),
        relayRatio,
        plainRatio);
    return 0;
  }

  /** Prints and returns checkpointed / unchecked msgs/s (with the CPU ratio beside it). */
  private static double ratio(PrintStream out, String label, Measured off, Measured on) {
    double ratio = on.run().messagesPerSecond() / off.run().messagesPerSecond();
    out.printf(
        Locale.ROOT,
        "%-14s %10s %11s%n",
        label,
        String.format(Locale.ROOT, "%.2fx", ratio),
        String.format(
            Locale.ROOT,
            "%.2fx",
            on.run().cpuMicrosPerMessage() / off.run().cpuMicrosPerMessage()));
    return ratio;
  }

  private static Measured better(Measured best, Measured candidate) {
    return best == null || candidate.run().messagesPerSecond() > best.run().messagesPerSecond()
        ? candidate
        : best;
  }

  private static Measured measure(
      PrintStream out,
      BenchCluster cluster,
      Pipeline pipeline,
      long records,
      boolean checkpointing,
      String kind)
      throws Exception {
    BenchCluster.Metered metered = cluster.measure(pipeline, records, checkpointing);
    RunResult result = metered.result();
    BenchCluster.JobStats job = metered.job();
    out.printf(
        Locale.ROOT,
        "  %-8s %-6s %-14s %,12d records in %6.2f s: %,.0f msgs/s, %d checkpoints%n",
        kind,
        pipeline.name(),
        checkpointing ? "checkpoint 1 s" : "no checkpoints",
        records,
        result.elapsedSeconds(),
        result.messagesPerSecond(),
        job.completedCheckpoints());
    return new Measured(result, job.checkpointMillis());
  }

  private static void row(PrintStream out, String label, Measured measured) {
    StatsSummarySnapshot ms = measured.checkpointMillis();
    out.printf(
        Locale.ROOT,
        ROW,
        label,
        String.format(Locale.ROOT, "%d", Math.round(measured.run().messagesPerSecond())),
        String.format(Locale.ROOT, "%.2f", measured.run().cpuMicrosPerMessage()),
        measured.run().checkpoints(),
        ms.getCount() == 0
            ? "-"
            : ms.getMinimum() + " / " + ms.getAverage() + " / " + ms.getMaximum());
  }
}
