package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The relay benchmark: the same two-hop, stateful relay as a statefun job and as a plain Flink job,
 * one after the other on one local MiniCluster, with throughput, CPU per message and peak heap.
 *
 * <p>Usage: {@code RelayBenchmark [records] [warm-up records]}; records default to 20,000,000, the
 * warm-up to as many records (at most 2,000,000) per pipeline. The warm-up is long on purpose: on a
 * busy 2-core machine the JIT needs a few million messages before statefun's hot paths are compiled
 * (a cold first relay run of 2M records was 2-3x slower than a second one), and the plain job, run
 * first, leaves Flink's shared code compiled for its own types. The last line printed is the {@code
 * RESULT} line; a run whose egress count is not exactly {@code records} fails the benchmark with
 * exit code 1.
 */
public final class RelayBenchmark {

  private RelayBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.runAndExit(
        args,
        "relay benchmark: %,d records, parallelism %d, hashmap state, checkpoint every 1 s,"
            + " warm-up %,d records per pipeline",
        RelayBenchmark::run);
  }

  private static int run(PrintStream out, long records, long warmup) throws Exception {
    Pipeline plain = new PlainPipeline();
    Pipeline relay = new RelayPipeline();
    List<RunResult> all = new ArrayList<>();
    RunResult plainRun;
    RunResult relayRun;
    try (BenchCluster cluster = BenchCluster.start()) {
      if (warmup > 0) {
        all.add(measure(out, cluster, plain, warmup, "warm-up"));
        all.add(measure(out, cluster, relay, warmup, "warm-up"));
      }
      plainRun = measure(out, cluster, plain, records, "measured");
      relayRun = measure(out, cluster, relay, records, "measured");
      all.add(plainRun);
      all.add(relayRun);
    }
    out.println();
    ResultTable.print(out, plainRun, relayRun);

    List<RunResult> broken = all.stream().filter(run -> !run.complete()).toList();
    if (!broken.isEmpty()) {
      for (RunResult run : broken) {
        System.err.printf(
            Locale.ROOT,
            "ERROR: %s run over %,d records saw %,d egress records (elapsed %d ns); its figures mean nothing%n",
            run.pipeline(),
            run.records(),
            run.egressRecords(),
            run.elapsedNanos());
      }
      return 1;
    }
    out.println(ResultTable.resultLine(plainRun, relayRun));
    return 0;
  }

  static RunResult measure(
      PrintStream out, BenchCluster cluster, Pipeline pipeline, long records, String kind)
      throws Exception {
    Probe.reset();
    BenchCluster.JobStats job;
    ResourceMeter.Usage usage;
    try (ResourceMeter meter = ResourceMeter.start()) {
      job = cluster.run(pipeline, records);
      usage = meter.stop();
    }
    RunResult result =
        new RunResult(
            pipeline.name(),
            records,
            Probe.egressCount(),
            Probe.elapsedNanos(),
            usage,
            job.completedCheckpoints());
    out.printf(
        Locale.ROOT,
        "  %-8s %-6s %,12d records in %6.2f s: %,.0f msgs/s%n",
        kind,
        pipeline.name(),
        records,
        result.elapsedSeconds(),
        result.messagesPerSecond());
    return result;
  }
}
