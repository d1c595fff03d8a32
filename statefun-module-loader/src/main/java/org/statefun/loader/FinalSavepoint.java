package org.statefun.loader;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.util.ExceptionUtils;
import sun.misc.Signal;

/**
 * Ctrl-C of a local run. The first SIGINT stops the job with a savepoint into the state directory,
 * so the next run resumes exactly where this one stopped; when the job cannot take one (still
 * starting, restarting, or the savepoint fails or times out) the job is cancelled and the next run
 * resumes from the last completed checkpoint. A second SIGINT exits at once.
 *
 * <p>It replaces the JVM's SIGINT handler while the job runs: the JVM's would start the shutdown
 * hooks, and Flink's hooks tear the embedded cluster down underneath a savepoint in progress.
 */
final class FinalSavepoint implements AutoCloseable {

  /** Exit code of a run stopped by Ctrl-C, as a shell reports a process ended by SIGINT. */
  static final int EXIT_CODE = 130;

  /** How long the savepoint may take before the job is cancelled instead. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private static final Signal SIGINT = new Signal("INT");

  private final JobClient job;
  private final Path savepoints;
  private final PrintStream out;
  private final AtomicInteger interrupts = new AtomicInteger();

  /** The final savepoint's path, or empty when the job was cancelled instead. */
  private final CompletableFuture<Optional<String>> taken = new CompletableFuture<>();

  private final sun.misc.SignalHandler previous;

  private FinalSavepoint(JobClient job, Path savepoints, PrintStream out) {
    this.job = job;
    this.savepoints = savepoints;
    this.out = out;
    this.previous = Signal.handle(SIGINT, signal -> interrupted());
  }

  /**
   * Takes over Ctrl-C while {@code job} runs, until {@link #close()}.
   *
   * @param savepoints where the final savepoint goes
   * @param out where progress is said
   */
  static FinalSavepoint onCtrlC(JobClient job, Path savepoints, PrintStream out) {
    return new FinalSavepoint(job, savepoints, out);
  }

  /** Whether Ctrl-C stopped the job (its end is then no failure). */
  boolean stoppedByUser() {
    return interrupts.get() > 0;
  }

  /**
   * The line that ends a run stopped by Ctrl-C, once the job has ended: where the next run resumes
   * from.
   */
  String outcome() {
    Optional<String> savepoint;
    try {
      savepoint = taken.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      savepoint = Optional.empty();
    }
    if (savepoint.isEmpty()) {
      return "statefun: stopped without a final savepoint; the next run resumes from the last"
          + " completed checkpoint";
    }
    return "statefun: stopped with a final savepoint in "
        + savepoint.get()
        + "; the next run resumes from it";
  }

  // Runs on a thread of its own for each signal, so the second Ctrl-C is seen while the first
  // waits for the savepoint.
  private void interrupted() {
    if (interrupts.incrementAndGet() > 1) {
      out.println("statefun: second Ctrl-C: stopping at once");
      out.flush();
      System.exit(EXIT_CODE);
      return;
    }
    out.println(
        "statefun: Ctrl-C: stopping with a final savepoint into "
            + savepoints
            + " (Ctrl-C again to stop at once)");
    out.flush();
    try {
      String path =
          job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      taken.complete(Optional.of(localPath(path)));
    } catch (Exception e) {
      taken.complete(Optional.empty());
      out.println(
          "statefun: no final savepoint ("
              + reason(e)
              + "); cancelling, the next run resumes from the last completed checkpoint");
      out.flush();
      job.cancel();
    }
  }

  private static String localPath(String path) {
    URI uri = URI.create(path);
    return uri.getScheme() == null ? path : Path.of(uri).toString();
  }

  private static String reason(Exception failure) {
    if (failure instanceof TimeoutException) {
      return "not taken within " + TIMEOUT.toSeconds() + " s";
    }
    Throwable cause = ExceptionUtils.stripExecutionException(failure);
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** Gives Ctrl-C back to the JVM. */
  @Override
  public void close() {
    Signal.handle(SIGINT, previous);
  }
}
