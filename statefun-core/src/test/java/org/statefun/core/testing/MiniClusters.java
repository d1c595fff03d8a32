package org.statefun.core.testing;

import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** Shared MiniCluster settings for integration tests. */
public final class MiniClusters {
  private MiniClusters() {}

  /** A MiniCluster with one TaskManager of {@code slots} slots. */
  public static MiniClusterExtension withSlots(int slots) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }

  /**
   * A MiniCluster with one TaskManager of {@code slots} slots reporting metrics to {@code
   * reporter}.
   */
  public static MiniClusterExtension withSlots(int slots, InMemoryReporter reporter) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .setConfiguration(reporter.addToConfiguration(new Configuration()))
            .build());
  }

  /** The sum of a counter (or numeric gauge) over all subtasks and attempts of a job. */
  public static long sumOfMetric(InMemoryReporter reporter, JobID job, String name) {
    long sum = 0;
    for (Map.Entry<MetricGroup, Map<String, Metric>> group :
        reporter.getMetricsByGroup().entrySet()) {
      if (!job.toString().equals(group.getKey().getAllVariables().get("<job_id>"))) {
        continue;
      }
      Metric metric = group.getValue().get(name);
      if (metric instanceof Counter counter) {
        sum += counter.getCount();
      } else if (metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number) {
        sum += number.longValue();
      }
    }
    return sum;
  }

  /** Job configuration: checkpoints every {@code interval}, no restarts. */
  public static Configuration checkpointed(Duration interval) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }
}
