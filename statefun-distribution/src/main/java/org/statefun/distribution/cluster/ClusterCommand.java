package org.statefun.distribution.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code bin/statefun cluster start|stop|status|submit|stop-job}: a local standalone Flink cluster
 * run from Flink's jars, and the universal job submitted to it through the REST API. The cluster
 * directory is the system property {@code statefun.cluster.dir}; Flink's class path is read from
 * the file {@code statefun.flink.classpath}, the job jar is {@code statefun.job.jar}. Failures are
 * one line on standard error: exit code 1, 2 for bad arguments, 3 for a status without a cluster.
 */
public final class ClusterCommand {

  private static final String PREFIX = "statefun cluster: ";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final String JOB_CLASS = "org.statefun.loader.StatefulFunctionsJob";

  private final LocalFlinkCluster cluster;
  private final Path jobJar;
  private final PrintStream out;

  ClusterCommand(LocalFlinkCluster cluster, Path jobJar, PrintStream out) {
    this.cluster = cluster;
    this.jobJar = jobJar;
    this.out = out;
  }

  /** Runs the command {@code args[0]} with the remaining arguments and exits with its code. */
  public static void main(String[] args) throws Exception {
    int code;
    try {
      ClusterDirectory directory = new ClusterDirectory(Path.of(required("statefun.cluster.dir")));
      String classpath =
          FlinkProcessLauncher.classpathFrom(Path.of(required("statefun.flink.classpath")));
      ClusterCommand command =
          new ClusterCommand(
              new LocalFlinkCluster(directory, classpath),
              Path.of(required("statefun.job.jar")),
              System.out);
      code = command.run(Arrays.asList(args));
    } catch (BadArguments e) {
      System.err.println(PREFIX + e.getMessage() + " (see bin/statefun cluster --help)");
      code = 2;
    } catch (ClusterException e) {
      System.err.println(PREFIX + e.getMessage());
      code = 1;
    }
    System.exit(code);
  }

  int run(List<String> args) throws IOException, InterruptedException {
    if (args.isEmpty()) {
      throw new BadArguments("a command is needed: start, stop, status, submit or stop-job");
    }
    List<String> rest = args.subList(1, args.size());
    return switch (args.get(0)) {
      case "start" ->
          start(
              new ClusterArguments(
                  "start", rest, Set.of("--taskmanagers", "--slots", "--rest-port"), Set.of()));
      case "stop" -> stop(new ClusterArguments("stop", rest, Set.of(), Set.of()));
      case "status" -> status(new ClusterArguments("status", rest, Set.of(), Set.of()));
      case "submit" ->
          submit(
              new ClusterArguments(
                  "submit",
                  rest,
                  Set.of("--modules", "--parallelism", "--from-savepoint"),
                  Set.of("--allow-non-restored-state")));
      case "stop-job" ->
          stopJob(new ClusterArguments("stop-job", rest, Set.of("--savepoint-dir"), Set.of()));
      default -> throw new BadArguments("unknown command '" + args.get(0) + "'");
    };
  }

  private int start(ClusterArguments args) throws IOException, InterruptedException {
    noPositional(args, "start");
    ClusterConfiguration.Settings settings =
        new ClusterConfiguration.Settings(
            args.number("--taskmanagers").orElse(1),
            args.number("--slots").orElse(2),
            args.number("--rest-port").orElse(8081),
            args.properties());
    ClusterDirectory directory = cluster.directory();
    out.println(
        PREFIX
            + "starting a JobManager and "
            + settings.taskManagers()
            + " TaskManager(s) with "
            + settings.slots()
            + " slot(s) each in "
            + directory.root());
    cluster.start(settings, START_TIMEOUT);
    out.println(
        PREFIX + "running (" + LocalFlinkCluster.describe(cluster.processes().running()) + ")");
    out.println(PREFIX + "web UI and REST API at " + cluster.rest().url());
    out.println(PREFIX + "logs in " + directory.logs() + ", pids in " + directory.root());
    out.println(
        PREFIX
            + "submit modules with: bin/statefun cluster submit --modules DIR; stop it with: bin/statefun cluster stop");
    return 0;
  }

  private int stop(ClusterArguments args) throws InterruptedException {
    noPositional(args, "stop");
    Map<String, ProcessHandle> running = cluster.processes().running();
    List<String> stopped = cluster.stop();
    if (stopped.isEmpty()) {
      out.println(
          PREFIX + "no cluster runs (nothing started from " + cluster.directory().root() + ")");
    } else {
      List<String> parts = new ArrayList<>();
      for (String name : stopped) {
        parts.add(name + " (pid " + running.get(name).pid() + ")");
      }
      out.println(PREFIX + "stopped " + String.join(", ", parts));
    }
    return 0;
  }

  private int status(ClusterArguments args) throws InterruptedException {
    noPositional(args, "status");
    Map<String, ProcessHandle> running = cluster.processes().running();
    if (running.isEmpty()) {
      out.println(
          PREFIX + "no cluster runs (nothing started from " + cluster.directory().root() + ")");
      return 3;
    }
    out.println(PREFIX + "processes: " + LocalFlinkCluster.describe(running));
    FlinkRest rest = cluster.rest();
    JsonNode overview;
    JsonNode jobs;
    try {
      overview = rest.overview();
      jobs = rest.get("/jobs/overview").path("jobs");
    } catch (IOException e) {
      out.println(PREFIX + "the JobManager does not answer at " + rest.url() + " (yet)");
      return 0;
    }
    out.println(
        PREFIX
            + "web UI "
            + rest.url()
            + ": "
            + overview.path("taskmanagers").asInt()
            + " TaskManager(s), "
            + overview.path("slots-total").asInt()
            + " slots ("
            + overview.path("slots-available").asInt()
            + " available), "
            + overview.path("jobs-running").asInt()
            + " job(s) running");
    for (JsonNode job : jobs) {
      String jobId = job.path("jid").asText();
      out.println(
          "  "
              + jobId
              + "  "
              + job.path("state").asText()
              + "  "
              + job.path("name").asText()
              + "  "
              + rest.jobPage(jobId, job.path("state").asText()));
      failures(rest, jobId).ifPresent(f -> out.println("    " + f.describe()));
    }
    return 0;
  }

  /** The job's failures; empty if it never failed or the JobManager does not answer. */
  private static Optional<JobFailures> failures(FlinkRest rest, String jobId)
      throws InterruptedException {
    try {
      return JobFailures.of(rest.get("/jobs/" + jobId + "/exceptions"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private int submit(ClusterArguments args) throws IOException, InterruptedException {
    noPositional(args, "submit");
    Path modules =
        Path.of(
                args.value("--modules")
                    .orElseThrow(() -> new BadArguments("--modules DIR is needed")))
            .toAbsolutePath()
            .normalize();
    if (!Files.isDirectory(modules)) {
      throw new ClusterException(
          "the modules directory "
              + modules
              + (Files.exists(modules) ? " is not a directory" : " does not exist"));
    }
    FlinkRest rest = runningCluster();
    JsonNode overview;
    try {
      overview = rest.overview();
    } catch (IOException e) {
      throw new ClusterException(
          "the JobManager does not answer at "
              + rest.url()
              + " (still starting?); see "
              + cluster.directory().log("jobmanager"));
    }
    int parallelism =
        args.number("--parallelism").orElse(Math.max(1, overview.path("slots-total").asInt()));
    if (parallelism < 1) {
      throw new BadArguments("--parallelism must be at least 1, got " + parallelism);
    }
    List<String> programArgs = new ArrayList<>(List.of("--modules", modules.toString()));
    args.properties().forEach((k, v) -> programArgs.add("-D" + k + "=" + v));
    String jarId = rest.uploadJar(jobJar);
    String jobId =
        rest.runJar(
            jarId,
            programArgs,
            parallelism,
            args.value("--from-savepoint").orElse(null),
            args.flag("--allow-non-restored-state"));
    out.println(
        PREFIX
            + "submitted job "
            + jobId
            + " (parallelism "
            + parallelism
            + ", modules "
            + modules
            + ")");
    out.println(PREFIX + "web UI: " + rest.jobPage(jobId));
    out.println(jobId);
    return 0;
  }

  private int stopJob(ClusterArguments args) throws IOException, InterruptedException {
    if (args.positional().size() != 1) {
      throw new BadArguments("stop-job needs one job id (bin/statefun cluster status lists them)");
    }
    String jobId = args.positional().get(0);
    FlinkRest rest = runningCluster();
    String target =
        args.value("--savepoint-dir")
            .map(d -> Path.of(d).toAbsolutePath().normalize().toUri().toString())
            .orElse(cluster.directory().savepoints().toUri().toString());
    String savepoint = rest.stopWithSavepoint(jobId, target, Duration.ofMinutes(5));
    out.println(PREFIX + "stopped job " + jobId + " with savepoint " + savepoint);
    out.println(
        PREFIX
            + "resume it (at any parallelism) with: bin/statefun cluster submit --modules DIR --from-savepoint "
            + savepoint);
    return 0;
  }

  /** The REST API of the cluster started from the directory, whose JobManager must run. */
  private FlinkRest runningCluster() {
    if (cluster.processes().running("jobmanager").isEmpty()) {
      throw new ClusterException(
          "no cluster runs (nothing started from "
              + cluster.directory().root()
              + "); start one with: bin/statefun cluster start");
    }
    return cluster.rest();
  }

  private static void noPositional(ClusterArguments args, String command) {
    if (!args.positional().isEmpty()) {
      throw new BadArguments(
          "unexpected argument '" + args.positional().get(0) + "' for " + command);
    }
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new ClusterException(
          "the system property " + property + " is not set (run bin/statefun cluster)");
    }
    return value;
  }

  /** Arguments that do not make a valid command line: exit code 2. */
  static final class BadArguments extends ClusterException {
    private static final long serialVersionUID = 1L;

    BadArguments(String message) {
      super(message);
    }
  }
}
