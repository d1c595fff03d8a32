package org.statefun.distribution.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.statefun.loader.RuntimeExceptions;

/**
 * A job's failures as the REST API keeps them ({@code GET /jobs/:id/exceptions}), told in one line:
 * how many, when the newest happened, and why. A job that a poison message restarts over and over
 * shows here, with the function, address and exception that fail it.
 *
 * @param count failures in the history (the JobManager keeps the newest {@code
 *     web.exception-history-size}, 16 by default)
 * @param truncated whether older failures were dropped from the history
 * @param newest the newest failure's time
 * @param reason the newest failure's reason
 */
record JobFailures(int count, boolean truncated, Instant newest, String reason) {

  /** Longest reason shown; the web UI has the whole stack trace. */
  static final int MAX_LENGTH = 500;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  /** The failures in a {@code /jobs/:id/exceptions} answer; empty if the job never failed. */
  static Optional<JobFailures> of(JsonNode exceptions) {
    JsonNode history = exceptions.path("exceptionHistory");
    JsonNode entries = history.path("entries");
    if (!entries.isArray() || entries.isEmpty()) {
      return Optional.empty();
    }
    JsonNode newest = entries.get(0); // the history lists the newest first
    return Optional.of(
        new JobFailures(
            entries.size(),
            history.path("truncated").asBoolean(),
            Instant.ofEpochMilli(newest.path("timestamp").asLong()),
            reason(newest.path("stacktrace").asText())));
  }

  /**
   * The message of the first runtime exception in the chain (it names function, address and cause),
   * else the root cause; its first line, at most {@link #MAX_LENGTH} characters.
   */
  static String reason(String stackTrace) {
    List<String> chain = new ArrayList<>();
    for (String line : stackTrace.lines().toList()) {
      if (chain.isEmpty() && !line.isBlank()) {
        chain.add(line);
      } else if (line.startsWith("Caused by: ")) {
        chain.add(line.substring("Caused by: ".length()));
      }
    }
    if (chain.isEmpty()) {
      return "(no stack trace)";
    }
    String reason = chain.get(chain.size() - 1);
    for (String exception : chain) {
      int colon = exception.indexOf(": ");
      String type = colon < 0 ? exception : exception.substring(0, colon);
      if (colon >= 0 && RuntimeExceptions.isRuntime(type)) {
        reason = exception.substring(colon + 2);
        break;
      }
    }
    return reason.length() <= MAX_LENGTH ? reason : reason.substring(0, MAX_LENGTH - 1) + "…";
  }

  /** "3 failures, the newest at 10:41:31: <reason>". */
  String describe() {
    return (truncated ? "more than " : "")
        + count
        + (count == 1 && !truncated ? " failure" : " failures")
        + ", the newest at "
        + TIME.format(newest)
        + ": "
        + reason;
  }
}
