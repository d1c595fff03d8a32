package org.statefun.loader;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one line that tells a user why a run failed. The runtime's own exceptions carry complete
 * messages (function type, address, message type, cause), so the first of them in the cause chain
 * wins; Flink's "Could not parse value" becomes the option's key without its value; otherwise the
 * root cause. Long messages keep their first line, at most {@link #MAX_LENGTH} characters.
 */
final class FailureSummary {
  private FailureSummary() {}

  static final int MAX_LENGTH = 500;

  private static final Pattern UNPARSABLE_OPTION =
      Pattern.compile("Could not parse value '.*' for key '([^']+)'", Pattern.DOTALL);
  private static final Pattern GAVE_UP =
      Pattern.compile(
          "Recovery is suppressed by \\w*RestartBackoffTimeStrategy\\(maxNumberRestartAttempts=(\\d+)");

  static String of(Throwable failure) {
    String line = line(failure);
    String restarts = restarts(failure);
    return shorten(line) + restarts;
  }

  private static String line(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      if (isRuntime(t) && t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    for (Throwable t = failure; t != null; t = next(t)) {
      Matcher option = t.getMessage() == null ? null : UNPARSABLE_OPTION.matcher(t.getMessage());
      if (option != null && option.find()) {
        return "option '" + option.group(1) + "' has a value Flink cannot parse";
      }
    }
    Throwable root = failure;
    while (next(root) != null) {
      root = next(root);
    }
    return root.toString();
  }

  /** " (after 3 restarts)" when Flink's restart strategy gave up, else "". */
  private static String restarts(Throwable failure) {
    for (Throwable t = failure; t != null; t = next(t)) {
      Matcher gaveUp = t.getMessage() == null ? null : GAVE_UP.matcher(t.getMessage());
      if (gaveUp != null && gaveUp.find()) {
        int attempts = Integer.parseInt(gaveUp.group(1));
        return attempts == 0
            ? ""
            : " (after " + attempts + (attempts == 1 ? " restart)" : " restarts)");
      }
    }
    return "";
  }

  private static boolean isRuntime(Throwable t) {
    return RuntimeExceptions.isRuntime(t.getClass().getName());
  }

  private static Throwable next(Throwable t) {
    return t.getCause() == t ? null : t.getCause();
  }

  private static String shorten(String message) {
    String text = message.strip();
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline).strip();
    }
    return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH - 1) + "…";
  }
}
