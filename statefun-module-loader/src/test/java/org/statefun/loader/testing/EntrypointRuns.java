package org.statefun.loader.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.statefun.loader.StatefulFunctionsJob;

/**
 * Runs the universal entrypoint the way the tests do: on the MiniCluster of the test class (a
 * {@code MiniClusterExtension} provides the context environment), parallelism 2, checkpoints every
 * 200 ms, until the job finishes by itself.
 */
public final class EntrypointRuns {
  private EntrypointRuns() {}

  /** The arguments every test run uses, before its own. */
  public static final List<String> BASE_ARGUMENTS =
      List.of("--parallelism", "2", "-Dexecution.checkpointing.interval=200ms");

  /**
   * Runs the job in {@code workingDirectory} (modules in its {@code modules/}) with {@code
   * environment}.
   */
  public static void run(
      Path workingDirectory, Map<String, String> environment, String... arguments)
      throws Exception {
    List<String> all = new ArrayList<>(BASE_ARGUMENTS);
    all.addAll(List.of(arguments));
    new StatefulFunctionsJob(environment, workingDirectory, System.out)
        .run(all.toArray(String[]::new));
  }

  /**
   * Runs the job as {@link #run} does and returns the stdout lines that start with {@code prefix}.
   */
  public static List<String> printedLines(Path workingDirectory, String prefix, String... arguments)
      throws Exception {
    try (CapturedStdout stdout = new CapturedStdout()) {
      run(workingDirectory, Map.of(), arguments);
      return stdout.linesStartingWith(prefix);
    }
  }
}
