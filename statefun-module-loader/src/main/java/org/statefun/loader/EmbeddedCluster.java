package org.statefun.loader;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.MathUtils;

/**
 * The embedded Flink cluster of a local run. It can start on a background thread as soon as the
 * configuration is known, so that it comes up while the modules load (about half of a warm start is
 * the cluster's); the job's submission then waits for it. Flink's own local executor runs the job
 * on it and shuts it down when the job ends, as for {@code
 * StreamExecutionEnvironment#createLocalEnvironment}.
 */
final class EmbeddedCluster {

  private final Configuration configuration;
  private final int parallelism;
  private final StartedAhead miniCluster;
  private final List<String> prometheusAddresses;

  private EmbeddedCluster(Configuration configuration, List<String> prometheusAddresses) {
    this.prometheusAddresses = List.copyOf(prometheusAddresses);
    this.configuration = new Configuration(configuration);
    this.parallelism =
        configuration
            .getOptional(CoreOptions.DEFAULT_PARALLELISM)
            .orElse(Runtime.getRuntime().availableProcessors());
    this.configuration.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    this.miniCluster = new StartedAhead(clusterConfiguration(this.configuration, parallelism));
  }

  /**
   * A cluster for {@code configuration} (the web UI port already chosen), not started yet; its
   * slots fit a job at the configured default parallelism (else one per core).
   *
   * @param prometheusAddresses where its Prometheus reporters serve, to be announced
   */
  static EmbeddedCluster of(Configuration configuration, List<String> prometheusAddresses) {
    return new EmbeddedCluster(configuration, prometheusAddresses);
  }

  /** Where the cluster's Prometheus reporters serve the metrics. */
  List<String> prometheusAddresses() {
    return prometheusAddresses;
  }

  /** Starts the cluster on a background thread, once. */
  EmbeddedCluster startInBackground() {
    miniCluster.startInBackground();
    return this;
  }

  /** The configuration the cluster runs with. */
  Configuration configuration() {
    return new Configuration(configuration);
  }

  /**
   * An environment whose jobs run on this cluster. A job whose slots the cluster cannot provide (an
   * operator above the default parallelism) gets a cluster of its own, as Flink's local environment
   * would.
   *
   * @param jobConfiguration the job's options (checkpointing, restore path, ...)
   */
  StreamExecutionEnvironment environment(Configuration jobConfiguration) {
    Configuration local = new Configuration(jobConfiguration);
    local.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
    local.set(DeploymentOptions.TARGET, "local");
    local.set(DeploymentOptions.ATTACHED, true);
    return new StreamExecutionEnvironment(new Executors(), local, null);
  }

  /**
   * Shuts the cluster down, in the background, if it was started but no job took it (the run ended
   * before submitting one, e.g. on invalid modules): the run's one-line error is not held up.
   */
  void closeIfUnused() {
    if (miniCluster.startedButUnused()) {
      miniCluster.whenStarted().thenRun(miniCluster::closeAsync);
    }
  }

  private MiniCluster forJob(MiniClusterConfiguration job) {
    MiniClusterConfiguration prepared = miniCluster.configuration;
    if (job.getNumTaskManagers() == prepared.getNumTaskManagers()
        && job.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS)
            == prepared.getConfiguration().get(TaskManagerOptions.NUM_TASK_SLOTS)) {
      miniCluster.used = true;
      return miniCluster;
    }
    if (miniCluster.startedButUnused()) {
      // The job's own cluster binds the same web UI port: this one must be down first.
      miniCluster.whenStarted().thenCompose(started -> miniCluster.closeAsync()).join();
    }
    return new MiniCluster(job);
  }

  // Sized as Flink's PerJobMiniClusterFactory sizes the cluster of a job at this parallelism.
  private static MiniClusterConfiguration clusterConfiguration(
      Configuration configuration, int parallelism) {
    int taskManagers = configuration.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS);
    int maximum = parallelism;
    Map<String, String> overrides = configuration.get(PipelineOptions.PARALLELISM_OVERRIDES);
    if (overrides != null) {
      for (String override : overrides.values()) {
        maximum = Math.max(maximum, Integer.parseInt(override));
      }
    }
    int slots =
        configuration
            .getOptional(TaskManagerOptions.NUM_TASK_SLOTS)
            .orElse(MathUtils.divideRoundUp(maximum, taskManagers));
    return new MiniClusterConfiguration.Builder()
        .setConfiguration(configuration)
        .setNumTaskManagers(taskManagers)
        .setRpcServiceSharing(RpcServiceSharing.SHARED)
        .setNumSlotsPerTaskManager(slots)
        .build();
  }

  /** Flink's local executor, on this cluster. */
  private final class Executors implements PipelineExecutorServiceLoader, PipelineExecutorFactory {
    @Override
    public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
      return this;
    }

    @Override
    public Stream<String> getExecutorNames() {
      return Stream.of(getName());
    }

    @Override
    public String getName() {
      return "local";
    }

    @Override
    public boolean isCompatibleWith(Configuration configuration) {
      return true;
    }

    @Override
    public PipelineExecutor getExecutor(Configuration configuration) {
      return LocalExecutor.createWithFactory(configuration, EmbeddedCluster.this::forJob);
    }
  }

  /** A mini cluster whose {@link #start()} waits for a start begun in the background. */
  private static final class StartedAhead extends MiniCluster {
    final MiniClusterConfiguration configuration;
    private CompletableFuture<Void> starting;
    volatile boolean used;

    StartedAhead(MiniClusterConfiguration configuration) {
      super(configuration);
      this.configuration = configuration;
    }

    synchronized void startInBackground() {
      if (starting == null) {
        starting =
            CompletableFuture.runAsync(
                this::startNow,
                task -> {
                  Thread thread = new Thread(task, "statefun embedded cluster start");
                  thread.setDaemon(true);
                  thread.start();
                });
      }
    }

    synchronized boolean startedButUnused() {
      return starting != null && !used;
    }

    /** Completes when a start begun in the background has succeeded (never if it failed). */
    synchronized CompletableFuture<Void> whenStarted() {
      return starting.exceptionallyCompose(failure -> new CompletableFuture<>());
    }

    private void startNow() {
      try {
        super.start();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }

    @Override
    public void start() throws Exception {
      startInBackground();
      try {
        starting.get();
      } catch (ExecutionException e) {
        Throwable cause =
            e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        throw cause instanceof Exception failure ? failure : e;
      }
    }
  }
}
