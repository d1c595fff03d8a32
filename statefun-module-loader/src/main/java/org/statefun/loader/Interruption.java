package org.statefun.loader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says so in one line when the JVM of a local run goes down before the run ended (Ctrl-C, a kill
 * signal, a fatal error), instead of leaving the user with a silently ended process.
 */
final class Interruption {

  private final AtomicBoolean finished = new AtomicBoolean();

  private Interruption() {}

  /** Registers the announcement; call {@link #finished()} before a regular exit. */
  static Interruption announceOnShutdown(PrintStream err, Optional<Path> logFile) {
    Interruption interruption = new Interruption();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (!interruption.finished.get()) {
                    err.println(
                        "statefun: stopped before the job ended (Ctrl-C, a kill signal or a fatal error)"
                            + logFile.map(f -> "; log in " + f).orElse(""));
                  }
                },
                "statefun-interruption"));
    return interruption;
  }

  /** The run ended on its own: nothing to announce. */
  void finished() {
    finished.set(true);
  }
}
