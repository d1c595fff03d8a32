package org.statefun.loader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a failure of {@code bin/statefun run|validate} as its cause in one line plus where the
 * full trace is, instead of a stack trace on the terminal. The trace goes to the logger {@value
 * #TRACE_LOGGER}, which {@code bin/log4j2.properties} writes only to the log file named by the
 * system property {@value #LOG_FILE_PROPERTY}; without that property the trace follows the line.
 */
final class FailureReport {

  /** The system property naming the log file; {@code bin/statefun} sets it. */
  static final String LOG_FILE_PROPERTY = "statefun.log.file";

  /** Outside {@code org.statefun}, so that bin/log4j2.properties keeps it off the terminal. */
  static final String TRACE_LOGGER = "statefun.failure";

  private static final Logger TRACE = LoggerFactory.getLogger(TRACE_LOGGER);

  private final PrintStream err;
  private final Optional<Path> logFile;

  FailureReport(PrintStream err, Optional<Path> logFile) {
    this.err = err;
    this.logFile = logFile;
  }

  /** The log file named by {@value #LOG_FILE_PROPERTY}, if set. */
  static Optional<Path> configuredLogFile() {
    return Optional.ofNullable(System.getProperty(LOG_FILE_PROPERTY))
        .filter(p -> !p.isBlank())
        .map(p -> Path.of(p).toAbsolutePath());
  }

  /**
   * Prints "statefun: {@code what}: cause" and where the trace is.
   *
   * @param what e.g. "the job failed"
   * @return the exit code, 1
   */
  int report(String what, Throwable failure) {
    TRACE.error("statefun: {}", what, failure);
    err.println("statefun: " + what + ": " + FailureSummary.of(failure));
    if (logFile.isPresent()) {
      err.println("statefun: full trace in " + logFile.get());
    } else {
      err.println("statefun: full trace:");
      failure.printStackTrace(err);
    }
    return StartupException.INVALID;
  }
}
