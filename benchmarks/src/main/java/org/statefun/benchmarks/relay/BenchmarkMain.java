package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.Locale;

/**
 * What the benchmark programs share: their arguments ({@code [records] [warm-up records]}), the
 * header line, and how they end (exit 0 with a RESULT line, 1 on wrong results, 2 on a failure).
 */
final class BenchmarkMain {

  static final long DEFAULT_RECORDS = 20_000_000L;
  static final long MAX_WARMUP = 2_000_000L;

  /** A benchmark's body: prints its runs and RESULT line, returns the exit code. */
  interface Body {
    int run(PrintStream out, long records, long warmup) throws Exception;
  }

  private BenchmarkMain() {}

  /**
   * Parses the arguments, prints {@code header} (formatted with records, parallelism and warm-up
   * records), runs {@code body} and exits with its code.
   */
  static void runAndExit(String[] args, String header, Body body) {
    long records;
    long warmup;
    try {
      records = args.length > 0 ? count(args[0], "records", 1) : DEFAULT_RECORDS;
      warmup =
          args.length > 1 ? count(args[1], "warm-up records", 0) : Math.min(records, MAX_WARMUP);
    } catch (IllegalArgumentException e) {
      System.err.println("ERROR: " + e.getMessage() + "; arguments: [records] [warm-up records]");
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    try {
      out.printf(Locale.ROOT, header + "%n", records, BenchCluster.PARALLELISM, warmup);
      System.exit(body.run(out, records, warmup));
    } catch (Exception e) {
      System.err.println("ERROR: the benchmark failed: " + e);
      e.printStackTrace();
      System.exit(2);
    }
  }

  private static long count(String text, String what, long min) {
    long value;
    try {
      value = Long.parseLong(text.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
    }
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + text);
    }
    return value;
  }
}
