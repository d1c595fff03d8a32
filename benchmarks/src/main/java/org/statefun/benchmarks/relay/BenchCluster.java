package org.statefun.benchmarks.relay;

import java.time.Duration;
import java.util.Locale;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.util.stats.StatsSummarySnapshot;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One local MiniCluster (one TaskManager, as many slots as the parallelism) shared by every run, so
 * that cluster start-up is paid once and stays out of every measurement. Jobs run with the settings
 * the benchmark prescribes: the options' parallelism (default 2) and state backend (default
 * hashmap), a checkpoint every second into the JobManager's heap ({@link HeapCheckpointStorage}),
 * no restarts (a failure must fail the benchmark, not hide in a slower figure). Each job is checked
 * to have run on the state backend asked for.
 */
final class BenchCluster implements AutoCloseable {

  private final MiniCluster cluster;
  private final BenchOptions options;

  private BenchCluster(MiniCluster cluster, BenchOptions options) {
    this.cluster = cluster;
    this.options = options;
  }

  static BenchCluster start(BenchOptions options) throws Exception {
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(settings(options, true))
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(options.parallelism())
                // Other clusters may run on this host (8081 is often taken); nothing here uses
                // REST.
                .withRandomPorts()
                .build());
    cluster.start();
    return new BenchCluster(cluster, options);
  }

  /**
   * What one job did, besides its records.
   *
   * @param completedCheckpoints checkpoints completed during the job
   * @param checkpointMillis end-to-end durations of those checkpoints, as Flink reports them
   */
  record JobStats(long completedCheckpoints, StatsSummarySnapshot checkpointMillis) {}

  /** A measured job: its figures and Flink's statistics of it. */
  record Metered(RunResult result, JobStats job) {}

  /**
   * Runs {@code pipeline} over {@code records} records to completion with {@link ResourceMeter} on
   * and the {@link Probe} reset before, and collects the run's figures.
   */
  Metered measure(Pipeline pipeline, long records, boolean checkpointing) throws Exception {
    Probe.reset();
    JobStats job;
    ResourceMeter.Usage usage;
    try (ResourceMeter meter = ResourceMeter.start()) {
      job = run(pipeline, records, checkpointing);
      usage = meter.stop();
    }
    return new Metered(
        new RunResult(
            pipeline.name(),
            records,
            pipeline.egressRecords(records),
            Probe.egressCount(),
            Probe.elapsedNanos(),
            usage,
            job.completedCheckpoints()),
        job);
  }

  /** Runs {@code pipeline} over {@code records} records to completion. */
  JobStats run(Pipeline pipeline, long records, boolean checkpointing) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(settings(options, checkpointing));
    pipeline.define(env, records);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(pipeline.name() + " " + records);
    JobGraph job = graph.getJobGraph();
    cluster.executeJobBlocking(job);
    AccessExecutionGraph done = cluster.getArchivedExecutionGraph(job.getJobID()).get();
    requireStateBackend(done);
    CheckpointStatsSnapshot stats = done.getCheckpointStatsSnapshot();
    return new JobStats(
        stats.getCounts().getNumberOfCompletedCheckpoints(),
        stats.getSummaryStats().getEndToEndDurationStats());
  }

  /**
   * The header says which state backend ran: make sure it did (Flink names them {@code
   * HashMapStateBackend} and {@code EmbeddedRocksDBStateBackend}).
   */
  private void requireStateBackend(AccessExecutionGraph job) {
    String ran = job.getStateBackendName().orElse("none");
    if (!ran.toLowerCase(Locale.ROOT).contains(options.stateBackend())) {
      throw new IllegalStateException(
          "asked for " + options.stateBackend() + " state, but the job ran on " + ran);
    }
  }

  /** Both the cluster's and each job's configuration, so neither side falls back to a default. */
  private static Configuration settings(BenchOptions options, boolean checkpointing) {
    Configuration conf = new Configuration();
    conf.set(CoreOptions.DEFAULT_PARALLELISM, options.parallelism());
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, options.parallelism());
    conf.set(StateBackendOptions.STATE_BACKEND, options.stateBackend());
    if (checkpointing) {
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
    }
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, HeapCheckpointStorage.class.getName());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // statefun turns object reuse on for its job; the plain job gets the same treatment.
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    return conf;
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("Could not stop the MiniCluster", e);
    }
  }
}
