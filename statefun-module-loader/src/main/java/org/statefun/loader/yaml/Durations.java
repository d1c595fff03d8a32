package org.statefun.loader.yaml;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntaxes of module.yaml: this project's format (a whole number and {@code ms},
 * {@code s}, {@code m} or {@code h}) and StateFun's (Flink's duration syntax: a whole number,
 * optionally followed by a unit such as {@code ms}, {@code s}, {@code sec}, {@code m}, {@code min},
 * {@code h} or {@code d} and their long names; no unit means milliseconds).
 */
public final class Durations {
  private Durations() {}

  static final String EXPECTED = "a positive duration: a whole number and ms, s, m or h, like 10s";
  static final String STATEFUN_EXPECTED =
      "a positive duration like 2m, 30s, 500ms or 1min (units: ms, s, m, min, h, d)";

  private static final Pattern FORMAT_1 = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern STATEFUN = Pattern.compile("(\\d+)\\s*([a-zA-Z]*)");

  /** A positive duration in this project's syntax; empty when it is not one. */
  public static Optional<Duration> parse(String text) {
    Matcher m = FORMAT_1.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    return of(m.group(1), m.group(2));
  }

  /** A positive duration in StateFun's (Flink's) syntax; empty when it is not one. */
  public static Optional<Duration> parseStateFun(String text) {
    Matcher m = STATEFUN.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    String unit =
        switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
          case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> "ms";
          case "s", "sec", "secs", "second", "seconds" -> "s";
          case "m", "min", "mins", "minute", "minutes" -> "m";
          case "h", "hour", "hours" -> "h";
          case "d", "day", "days" -> "d";
          default -> null;
        };
    return unit == null ? Optional.empty() : of(m.group(1), unit);
  }

  private static Optional<Duration> of(String digits, String unit) {
    long amount;
    try {
      amount = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (amount == 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          });
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }
}
