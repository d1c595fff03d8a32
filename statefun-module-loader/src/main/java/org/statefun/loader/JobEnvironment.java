package org.statefun.loader;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Creates the execution environment of the universal job. Under {@code flink run} (or any other
 * context, such as a test MiniCluster) that context's environment is used; started as a plain
 * program, an embedded cluster with the web UI. Either way, every module jar is added to {@code
 * pipeline.jars}, so Flink ships it to the TaskManagers with the job. On a cluster, the cluster's
 * restart strategy and checkpoint storage apply; the embedded cluster keeps its checkpoints in a
 * {@link LocalState} directory.
 */
final class JobEnvironment {
  private JobEnvironment() {}

  /** Whether a plain {@code java} start (no Flink client context) would run an embedded cluster. */
  static boolean isStandalone() {
    return StreamExecutionEnvironment.getExecutionEnvironment(new Configuration())
        instanceof LocalStreamEnvironment;
  }

  /** Restart attempts of a local run whose configuration sets no restart strategy. */
  static final int LOCAL_RESTART_ATTEMPTS = 3;

  /** Delay between the restarts of a local run whose configuration sets no restart strategy. */
  static final Duration LOCAL_RESTART_DELAY = Duration.ofSeconds(1);

  /**
   * The environment for {@code configuration}, shipping {@code moduleJars}. The embedded cluster of
   * a plain program gets a bounded restart strategy unless the configuration sets one.
   *
   * @param out where the web UI address is announced
   * @param err where warnings go
   * @throws StartupException when the embedded cluster's web UI port is taken
   */
  static StreamExecutionEnvironment create(
      Configuration configuration, List<Path> moduleJars, PrintStream out, PrintStream err) {
    return create(
        configuration, moduleJars, Optional.empty(), embeddedCluster(configuration), out, err);
  }

  /**
   * The cluster a plain program runs its job on: the configuration with a bounded restart strategy
   * (unless it sets one) and the web UI port checked (0 replaced by a free one). Empty under a
   * Flink client (flink run, REST, a test's MiniCluster), whose cluster runs the job.
   *
   * @throws StartupException when the web UI port or a Prometheus reporter's port is taken
   */
  static Optional<EmbeddedCluster> embeddedCluster(Configuration configuration) {
    if (!isStandalone()) {
      return Optional.empty();
    }
    Configuration local = new Configuration(configuration);
    boundRestarts(local);
    local.set(RestOptions.PORT, webUiPort(local));
    // Checked before the cluster starts its reporters, which then hold the ports.
    List<String> prometheus = prometheusAddresses(local);
    return Optional.of(EmbeddedCluster.of(local, prometheus));
  }

  /**
   * The environment that runs the job on {@code cluster} (checkpointing into {@code state}, and
   * resuming from it; see {@link LocalState}), or, without a cluster, that of the Flink client the
   * program runs under.
   *
   * @param out where the state directory and the web UI address are announced
   * @param err where warnings go
   */
  static StreamExecutionEnvironment create(
      Configuration configuration,
      List<Path> moduleJars,
      Optional<LocalState> state,
      Optional<EmbeddedCluster> cluster,
      PrintStream out,
      PrintStream err) {
    StreamExecutionEnvironment env;
    if (cluster.isPresent()) {
      Configuration local = cluster.get().configuration();
      state.ifPresent(s -> s.configure(local, out));
      checkpointStorageWarning(local).ifPresent(err::println);
      env = cluster.get().environment(local);
      out.println(
          "statefun: embedded Flink cluster, web UI at http://localhost:"
              + local.get(RestOptions.PORT)
              + " while the job runs");
      cluster
          .get()
          .prometheusAddresses()
          .forEach(address -> out.println("statefun: metrics: Prometheus on " + address));
    } else {
      env = StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    }
    List<String> jars =
        new ArrayList<>(env.getConfiguration().getOptional(PipelineOptions.JARS).orElse(List.of()));
    for (Path jar : moduleJars) {
      String url = url(jar);
      if (!jars.contains(url)) {
        jars.add(url);
      }
    }
    env.configure(new Configuration().set(PipelineOptions.JARS, jars));
    return env;
  }

  /**
   * With checkpointing on, Flink's default strategy restarts a deterministic failure forever; a
   * local run should end with the failure instead. Only what the user left unset is filled in.
   */
  static void boundRestarts(Configuration local) {
    if (local.contains(RestartStrategyOptions.RESTART_STRATEGY)) {
      return;
    }
    local.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    if (!local.contains(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)) {
      local.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, LOCAL_RESTART_ATTEMPTS);
    }
    if (!local.contains(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY)) {
      local.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, LOCAL_RESTART_DELAY);
    }
  }

  /** The warning for checkpoints kept in the JobManager's memory, when that is what happens. */
  static Optional<String> checkpointStorageWarning(Configuration configuration) {
    boolean checkpointing =
        configuration.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isPresent();
    boolean storageChosen =
        configuration.contains(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
            || configuration.contains(CheckpointingOptions.CHECKPOINT_STORAGE);
    if (!checkpointing || storageChosen) {
      return Optional.empty();
    }
    return Optional.of(
        "statefun: WARNING: checkpointing is on but "
            + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
            + " is not set, so checkpoints are kept in the JobManager's memory: at most 5 MB of state"
            + " per subtask, lost when the process ends. Set -D"
            + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
            + "=file:///path/to/checkpoints to keep them on disk.");
  }

  /**
   * Where each Prometheus reporter of {@code configuration} serves ({@code --metrics prometheus} or
   * {@code -Dmetrics.reporter.<name>.factory.class=...PrometheusReporterFactory}).
   *
   * @throws StartupException when a reporter's single port is taken
   */
  static List<String> prometheusAddresses(Configuration configuration) {
    Map<String, String> all = configuration.toMap();
    List<String> addresses = new ArrayList<>();
    String prefix = "metrics.reporter.";
    String factory = ".factory.class";
    for (Map.Entry<String, String> entry : new TreeMap<>(all).entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(prefix)
          || !key.endsWith(factory)
          || !JobConfiguration.PROMETHEUS_FACTORY.equals(entry.getValue().strip())) {
        continue;
      }
      String name = key.substring(prefix.length(), key.length() - factory.length());
      String portKey = prefix + name + ".port";
      String ports = all.getOrDefault(portKey, "9249").strip();
      if (!ports.matches("\\d+")) {
        addresses.add("the first free port of " + ports + " (path /metrics)");
        continue;
      }
      int port = Integer.parseInt(ports);
      if (!isFree(port)) {
        throw new StartupException(
            "Port "
                + port
                + " for Prometheus metrics is already in use (another statefun job or exporter?)."
                + " Choose another one with --metrics prometheus:PORT (or -D"
                + portKey
                + "=PORT).",
            StartupException.INVALID);
      }
      addresses.add("http://localhost:" + port + "/metrics");
    }
    return addresses;
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int webUiPort(Configuration configuration) {
    int port = configuration.getOptional(RestOptions.PORT).orElse(RestOptions.PORT.defaultValue());
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(port));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new StartupException(
          "Port "
              + port
              + " for the Flink web UI is already in use (another Flink cluster or statefun job?)."
              + " Stop it, or choose another port with -D"
              + RestOptions.PORT.key()
              + "="
              + (port + 1)
              + " (0 picks a free one).",
          StartupException.INVALID);
    }
  }

  private static String url(Path jar) {
    try {
      return jar.toAbsolutePath().normalize().toUri().toURL().toString();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Not a valid jar path: " + jar, e);
    }
  }
}
