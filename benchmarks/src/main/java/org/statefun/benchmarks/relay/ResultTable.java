package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.Locale;

/** Prints the comparison of a plain and a relay run, and the one machine-readable RESULT line. */
final class ResultTable {

  private static final String ROW = "%-12s %10s %11s %14s %15s %7s %12s %15s%n";

  private ResultTable() {}

  static void print(PrintStream out, RunResult plain, RunResult relay) {
    print(out, plain, relay, "relay/plain");
  }

  /** The table of {@code measured} against {@code baseline}, with a ratio row {@code label}. */
  static void print(PrintStream out, RunResult baseline, RunResult measured, String label) {
    RunResult plain = baseline;
    RunResult relay = measured;
    out.printf(
        Locale.ROOT,
        ROW,
        "pipeline",
        "msgs/s",
        "CPU us/msg",
        "peak heap MiB",
        "after-GC MiB",
        "GC ms",
        "checkpoints",
        "egress records");
    row(out, plain);
    row(out, relay);
    out.printf(
        Locale.ROOT,
        ROW,
        label,
        ratio(relay.messagesPerSecond(), plain.messagesPerSecond()),
        ratio(relay.cpuMicrosPerMessage(), plain.cpuMicrosPerMessage()),
        ratio(relay.peakHeapMiB(), plain.peakHeapMiB()),
        relay.heapAfterGcMiB() < 0 || plain.heapAfterGcMiB() < 0
            ? ""
            : ratio(relay.heapAfterGcMiB(), plain.heapAfterGcMiB()),
        "",
        "",
        "");
  }

  /** Exactly {@code RESULT relay_msgs_per_s=<n> plain_msgs_per_s=<n> ratio=<relay/plain>}. */
  static String resultLine(RunResult plain, RunResult relay) {
    return String.format(
        Locale.ROOT,
        "RESULT relay_msgs_per_s=%d plain_msgs_per_s=%d ratio=%.2f",
        Math.round(relay.messagesPerSecond()),
        Math.round(plain.messagesPerSecond()),
        relay.messagesPerSecond() / plain.messagesPerSecond());
  }

  private static void row(PrintStream out, RunResult run) {
    out.printf(
        Locale.ROOT,
        ROW,
        run.pipeline(),
        String.format(Locale.ROOT, "%d", Math.round(run.messagesPerSecond())),
        String.format(Locale.ROOT, "%.2f", run.cpuMicrosPerMessage()),
        String.format(Locale.ROOT, "%.0f", run.peakHeapMiB()),
        run.heapAfterGcMiB() < 0
            ? "no GC"
            : String.format(Locale.ROOT, "%.0f", run.heapAfterGcMiB()),
        run.usage().gcMillis(),
        run.checkpoints(),
        run.egressRecords());
  }

  private static String ratio(double numerator, double denominator) {
    return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
  }
}
