package org.statefun.benchmarks.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs one pipeline — warm-up, then one measured run — in a JVM of its own, as a job has its
 * TaskManager to itself on a cluster. In a shared JVM the pipeline that runs second finds Flink's
 * shared code (record writers, serializers, state tables) compiled for the first one's types and
 * pays for it. The child is this class's {@link #main}; it prints its progress lines, which the
 * parent passes on, and last a {@code RUN} line with the figures.
 */
final class ForkedRun {

  /** The pipeline roles a child runs. */
  static final String PLAIN = "plain";

  static final String RELAY = "relay";

  private static final String RUN_LINE = "RUN ";

  /**
   * The warm-up runs as jobs of at most this many records: measured on the 2-core machine, a fresh
   * JVM reached its steady speed in the job after 7M warm-up records in two jobs (2M + 5M), not
   * within one long job (each new job brings code of its own to compile as well).
   */
  static final long WARMUP_JOB_RECORDS = 5_000_000L;

  private ForkedRun() {}

  /**
   * Runs {@code role} ({@link #PLAIN} or {@link #RELAY}) in a new JVM with this JVM's flags and
   * class path, and returns its measured run.
   *
   * @throws IOException when the child fails or reports no run
   */
  static RunResult run(
      PrintStream out, String role, long records, long warmup, BenchOptions options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ForkedRun.class.getName());
    command.add(role);
    command.add(Long.toString(records));
    command.add(Long.toString(warmup));
    command.addAll(options.oneRunArguments());
    Process child =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    RunResult result = null;
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith(RUN_LINE)) {
          result = parse(line.substring(RUN_LINE.length()));
        } else {
          out.println(line);
        }
      }
    }
    int exit = child.waitFor();
    if (exit != 0 || result == null) {
      throw new IOException(
          "the " + role + " run in its own JVM failed (exit code " + exit + "), see above");
    }
    return result;
  }

  /** The child: {@code role records warm-up [-Dkey=value...]}. */
  public static void main(String[] args) throws Exception {
    String role = args[0];
    long records = Long.parseLong(args[1]);
    long warmup = Long.parseLong(args[2]);
    BenchOptions options =
        BenchOptions.parse(Arrays.asList(args).subList(3, args.length), BenchOptions.ONE_RUN);
    Pipeline pipeline =
        role.equals(PLAIN) ? options.plainPipeline() : new RelayPipeline(options.logic());
    PrintStream out = System.out;
    RunResult measured;
    try (BenchCluster cluster = BenchCluster.start(options)) {
      for (long left = warmup; left > 0; left -= WARMUP_JOB_RECORDS) {
        RunResult warm =
            RelayBenchmark.measure(
                out, cluster, pipeline, Math.min(left, WARMUP_JOB_RECORDS), "warm-up");
        if (!warm.complete()) {
          System.err.printf(
              Locale.ROOT,
              "ERROR: %s warm-up over %,d records saw %,d egress records, expected %,d%n",
              warm.pipeline(),
              warm.records(),
              warm.egressRecords(),
              warm.expectedEgressRecords());
          System.exit(1);
        }
      }
      measured = RelayBenchmark.measure(out, cluster, pipeline, records, "measured");
    }
    out.println(RUN_LINE + format(measured));
    out.flush();
    System.exit(0);
  }

  private static String format(RunResult run) {
    ResourceMeter.Usage usage = run.usage();
    return String.join(
        " ",
        run.pipeline(),
        Long.toString(run.records()),
        Long.toString(run.expectedEgressRecords()),
        Long.toString(run.egressRecords()),
        Long.toString(run.elapsedNanos()),
        Long.toString(usage.cpuNanos()),
        Long.toString(usage.peakHeapBytes()),
        Long.toString(usage.maxHeapAfterGcBytes()),
        Long.toString(usage.gcMillis()),
        Long.toString(run.checkpoints()));
  }

  private static RunResult parse(String line) {
    String[] f = line.split(" ");
    return new RunResult(
        f[0],
        Long.parseLong(f[1]),
        Long.parseLong(f[2]),
        Long.parseLong(f[3]),
        Long.parseLong(f[4]),
        new ResourceMeter.Usage(
            Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8])),
        Long.parseLong(f[9]));
  }
}
