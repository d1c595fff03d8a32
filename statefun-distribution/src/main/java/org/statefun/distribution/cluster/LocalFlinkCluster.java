package org.statefun.distribution.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on this machine, run from Flink's jars: one JobManager and
 * TaskManager processes, everything about it (configuration, logs, pids, checkpoints) in one {@link
 * ClusterDirectory}. Used by {@code bin/statefun cluster} and by the tests that need real
 * processes.
 */
public final class LocalFlinkCluster {

  private final ClusterDirectory directory;
  private final FlinkProcessLauncher launcher;
  private final ClusterProcesses processes;

  /** The cluster of {@code directory} (started or not), with Flink's jars {@code classpath}. */
  public LocalFlinkCluster(ClusterDirectory directory, String classpath) {
    this.directory = directory;
    this.launcher = new FlinkProcessLauncher(directory, classpath);
    this.processes = new ClusterProcesses(directory);
  }

  public ClusterDirectory directory() {
    return directory;
  }

  public ClusterProcesses processes() {
    return processes;
  }

  /** The REST API (and web UI) of the JobManager, by the port in conf/config.yaml. */
  public FlinkRest rest() {
    return new FlinkRest("http://localhost:" + directory.restPort().orElse(8081));
  }

  /**
   * Writes the configuration, starts the JobManager and {@code settings.taskManagers()}
   * TaskManagers and waits until they have all registered. If that fails, it stops what it started.
   */
  public void start(ClusterConfiguration.Settings settings, Duration timeout)
      throws IOException, InterruptedException {
    Map<String, ProcessHandle> running = processes.running();
    if (!running.isEmpty()) {
      throw new ClusterException(
          "a cluster already runs from "
              + directory.root()
              + " ("
              + describe(running)
              + "); stop it first: bin/statefun cluster stop");
    }
    if (!portFree(settings.restPort())) {
      throw new ClusterException(
          "port "
              + settings.restPort()
              + " is taken by another program (another Flink cluster, or bin/statefun run?);"
              + " stop it or choose another port with --rest-port N");
    }
    for (String stale : directory.processNames()) {
      processes.forget(stale);
    }
    deleteLogs();
    ClusterConfiguration.write(directory, settings);
    try {
      launcher.start("jobmanager", FlinkProcessLauncher.Role.JOBMANAGER);
      for (int i = 1; i <= settings.taskManagers(); i++) {
        launcher.start("taskmanager-" + i, FlinkProcessLauncher.Role.TASKMANAGER);
      }
      awaitTaskManagers(settings.taskManagers(), timeout);
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop();
      throw e;
    }
  }

  /** "; its first error: <the log's first ERROR line>", or "" if it logged none. */
  private static String firstError(Path log) {
    try (Stream<String> lines = Files.lines(log)) {
      return lines
          .filter(l -> l.contains(" ERROR "))
          .findFirst()
          .map(l -> "; its first error: " + l)
          .orElse("");
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }

  /** "; it printed: <its last lines>", or "" if it printed nothing. */
  private static String lastLines(Path out) {
    try {
      List<String> lines = Files.readAllLines(out);
      return lines.isEmpty()
          ? ""
          : "; it printed: "
              + String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Starts one more TaskManager (e.g. to replace one that died) and returns its name; it registers
   * with the JobManager in the background.
   */
  public String addTaskManager() throws IOException, InterruptedException {
    int next =
        directory.processNames().stream()
                .filter(n -> n.startsWith("taskmanager-"))
                .mapToInt(n -> Integer.parseInt(n.substring("taskmanager-".length())))
                .max()
                .orElse(0)
            + 1;
    String name = "taskmanager-" + next;
    launcher.start(name, FlinkProcessLauncher.Role.TASKMANAGER);
    return name;
  }

  /**
   * Waits until {@code count} TaskManagers are registered, failing with one line (naming the log to
   * read) if the JobManager or a TaskManager stops meanwhile or {@code timeout} passes.
   */
  public void awaitTaskManagers(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    FlinkRest rest = rest();
    while (true) {
      for (String name : directory.processNames()) {
        if (processes.running(name).isEmpty()) {
          throw new ClusterException(
              name
                  + " stopped while starting; see "
                  + directory.log(name)
                  + " and "
                  + directory.out(name)
                  + firstError(directory.log(name))
                  + lastLines(directory.out(name)));
        }
      }
      try {
        JsonNode overview = rest.overview();
        if (overview.path("taskmanagers").asInt() >= count) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterException(
            count
                + " TaskManager(s) did not register within "
                + timeout.toSeconds()
                + " s; see the logs in "
                + directory.logs());
      }
      Thread.sleep(250);
    }
  }

  /** Stops every process this directory started (TaskManagers first); returns their names. */
  public List<String> stop() throws InterruptedException {
    List<String> names = new ArrayList<>(directory.processNames());
    names.sort(Comparator.comparing((String n) -> n.equals("jobmanager")));
    List<String> stopped = new ArrayList<>();
    for (String name : names) {
      if (processes.stop(name, 30)) {
        stopped.add(name);
      }
    }
    return stopped;
  }

  /** "jobmanager pid 1, taskmanager-1 pid 2". */
  static String describe(Map<String, ProcessHandle> running) {
    List<String> parts = new ArrayList<>();
    running.forEach((name, process) -> parts.add(name + " pid " + process.pid()));
    return String.join(", ", parts);
  }

  private void deleteLogs() throws IOException {
    if (!Files.isDirectory(directory.logs())) {
      return;
    }
    try (Stream<Path> files = Files.list(directory.logs())) {
      files.forEach(
          f -> {
            try {
              Files.delete(f);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    }
  }

  private static boolean portFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("localhost", port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
