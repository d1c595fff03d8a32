package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The relay benchmark: the same two-hop, stateful relay as a statefun job and as a plain Flink job,
 * with throughput, CPU per message and heap. By default each pipeline runs in a JVM of its own
 * ({@link ForkedRun}), as a job has its TaskManager to itself on a cluster; {@code
 * -Dbench.jvm=shared} runs both, one after the other, on one MiniCluster in this JVM.
 *
 * <p>Usage: {@code RelayBenchmark [records] [warm-up records] [options]} (see {@link
 * BenchOptions}); records default to 20,000,000, the warm-up to as many records (at most
 * 10,000,000) per pipeline run. The warm-up is long on purpose: on the 2-core machine a fresh JVM
 * reaches its steady speed only after several million messages (the JIT compiler threads share the
 * two cores with the job). {@code -Dbench.runs=R} measures each pipeline R times, alternating, and
 * reports the median run of each. The last line printed is the {@code RESULT} line; a run whose
 * egress count is not exactly {@code records} × fan-out fails the benchmark with exit code 1. With
 * a fan-out above 1, msgs/s still counts ingress records; egress records per second are printed
 * beside them.
 */
public final class RelayBenchmark {

  private RelayBenchmark() {}

  public static void main(String[] args) {
    BenchmarkMain.runAndExit(
        args,
        BenchOptions.ALL,
        "relay benchmark: %1$,d records, parallelism %2$d, %3$s state, checkpoint every 1 s,"
            + " warm-up %4$,d records per pipeline",
        RelayBenchmark::run);
  }

  private static int run(PrintStream out, long records, long warmup, BenchOptions options)
      throws Exception {
    List<RunResult> all = new ArrayList<>();
    List<RunResult> plainRuns = new ArrayList<>();
    List<RunResult> relayRuns = new ArrayList<>();
    if (options.fork()) {
      out.println(
          "each pipeline runs in a JVM of its own, with its own warm-up (-Dbench.jvm=shared: all in"
              + " this one)");
      // Alternating, so a slow period of a shared machine hits both pipelines alike.
      for (int run = 0; run < options.runs(); run++) {
        plainRuns.add(ForkedRun.run(out, ForkedRun.PLAIN, records, warmup, options));
        relayRuns.add(ForkedRun.run(out, ForkedRun.RELAY, records, warmup, options));
      }
    } else {
      Pipeline plain = options.plainPipeline();
      Pipeline relay = new RelayPipeline(options.logic());
      try (BenchCluster cluster = BenchCluster.start(options)) {
        if (warmup > 0) {
          all.add(measure(out, cluster, plain, warmup, "warm-up"));
          all.add(measure(out, cluster, relay, warmup, "warm-up"));
        }
        for (int run = 0; run < options.runs(); run++) {
          plainRuns.add(measure(out, cluster, plain, records, "measured"));
          relayRuns.add(measure(out, cluster, relay, records, "measured"));
        }
      }
    }
    all.addAll(plainRuns);
    all.addAll(relayRuns);
    RunResult plainRun = median(plainRuns);
    RunResult relayRun = median(relayRuns);
    out.println();
    if (options.runs() > 1) {
      out.printf(
          Locale.ROOT,
          "median of %d measured runs of each pipeline (by msgs/s):%n",
          options.runs());
    }
    ResultTable.print(out, plainRun, relayRun);

    List<RunResult> broken = all.stream().filter(run -> !run.complete()).toList();
    if (!broken.isEmpty()) {
      for (RunResult run : broken) {
        System.err.printf(
            Locale.ROOT,
            "ERROR: %s run over %,d records saw %,d egress records%s (elapsed %d ns); its figures mean nothing%n",
            run.pipeline(),
            run.records(),
            run.egressRecords(),
            run.fansOut()
                ? String.format(Locale.ROOT, ", expected %,d", run.expectedEgressRecords())
                : "",
            run.elapsedNanos());
      }
      return 1;
    }
    out.println(ResultTable.resultLine(plainRun, relayRun));
    return 0;
  }

  /** The run with the median msgs/s (the lower middle one of an even number). */
  private static RunResult median(List<RunResult> runs) {
    List<RunResult> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparingDouble(RunResult::messagesPerSecond));
    return sorted.get((sorted.size() - 1) / 2);
  }

  static RunResult measure(
      PrintStream out, BenchCluster cluster, Pipeline pipeline, long records, String kind)
      throws Exception {
    BenchCluster.Metered metered = cluster.measure(pipeline, records, true);
    RunResult result = metered.result();
    out.printf(
        Locale.ROOT,
        "  %-8s %-6s %,12d records in %6.2f s: %,.0f msgs/s%s%n",
        kind,
        pipeline.name(),
        records,
        result.elapsedSeconds(),
        result.messagesPerSecond(),
        result.fansOut()
            ? String.format(Locale.ROOT, ", %,.0f egress records/s", result.egressPerSecond())
            : "");
    return result;
  }
}
