package org.statefun.state.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entrypoint of {@code bin/statefun state}: {@code inspect} prints the function state of a
 * savepoint or checkpoint as JSON lines, {@code bootstrap} writes a savepoint from JSON lines.
 * Exits 0 on success, 1 with a one-line problem, 2 on bad arguments.
 */
public final class StateTool {

  /** Outside {@code org.statefun}, so that bin/log4j2.properties writes it to the log file only. */
  private static final Logger TRACE = LoggerFactory.getLogger("statefun.failure");

  /**
   * The help of {@code bin/statefun state} (bin/statefun prints the same Usage line and options,
   * and docs/cli.md tables them; StateToolHelpTest checks that they agree).
   */
  public static final String USAGE =
      String.join(
          "\n",
          "Usage: bin/statefun state inspect SAVEPOINT_OR_CHECKPOINT [--modules DIR] [--type NS/NAME]"
              + " [--id ID] [--state NAME]",
          "       bin/statefun state bootstrap --input FILE.jsonl --out SAVEPOINT_DIR [--modules DIR]"
              + " [--max-parallelism N]",
          "",
          "inspect prints the persisted state of every address in a savepoint or checkpoint (a",
          "directory holding _metadata, e.g. <state dir>/savepoints/savepoint-...) as JSON lines:",
          "  {\"type\":\"ns/name\",\"id\":\"alice\",\"state\":\"visits\",\"value\":3}",
          "  {\"type\":\"ns/name\",\"id\":\"alice\",\"state\":\"cart\",\"table\":{\"apple\":2}}",
          "  {\"type\":\"ns/name\",\"id\":\"alice\",\"state\":\"history\",\"buffer\":[\"apple\"]}",
          "then, without filters, per subtask the delayed messages pending and the messages in",
          "flight on the feedback loop: {\"subtask\":0,\"delayed_messages\":1,\"loop_messages\":0}",
          "bootstrap writes a new savepoint holding the state of the JSON lines of FILE (the format",
          "inspect prints); written as <state dir>/savepoints/savepoint-NAME, the next",
          "bin/statefun run --state-dir <state dir> resumes from it. Values are read and written",
          "with the modules' classes. Exits 0, or 1 with the problem in one line (bootstrap then",
          "writes nothing), or 2 on bad arguments.",
          "",
          "Options (each also as --option=value):",
          "  --modules DIR      the modules directory whose functions declare the state (default:",
          "                     modules/ of this repository)",
          "  --type NS/NAME     (inspect) only the state of this function type",
          "  --id ID            (inspect) only the state of this id",
          "  --state NAME       (inspect) only the states of this name",
          "  --input FILE       (bootstrap) the JSON lines to write",
          "  --out DIR          (bootstrap) the new savepoint directory (must not exist or be empty)",
          "  --max-parallelism N",
          "                     (bootstrap) the key groups of the job that starts from it (default",
          "                     128, the job's default up to parallelism 64)",
          "  --help             print this help");

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final PrintStream out;
  private final PrintStream err;

  public StateTool(
      Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err) {
    this.environment = environment;
    this.workingDirectory = workingDirectory;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(
        new StateTool(System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err)
            .run(args));
  }

  /** Runs a command and returns its exit code; problems go to {@code err} as one line. */
  public int run(String... args) {
    try {
      StateArguments arguments = StateArguments.parse(args);
      if (arguments.help()) {
        out.println(USAGE);
        return 0;
      }
      if (arguments.command().equals("inspect")) {
        new Inspect(environment, workingDirectory, out, err).run(arguments);
      } else {
        new Bootstrap(environment, workingDirectory, out).run(arguments);
      }
      return 0;
    } catch (StateToolException e) {
      err.println(e.getMessage());
      return e.exitCode();
    } catch (Throwable e) {
      Throwable cause = ExceptionUtils.stripExecutionException(e);
      for (Throwable t = cause; t != null; t = t.getCause()) {
        cause = t; // the root cause says what went wrong in the state job
        if (t.getCause() == t) {
          break;
        }
      }
      // The trace goes to the log file only (bin/log4j2.properties keeps this logger off the
      // terminal, as for run and validate).
      TRACE.error("statefun state failed", e);
      String logFile = System.getProperty("statefun.log.file", "");
      err.println(
          "statefun state: failed: "
              + cause
              + (logFile.isBlank() ? "" : " (the full trace is in " + logFile + ")"));
      return StateToolException.PROBLEM;
    }
  }
}
