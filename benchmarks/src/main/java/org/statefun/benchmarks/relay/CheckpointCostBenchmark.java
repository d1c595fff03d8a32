package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.Locale;
import org.apache.flink.runtime.util.stats.StatsSummarySnapshot;

/**
 * What checkpointing costs statefun: the relay job with a checkpoint every second against the same
 * job without checkpoints, on one MiniCluster. Checkpoints log the loop's in-flight messages, so
 * this is where the exactly-once machinery shows up in throughput.
 *
 * <p>Usage: {@code CheckpointCostBenchmark [records] [warm-up records]}; records default to
 * 20,000,000, the warm-up to min(records, 2,000,000). The two variants run alternately, twice
 * each, and the better run of each counts (the machine is shared and noisy; a slower run says more
 * about the neighbours than about the code). The last line is {@code RESULT
 * checkpointed_msgs_per_s=<n> unchecked_msgs_per_s=<n> ratio=<checkpointed/unchecked>}.
 */
public final class CheckpointCostBenchmark {

  private static final long DEFAULT_RECORDS = 20_000_000L;
  private static final long MAX_WARMUP = 2_000_000L;
  private static final String ROW = "%-14s %10s %11s %12s %26s%n";

  private CheckpointCostBenchmark() {}

  /** A measured run and its checkpoint statistics. */
  private record Measured(RunResult run, StatsSummarySnapshot checkpointMillis) {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    try {
      long records = args.length > 0 ? Long.parseLong(args[0]) : DEFAULT_RECORDS;
      long warmup = args.length > 1 ? Long.parseLong(args[1]) : Math.min(records, MAX_WARMUP);
      out.printf(
          Locale.ROOT,
          "checkpoint cost: relay over %,d records, parallelism %d, hashmap state, checkpoint every"
              + " 1 s vs none, warm-up %,d records%n",
          records,
          BenchCluster.PARALLELISM,
          warmup);
      System.exit(run(out, records, warmup));
    } catch (Exception e) {
      System.err.println("ERROR: the benchmark failed: " + e);
      e.printStackTrace();
      System.exit(2);
    }
  }

  private static int run(PrintStream out, long records, long warmup) throws Exception {
    Pipeline relay = new RelayPipeline();
    Measured bestOn = null;
    Measured bestOff = null;
    try (BenchCluster cluster = BenchCluster.start()) {
      if (warmup > 0) {
        measure(out, cluster, relay, warmup, true, "warm-up");
      }
      for (int round = 0; round < 2; round++) {
        Measured off = measure(out, cluster, relay, records, false, "measured");
        Measured on = measure(out, cluster, relay, records, true, "measured");
        if (!off.run().complete() || !on.run().complete()) {
          System.err.printf(Locale.ROOT, "ERROR: a run lost or duplicated messages%n");
          return 1;
        }
        bestOff = better(bestOff, off);
        bestOn = better(bestOn, on);
      }
    }
    out.println();
    out.printf(Locale.ROOT, ROW, "relay", "msgs/s", "CPU us/msg", "checkpoints", "checkpoint ms min/avg/max");
    row(out, "no checkpoints", bestOff);
    row(out, "checkpoint 1 s", bestOn);
    double ratio = bestOn.run().messagesPerSecond() / bestOff.run().messagesPerSecond();
    out.printf(
        Locale.ROOT,
        "%-14s %10s %11s%n",
        "with/without",
        String.format(Locale.ROOT, "%.2fx", ratio),
        String.format(Locale.ROOT, "%.2fx", bestOn.run().cpuMicrosPerMessage() / bestOff.run().cpuMicrosPerMessage()));
    out.printf(
        Locale.ROOT,
        "RESULT checkpointed_msgs_per_s=%d unchecked_msgs_per_s=%d ratio=%.2f%n",
        Math.round(bestOn.run().messagesPerSecond()),
        Math.round(bestOff.run().messagesPerSecond()),
        ratio);
    return 0;
  }

  private static Measured better(Measured best, Measured candidate) {
    return best == null || candidate.run().messagesPerSecond() > best.run().messagesPerSecond()
        ? candidate
        : best;
  }

  private static Measured measure(
      PrintStream out, BenchCluster cluster, Pipeline pipeline, long records, boolean checkpointing, String kind)
      throws Exception {
    Probe.reset();
    BenchCluster.JobStats job;
    ResourceMeter.Usage usage;
    try (ResourceMeter meter = ResourceMeter.start()) {
      job = cluster.run(pipeline, records, checkpointing);
      usage = meter.stop();
    }
    RunResult result =
        new RunResult(
            pipeline.name(), records, Probe.egressCount(), Probe.elapsedNanos(), usage, job.completedCheckpoints());
    out.printf(
        Locale.ROOT,
        "  %-8s %-14s %,12d records in %6.2f s: %,.0f msgs/s, %d checkpoints%n",
        kind,
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
        ms.getCount() == 0 ? "-" : ms.getMinimum() + " / " + ms.getAverage() + " / " + ms.getMaximum());
  }
}
