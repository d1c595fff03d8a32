package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints the comparison of a plain and a relay run, and the one machine-readable RESULT line. With
 * a fan-out above 1 the rate columns are named for what they count: ingress records/s, egress
 * records/s and CPU per ingress record.
 */
final class ResultTable {

  private static final String ROW = "%-12s %10s %11s %14s %15s %7s %12s %15s%n";
  private static final String FAN_OUT_ROW = "%-12s %10s %10s %14s %14s %15s %7s %12s %15s%n";

  private ResultTable() {}

  static void print(PrintStream out, RunResult plain, RunResult relay) {
    print(out, plain, relay, "relay/plain");
  }

  /** The table of {@code measured} against {@code baseline}, with a ratio row {@code label}. */
  static void print(PrintStream out, RunResult baseline, RunResult measured, String label) {
    boolean fanOut = baseline.fansOut();
    String format = fanOut ? FAN_OUT_ROW : ROW;
    List<Object> header = new ArrayList<>(List.of("pipeline"));
    if (fanOut) {
      header.addAll(List.of("ingress/s", "egress/s", "CPU us/ingress"));
    } else {
      header.addAll(List.of("msgs/s", "CPU us/msg"));
    }
    header.addAll(
        List.of("peak heap MiB", "after-GC MiB", "GC ms", "checkpoints", "egress records"));
    out.printf(Locale.ROOT, format, header.toArray());
    row(out, format, baseline);
    row(out, format, measured);

    List<Object> ratios = new ArrayList<>(List.of(label));
    ratios.add(ratio(measured.messagesPerSecond(), baseline.messagesPerSecond()));
    if (fanOut) {
      ratios.add(ratio(measured.egressPerSecond(), baseline.egressPerSecond()));
    }
    ratios.add(ratio(measured.cpuMicrosPerMessage(), baseline.cpuMicrosPerMessage()));
    ratios.add(ratio(measured.peakHeapMiB(), baseline.peakHeapMiB()));
    ratios.add(
        measured.heapAfterGcMiB() < 0 || baseline.heapAfterGcMiB() < 0
            ? ""
            : ratio(measured.heapAfterGcMiB(), baseline.heapAfterGcMiB()));
    ratios.addAll(List.of("", "", ""));
    out.printf(Locale.ROOT, format, ratios.toArray());
  }

  /**
   * Exactly {@code RESULT relay_msgs_per_s=<n> plain_msgs_per_s=<n> ratio=<relay/plain>}, msgs
   * being ingress records; with a fan-out above 1 followed by {@code relay_egress_per_s=<n>
   * plain_egress_per_s=<n>}.
   */
  static String resultLine(RunResult plain, RunResult relay) {
    String line =
        String.format(
            Locale.ROOT,
            "RESULT relay_msgs_per_s=%d plain_msgs_per_s=%d ratio=%.2f",
            Math.round(relay.messagesPerSecond()),
            Math.round(plain.messagesPerSecond()),
            relay.messagesPerSecond() / plain.messagesPerSecond());
    if (!plain.fansOut()) {
      return line;
    }
    return line
        + String.format(
            Locale.ROOT,
            " relay_egress_per_s=%d plain_egress_per_s=%d",
            Math.round(relay.egressPerSecond()),
            Math.round(plain.egressPerSecond()));
  }

  private static void row(PrintStream out, String format, RunResult run) {
    List<Object> cells = new ArrayList<>(List.of(run.pipeline()));
    cells.add(String.format(Locale.ROOT, "%d", Math.round(run.messagesPerSecond())));
    if (run.fansOut()) {
      cells.add(String.format(Locale.ROOT, "%d", Math.round(run.egressPerSecond())));
    }
    cells.add(String.format(Locale.ROOT, "%.2f", run.cpuMicrosPerMessage()));
    cells.add(String.format(Locale.ROOT, "%.0f", run.peakHeapMiB()));
    cells.add(
        run.heapAfterGcMiB() < 0
            ? "no GC"
            : String.format(Locale.ROOT, "%.0f", run.heapAfterGcMiB()));
    cells.add(run.usage().gcMillis());
    cells.add(run.checkpoints());
    cells.add(run.egressRecords());
    out.printf(Locale.ROOT, format, cells.toArray());
  }

  private static String ratio(double numerator, double denominator) {
    return String.format(Locale.ROOT, "%.2fx", numerator / denominator);
  }
}
