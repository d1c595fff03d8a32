package org.statefun.loader;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.translation.TranslationException;
import org.statefun.core.translation.UniverseTranslator;

/**
 * The universal job: loads every module of the modules directory and runs them as one Flink job.
 * The same jar runs standalone (embedded cluster with web UI) and under {@code flink run} or the
 * REST API of a Flink 2.2 cluster. See {@link JobArguments#USAGE} for the command line.
 */
public final class StatefulFunctionsJob {

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final PrintStream out;

  /**
   * @param environment variables for {@code ${VAR}} in module.yaml
   * @param workingDirectory where relative paths and the default config.yaml are looked up
   * @param out where the summary goes
   */
  public StatefulFunctionsJob(Map<String, String> environment, Path workingDirectory, PrintStream out) {
    this.environment = Map.copyOf(environment);
    this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    this.out = Objects.requireNonNull(out, "out");
  }

  public static void main(String[] args) throws Exception {
    try {
      new StatefulFunctionsJob(System.getenv(), Path.of("").toAbsolutePath(), System.out).run(args);
    } catch (StartupException e) {
      if (!JobEnvironment.isStandalone()) {
        throw e;
      }
      System.err.println(e.getMessage());
      System.exit(e.exitCode());
    }
  }

  /**
   * Loads the modules, prints the summary, and runs the job until it finishes (or, under a
   * detached client, until it is submitted).
   *
   * @return the job's result; null when only {@code --help} was asked for
   * @throws StartupException when arguments, configuration or modules are invalid
   */
  public JobExecutionResult run(String... args) throws Exception {
    JobArguments arguments = JobArguments.parse(args);
    if (arguments.help()) {
      out.println(JobArguments.USAGE);
      return null;
    }
    Configuration configuration = JobConfiguration.load(arguments, workingDirectory);
    try (LoadedModules modules = load(arguments, configuration)) {
      Summary.print(modules, out);
      String name =
          configuration
              .getOptional(PipelineOptions.NAME)
              .orElse("statefun: " + String.join(", ", modules.modules().stream().map(LoadedModules.Module::name).toList()));
      StreamExecutionEnvironment env = JobEnvironment.create(configuration, modules.jars(), out);
      translate(env, modules);
      return env.execute(name);
    }
  }

  /** Loads and validates the modules of {@code arguments}, as {@link #run} does. */
  LoadedModules load(JobArguments arguments, Configuration configuration) {
    Path root = workingDirectory.resolve(arguments.modules()).normalize();
    try {
      return new ModuleLoader(StatefulFunctionsJob.class.getClassLoader(), environment)
          .load(root, JobConfiguration.globalModuleConfiguration(configuration));
    } catch (ModuleLoadException e) {
      StringBuilder report = new StringBuilder();
      report.append(e.problems().size() == 1 ? "1 problem" : e.problems().size() + " problems");
      report.append(" in the modules of ").append(root).append(':');
      e.problems().forEach(p -> report.append("\n  ").append(p.describe(workingDirectory)));
      throw new StartupException(report.toString(), StartupException.INVALID);
    }
  }

  static void translate(StreamExecutionEnvironment env, LoadedModules modules) {
    try {
      UniverseTranslator.translate(env, modules.universe());
    } catch (TranslationException e) {
      throw new StartupException("The modules cannot run: " + e.getMessage(), StartupException.INVALID);
    }
  }
}
