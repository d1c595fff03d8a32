package org.statefun.benchmarks.relay;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the benchmark programs share: their arguments ({@code [records] [warm-up records]} and the
 * {@link BenchOptions} each accepts), the header line, and how they end (exit 0 with a RESULT line,
 * 1 on wrong results, 2 on bad arguments or a failure).
 */
final class BenchmarkMain {

  static final long DEFAULT_RECORDS = 20_000_000L;
  static final long MAX_WARMUP = 10_000_000L;

  /** A benchmark's body: prints its runs and RESULT line, returns the exit code. */
  interface Body {
    int run(PrintStream out, long records, long warmup, BenchOptions options) throws Exception;
  }

  private BenchmarkMain() {}

  /**
   * Parses the arguments, prints {@code header} (a format with explicit indexes: {@code %1$}
   * records, {@code %2$} parallelism, {@code %3$} state backend, {@code %4$} warm-up records) and
   * the relay's shape when it is not the default, runs {@code body} and exits with its code.
   */
  static void runAndExit(String[] args, Set<BenchOptions.Key> accepted, String header, Body body) {
    long records;
    long warmup;
    BenchOptions options;
    try {
      List<String> positional = Arrays.stream(args).filter(a -> !BenchOptions.isOption(a)).toList();
      options =
          BenchOptions.parse(Arrays.stream(args).filter(BenchOptions::isOption).toList(), accepted);
      if (positional.size() > 2) {
        throw new IllegalArgumentException(
            "too many arguments, got '" + String.join(" ", positional) + "'");
      }
      records =
          positional.size() > 0
              ? count(positional.get(0), "records", 1, Long.MAX_VALUE)
              : DEFAULT_RECORDS;
      warmup =
          positional.size() > 1
              ? count(positional.get(1), "warm-up records", 0, Long.MAX_VALUE)
              : Math.min(records, MAX_WARMUP);
    } catch (IllegalArgumentException e) {
      String optionUsage = BenchOptions.usage(accepted);
      System.err.println(
          "ERROR: "
              + e.getMessage()
              + "; arguments: [records] [warm-up records]"
              + (optionUsage.isEmpty() ? "" : " " + optionUsage));
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    try {
      out.printf(
          Locale.ROOT,
          header + "%5$s%n",
          records,
          options.parallelism(),
          options.stateBackend(),
          warmup,
          options.shape());
      System.exit(body.run(out, records, warmup, options));
    } catch (Exception e) {
      System.err.println("ERROR: the benchmark failed: " + e);
      e.printStackTrace();
      System.exit(2);
    }
  }

  /** {@code text} as a whole number in {@code [min, max]} ({@code _} and {@code ,} allowed). */
  static long count(String text, String what, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + text + "'");
    }
    if (value < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + text);
    }
    if (value > max) {
      throw new IllegalArgumentException(what + " must be at most " + max + ", got " + text);
    }
    return value;
  }
}
