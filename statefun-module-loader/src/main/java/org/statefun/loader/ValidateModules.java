package org.statefun.loader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Loads and validates modules without running anything: the same checks as {@link
 * StatefulFunctionsJob}, including building the job graph, but no cluster starts. Exits with 0 when
 * valid, 1 with the list of problems when not, 2 on bad arguments. Takes the same arguments as the
 * job.
 */
public final class ValidateModules {
  /**
   * The help of {@code bin/statefun validate} (bin/statefun prints the same Usage line and options,
   * and docs/cli.md tables them; CommandLineHelpIT checks that all three agree).
   */
  public static final String USAGE =
      String.join(
          "\n",
          "Usage: bin/statefun validate [DIR] [--modules DIR] [--parallelism N] [--config DIR]"
              + " [-Dkey=value ...]",
          "",
          "Loads and validates the modules (module.yaml, classes, kinds, routers, the job graph)",
          "with the options run would use (-D, config.yaml), without starting Flink: settings that",
          "cannot work, such as unaligned checkpoints, are problems as in run (which always checkpoints locally).",
          "Prints a summary and exits 0, or prints every problem as file:line:column: message (or",
          "one line) and exits 1; exits 2 on bad arguments.",
          "",
          "Options (each also as --option=value):",
          "  DIR                the modules directory, as --modules DIR (first argument only)",
          "  --modules DIR      the modules directory: one subdirectory per module, holding its",
          "                     module.yaml and/or jars (default: modules)",
          "  --parallelism N    the parallelism the job graph is built with (default:",
          "                     parallelism.default, locally the number of CPU cores)",
          "  --config DIR       read Flink and statefun options from DIR/config.yaml (default:",
          "                     ./config.yaml when it exists)",
          "  -Dkey=value        set any Flink or statefun.* option; wins over config.yaml",
          "  --help             print this help");

  private ValidateModules() {}

  public static void main(String[] args) {
    int code =
        validate(
            args,
            System.getenv(),
            Path.of("").toAbsolutePath(),
            System.out,
            System.err,
            FailureReport.configuredLogFile());
    System.exit(code);
  }

  /** A first argument that is not an option is the modules directory. */
  private static String[] withModulesOption(String[] args) {
    if (args.length == 0 || args[0].startsWith("-")) {
      return args;
    }
    String[] withOption = args.clone();
    withOption[0] = "--modules=" + args[0]; // in place: messages count arguments as given
    return withOption;
  }

  /**
   * Validates and returns the exit code; the summary goes to {@code out}, problems to {@code err}.
   * A failure other than a problem of the modules is printed as one line with its trace after it.
   */
  public static int validate(
      String[] args,
      Map<String, String> environment,
      Path workingDirectory,
      PrintStream out,
      PrintStream err) {
    return validate(args, environment, workingDirectory, out, err, Optional.empty());
  }

  /**
   * Validates as {@link #validate(String[], Map, Path, PrintStream, PrintStream)} does; the trace
   * of an unexpected failure goes to {@code logFile} (through the log) when given.
   */
  public static int validate(
      String[] args,
      Map<String, String> environment,
      Path workingDirectory,
      PrintStream out,
      PrintStream err,
      Optional<Path> logFile) {
    try {
      JobArguments arguments;
      try {
        arguments = JobArguments.parse(withModulesOption(args));
      } catch (StartupException e) {
        // The problem with validate's usage, not run's.
        err.println(e.getMessage().replace(JobArguments.USAGE, USAGE));
        return e.exitCode();
      }
      if (arguments.help()) {
        out.println(USAGE);
        return 0;
      }
      Configuration configuration = JobConfiguration.load(arguments, workingDirectory, err);
      StatefulFunctionsJob job = new StatefulFunctionsJob(environment, workingDirectory, out, err);
      // As bin/statefun run would run them: a local run always checkpoints (LocalState).
      LocalState.checkpointByDefault(configuration);
      try (LoadedModules modules = job.load(arguments, configuration)) {
        Summary.print(modules, out);
        StatefulFunctionsJob.translate(
            StreamExecutionEnvironment.createLocalEnvironment(configuration), modules);
        out.println("statefun: the modules are valid");
        return 0;
      }
    } catch (StartupException e) {
      err.println(e.getMessage());
      return e.exitCode();
    } catch (Throwable e) { // everything: the user gets one line and the log, never a bare trace
      return new FailureReport(err, logFile).report("validation failed", e);
    }
  }
}
