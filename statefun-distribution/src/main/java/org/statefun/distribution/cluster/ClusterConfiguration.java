package org.statefun.distribution.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes conf/config.yaml and conf/log4j.properties of a {@link ClusterDirectory}: one JobManager
 * and TaskManagers on localhost, checkpoints and savepoints in the cluster directory, a log file
 * per process, then the user's options, which win.
 */
public final class ClusterConfiguration {
  private ClusterConfiguration() {}

  /**
   * The settings of a local cluster.
   *
   * @param taskManagers how many TaskManager processes
   * @param slots task slots per TaskManager
   * @param restPort the JobManager's REST and web UI port
   * @param options further Flink options (config.yaml keys), which win over the defaults
   */
  public record Settings(int taskManagers, int slots, int restPort, Map<String, String> options) {
    public Settings {
      if (taskManagers < 1) {
        throw new ClusterException("--taskmanagers must be at least 1, got " + taskManagers);
      }
      if (slots < 1) {
        throw new ClusterException("--slots must be at least 1, got " + slots);
      }
      if (restPort < 1 || restPort > 65535) {
        throw new ClusterException("--rest-port must be a port number, got " + restPort);
      }
      options = Map.copyOf(options);
    }
  }

  /** Writes the configuration of {@code settings} into {@code directory}'s conf/. */
  public static void write(ClusterDirectory directory, Settings settings) throws IOException {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", "localhost");
    config.put("jobmanager.rpc.port", Integer.toString(freePort()));
    config.put("jobmanager.bind-host", "localhost");
    config.put("jobmanager.memory.process.size", "1024m");
    config.put("taskmanager.host", "localhost");
    config.put("taskmanager.bind-host", "localhost");
    config.put("taskmanager.numberOfTaskSlots", Integer.toString(settings.slots()));
    config.put("taskmanager.memory.process.size", "1280m");
    config.put("rest.address", "localhost");
    config.put("rest.bind-address", "localhost");
    config.put("rest.port", Integer.toString(settings.restPort()));
    config.put("parallelism.default", Integer.toString(settings.taskManagers() * settings.slots()));
    // As bin/statefun run: jobs checkpoint every 5 s unless they or -D say otherwise (an
    // exactly-once Kafka egress needs checkpoints).
    config.put("execution.checkpointing.interval", "5s");
    config.put("execution.checkpointing.dir", directory.checkpoints().toUri().toString());
    config.put("execution.checkpointing.savepoint-dir", directory.savepoints().toUri().toString());
    // A stopped or cancelled job keeps its last checkpoint, to resubmit from (--from-savepoint).
    config.put(
        "execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    config.putAll(settings.options());
    Files.createDirectories(directory.conf());
    Files.writeString(
        directory.conf().resolve("config.yaml"),
        "# Written by bin/statefun cluster start; rewritten at each start.\n"
            + config.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n")));
    Files.writeString(
        directory.conf().resolve("log4j.properties"),
        String.join(
            "\n",
            "# Each process logs to its own file (log.file, set by bin/statefun cluster).",
            "monitorInterval = 30",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "appender.main.name = MainAppender",
            "appender.main.type = File",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.append = true",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            ""));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
