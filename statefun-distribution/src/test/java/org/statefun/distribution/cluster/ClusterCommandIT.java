package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.distribution.Ports;
import org.statefun.loader.testing.CounterModule;
import org.statefun.loader.testing.TestJars;

/**
 * {@code bin/statefun cluster} as bin/statefun runs it once the build is there: the command's main
 * class in its own JVM with the job jar and Flink's class path. It starts real JobManager and
 * TaskManager processes, submits a modules directory whose module jar exists nowhere else, reports
 * status, refuses what cannot work with one line, and stops exactly the processes it started.
 */
class ClusterCommandIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir Path dir;

  @Test
  void startSubmitStatusAndStopARealCluster() throws Exception {
    Path clusterDir = dir.resolve("cluster");
    CounterModule.write(dir.resolve("modules"), "cmd> ", "Ann\nBo\nAnn\n");
    Path bad = Files.createDirectories(dir.resolve("bad/broken"));
    Files.writeString(
        bad.resolve("module.yaml"), "version: 1\nfunctions:\n  - type: a/b\n    clas: x.Y\n");
    String port = Integer.toString(Ports.free());

    Result noCluster = command(clusterDir, "status");
    assertThat(noCluster.code()).isEqualTo(3);
    assertThat(String.join("\n", noCluster.stdout())).contains("no cluster runs");
    Result submitWithout =
        command(clusterDir, "submit", "--modules", dir.resolve("modules").toString());
    assertThat(submitWithout.code()).isEqualTo(1);
    assertThat(submitWithout.stderr())
        .singleElement()
        .asString()
        .isEqualTo(
            "statefun cluster: no cluster runs (nothing started from "
                + clusterDir
                + "); start one with: bin/statefun cluster start");
    assertThat(command(clusterDir, "start", "--slots", "x").code()).isEqualTo(2);

    try {
      Result started =
          command(clusterDir, "start", "--taskmanagers", "2", "--slots", "1", "--rest-port", port);
      assertThat(started.code()).as("start: %s", started).isZero();
      assertThat(String.join("\n", started.stdout()))
          .contains("web UI and REST API at http://localhost:" + port)
          .contains("logs in " + clusterDir.resolve("log"));
      ClusterDirectory directory = new ClusterDirectory(clusterDir);
      assertThat(directory.processNames())
          .containsExactly("jobmanager", "taskmanager-1", "taskmanager-2");
      Map<String, ProcessHandle> processes = new ClusterProcesses(directory).running();
      assertThat(processes).hasSize(3);

      Result again = command(clusterDir, "start", "--rest-port", port);
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.stderr()).singleElement().asString().contains("a cluster already runs from");

      Result badSubmit = command(clusterDir, "submit", "--modules", dir.resolve("bad").toString());
      assertThat(badSubmit.code()).isEqualTo(1);
      assertThat(badSubmit.stderr())
          .singleElement()
          .asString()
          .contains("1 problem in the modules of")
          .contains("module.yaml:4:5: unknown key 'clas'");
      Result missing =
          command(clusterDir, "submit", "--modules", dir.resolve("nowhere").toString());
      assertThat(missing.stderr())
          .containsExactly(
              "statefun cluster: the modules directory "
                  + dir.resolve("nowhere")
                  + " does not exist");

      Result submitted =
          command(clusterDir, "submit", "--modules", dir.resolve("modules").toString());
      assertThat(submitted.code()).as("submit: %s", submitted).isZero();
      String jobId = submitted.stdout().get(submitted.stdout().size() - 1);
      assertThat(jobId).matches("[0-9a-f]{32}");
      assertThat(submitted.stdout().get(0)).contains("parallelism 2");
      assertThat(submitted.stdout().get(1))
          .isEqualTo(
              "statefun cluster: web UI: http://localhost:"
                  + port
                  + "/#/job/running/"
                  + jobId
                  + "/overview");
      FlinkRest rest = new FlinkRest("http://localhost:" + port);
      Deadline.waitUntil(() -> finished(rest, jobId), TIMEOUT);
      List<String> printed = new ArrayList<>();
      for (String tm : List.of("taskmanager-1", "taskmanager-2")) {
        Files.readAllLines(directory.out(tm)).stream()
            .filter(l -> l.startsWith("cmd> "))
            .forEach(printed::add);
      }
      assertThat(printed)
          .containsExactlyInAnyOrder("cmd> Ann#1 own", "cmd> Bo#1 own", "cmd> Ann#2 own");

      Result status = command(clusterDir, "status");
      assertThat(status.code()).isZero();
      assertThat(String.join("\n", status.stdout()))
          .contains("2 TaskManager(s), 2 slots (2 available)")
          .containsPattern(jobId + "  FINISHED  statefun: ext");

      // A poison message: the cluster's restart strategy restarts the job again and again, and
      // status says why in one line.
      Result poisoned = command(clusterDir, "submit", "--modules", poisonModule().toString());
      assertThat(poisoned.code()).as("submit: %s", poisoned).isZero();
      String poisonedId = poisoned.stdout().get(poisoned.stdout().size() - 1);
      Deadline.waitUntil(() -> failed(rest, poisonedId), TIMEOUT);
      List<String> statusLines = command(clusterDir, "status").stdout();
      int jobLine = indexOfLineContaining(statusLines, poisonedId + "  ");
      assertThat(statusLines.get(jobLine + 1))
          .matches(
              " {4}(\\d+ failures?|more than \\d+ failures), the newest at \\d\\d:\\d\\d:\\d\\d: .*")
          .endsWith(
              ": Function poison/fn at address poison/fn/bad failed on a message of type"
                  + " java.lang.String from an ingress: java.lang.IllegalStateException: poison: bad");

      Result stopped = command(clusterDir, "stop");
      assertThat(stopped.code()).isZero();
      for (ProcessHandle process : processes.values()) {
        assertThat(process.isAlive()).as("pid %s", process.pid()).isFalse();
        assertThat(stopped.stdout().get(0)).contains("(pid " + process.pid() + ")");
      }
      assertThat(directory.processNames()).isEmpty();
      assertThat(command(clusterDir, "status").code()).isEqualTo(3);
    } finally {
      new LocalFlinkCluster(new ClusterDirectory(clusterDir), "").stop();
    }
  }

  private static int indexOfLineContaining(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    throw new AssertionError("no line with '" + text + "' in " + lines);
  }

  /** A module whose function throws on the word "bad". */
  private Path poisonModule() throws IOException {
    Path module = Files.createDirectories(dir.resolve("poison/poison"));
    TestJars.build(
        module.resolve("poison.jar"),
        Map.of(
            "poison.Fn",
            """
            package poison;

            import org.statefun.sdk.Context;
            import org.statefun.sdk.StatefulFunction;

            public class Fn implements StatefulFunction {
              @Override
              public void invoke(Context context, Object message) {
                if (message.equals("bad")) {
                  throw new IllegalStateException("poison: " + message);
                }
              }
            }
            """),
        Map.of());
    Files.writeString(module.resolve("words.txt"), "good\nbad\n");
    Files.writeString(
        module.resolve("module.yaml"),
        """
        version: 1
        functions:
          - type: poison/fn
            class: poison.Fn
        ingresses:
          - id: poison/words
            kind: file
            spec: { path: words.txt }
        routers:
          - ingress: poison/words
            target: poison/fn
        """);
    return dir.resolve("poison");
  }

  private static boolean failed(FlinkRest rest, String jobId) {
    try {
      return !rest.get("/jobs/" + jobId + "/exceptions")
          .path("exceptionHistory")
          .path("entries")
          .isEmpty();
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static boolean finished(FlinkRest rest, String jobId) {
    try {
      String state = rest.jobState(jobId);
      assertThat(state).isNotEqualTo("FAILED");
      return state.equals("FINISHED");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  record Result(int code, List<String> stdout, List<String> stderr) {}

  /** Runs the cluster command in its own JVM, as bin/statefun does after building. */
  static Result command(Path clusterDir, String... args) throws Exception {
    String jobJar = System.getProperty("statefun.job.jar");
    String classpathFile = System.getProperty("statefun.flink.classpath");
    List<String> commandLine =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dstatefun.cluster.dir=" + clusterDir,
                "-Dstatefun.job.jar=" + jobJar,
                "-Dstatefun.flink.classpath=" + classpathFile,
                "-cp",
                jobJar + ":" + FlinkProcessLauncher.classpathFrom(Path.of(classpathFile)),
                ClusterCommand.class.getName()));
    commandLine.addAll(List.of(args));
    Path out = Files.createTempFile("cluster-command", ".out");
    Path err = Files.createTempFile("cluster-command", ".err");
    Process process =
        new ProcessBuilder(commandLine)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/statefun cluster " + String.join(" ", args) + " did not end");
    }
    return new Result(process.exitValue(), Files.readAllLines(out), Files.readAllLines(err));
  }
}
