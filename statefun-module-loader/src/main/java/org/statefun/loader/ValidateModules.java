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
      JobArguments arguments = JobArguments.parse(args);
      if (arguments.help()) {
        out.println(JobArguments.USAGE.replace("StatefulFunctionsJob", "ValidateModules"));
        return 0;
      }
      Configuration configuration = JobConfiguration.load(arguments, workingDirectory, err);
      StatefulFunctionsJob job = new StatefulFunctionsJob(environment, workingDirectory, out, err);
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
