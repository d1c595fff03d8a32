package org.statefun.loader;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.statefun.core.translation.TranslationException;
import org.statefun.core.translation.UniverseTranslator;

/**
 * The universal job: loads every module of the modules directory and runs them as one Flink job.
 * The same jar runs standalone (embedded cluster with web UI) and under {@code flink run} or the
 * REST API of a Flink 2.2 cluster. See {@link JobArguments#USAGE} for the command line.
 */
public final class StatefulFunctionsJob {

  // Start-up milestones go to the log (benchmarks/startup.sh reads them): when the JVM started,
  // when
  // the modules were loaded; Flink logs the cluster start, the submission and the tasks running.
  private static final Logger LOG = LoggerFactory.getLogger(StatefulFunctionsJob.class);

  private final Map<String, String> environment;
  private final Path workingDirectory;
  private final PrintStream out;
  private final PrintStream err;

  /**
   * @param environment variables for {@code ${VAR}} in module.yaml
   * @param workingDirectory where relative paths and the default config.yaml are looked up
   * @param out where the summary goes
   */
  public StatefulFunctionsJob(
      Map<String, String> environment, Path workingDirectory, PrintStream out) {
    this(environment, workingDirectory, out, System.err);
  }

  /**
   * @param environment variables for {@code ${VAR}} in module.yaml
   * @param workingDirectory where relative paths and the default config.yaml are looked up
   * @param out where the summary goes
   * @param err where warnings and failures go
   */
  public StatefulFunctionsJob(
      Map<String, String> environment, Path workingDirectory, PrintStream out, PrintStream err) {
    this.environment = Map.copyOf(environment);
    this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
    this.out = Objects.requireNonNull(out, "out");
    this.err = Objects.requireNonNull(err, "err");
  }

  /**
   * Runs the job. Started as a plain program ({@code bin/statefun run}), every failure ends as one
   * line on stderr and an exit code; under a Flink client ({@code flink run}, REST) failures are
   * thrown for the client to report, as Flink does for any job.
   */
  public static void main(String[] args) throws Exception {
    StatefulFunctionsJob job =
        new StatefulFunctionsJob(
            System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err);
    if (!JobEnvironment.isStandalone()) {
      job.run(args);
      return;
    }
    Interruption interruption =
        Interruption.announceOnShutdown(System.err, FailureReport.configuredLogFile());
    int code = job.runCommand(FailureReport.configuredLogFile(), args);
    interruption.finished();
    System.exit(code);
  }

  /**
   * Runs as {@code bin/statefun run} does and returns the exit code: 0 when the job finished, else
   * 1 or 2 after printing the cause as one line (the trace goes to {@code logFile}).
   */
  public int runCommand(Optional<Path> logFile, String... args) {
    try {
      run(args);
      return 0;
    } catch (StartupException e) {
      err.println(e.getMessage());
      return e.exitCode();
    } catch (Throwable e) { // everything: the user gets one line and the log, never a bare trace
      return new FailureReport(err, logFile).report("the job failed", e);
    }
  }

  /**
   * Loads the modules, prints the summary, and runs the job until it finishes (or, under a detached
   * client, until it is submitted).
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
    Configuration configuration = JobConfiguration.load(arguments, workingDirectory, err);
    // The embedded cluster starts while the modules load: about half of a warm start is its own.
    Optional<EmbeddedCluster> cluster =
        JobEnvironment.embeddedCluster(configuration).map(EmbeddedCluster::startInBackground);
    LOG.info(
        "startup: JVM started at {}",
        Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime()));
    try (LoadedModules modules = load(arguments, configuration)) {
      Summary.print(modules, out);
      LOG.info("startup: modules loaded");
      String name =
          configuration
              .getOptional(PipelineOptions.NAME)
              .orElse(
                  "statefun: "
                      + String.join(
                          ", ",
                          modules.modules().stream().map(LoadedModules.Module::name).toList()));
      if (arguments.prometheusPort().isPresent() && !JobEnvironment.isStandalone()) {
        err.println(
            "statefun: WARNING: --metrics starts a reporter only in the embedded cluster of a local"
                + " run; on a Flink cluster, set metrics.reporter.* in the cluster's config.yaml"
                + " (docs/metrics.md)");
      }
      // Only the embedded cluster keeps its state in a local directory; a cluster has its own.
      Optional<LocalState> state =
          cluster.isPresent()
              ? Optional.of(
                  LocalState.of(
                      arguments, configuration, workingDirectory, modulesDirectory(arguments)))
              : Optional.empty();
      try {
        StreamExecutionEnvironment env =
            JobEnvironment.create(configuration, modules.jars(), state, cluster, out, err);
        translate(env, modules);
        return state.isPresent() ? executeLocally(env, name, state.get()) : env.execute(name);
      } catch (Exception e) {
        if (state.flatMap(LocalState::resumedFrom).isPresent() && LocalState.isNotRestorable(e)) {
          throw new StartupException(state.get().notRestorable(), StartupException.INVALID);
        }
        throw e;
      } finally {
        state.ifPresent(LocalState::close);
      }
    } finally {
      cluster.ifPresent(EmbeddedCluster::closeIfUnused);
    }
  }

  /**
   * Runs the job on the embedded cluster until it ends; Ctrl-C stops it with a final savepoint (see
   * {@link FinalSavepoint}) and ends the run with exit code 130.
   */
  private JobExecutionResult executeLocally(
      StreamExecutionEnvironment env, String name, LocalState state) throws Exception {
    JobClient job = env.executeAsync(name);
    try (FinalSavepoint ctrlC = FinalSavepoint.onCtrlC(job, state.savepoints(), out)) {
      JobExecutionResult result = null;
      try {
        result = job.getJobExecutionResult().get();
      } catch (ExecutionException e) {
        if (!ctrlC.stoppedByUser()) {
          throw ExceptionUtils.stripExecutionException(e) instanceof Exception cause ? cause : e;
        }
      }
      // Stopped with a savepoint, the job ends as FINISHED: still the user's stop, not its end.
      if (ctrlC.stoppedByUser()) {
        throw new StartupException(ctrlC.outcome(), FinalSavepoint.EXIT_CODE);
      }
      return result;
    }
  }

  /** Loads and validates the modules of {@code arguments}, as {@link #run} does. */
  LoadedModules load(JobArguments arguments, Configuration configuration) {
    Path root = modulesDirectory(arguments);
    try {
      return new ModuleLoader(StatefulFunctionsJob.class.getClassLoader(), environment)
          .load(root, JobConfiguration.globalModuleConfiguration(configuration));
    } catch (ModuleLoadException e) {
      StringBuilder report = new StringBuilder();
      report.append(e.problems().size() == 1 ? "1 problem" : e.problems().size() + " problems");
      report.append(" in the modules of ").append(root).append(':');
      e.problems().forEach(p -> report.append("\n  ").append(p.describe(workingDirectory)));
      e.warnings().forEach(w -> report.append("\n  ").append(w));
      throw new StartupException(report.toString(), StartupException.INVALID);
    }
  }

  private Path modulesDirectory(JobArguments arguments) {
    return workingDirectory.resolve(arguments.modules()).normalize();
  }

  /**
   * Translates the modules and builds the job graph, as both run and validate do before anything
   * starts: settings that cannot work (unaligned checkpoints, an exactly-once egress without
   * checkpointing, ...) end as the same one-line problem in both.
   */
  static void translate(StreamExecutionEnvironment env, LoadedModules modules) {
    try {
      UniverseTranslator.translate(env, modules.universe());
    } catch (TranslationException e) {
      throw new StartupException(
          "The modules cannot run: " + e.getMessage(), StartupException.INVALID);
    }
    try {
      // Sinks check their settings when the graph is built (a Kafka egress's delivery against
      // checkpointing); false keeps the transformations for execute, as getExecutionPlan does.
      env.getStreamGraph(false);
    } catch (IllegalStateException e) {
      if (e.getMessage() == null) {
        throw e;
      }
      throw new StartupException(
          "The modules cannot run: " + e.getMessage(), StartupException.INVALID);
    }
  }
}
