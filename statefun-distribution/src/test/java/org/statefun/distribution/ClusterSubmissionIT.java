package org.statefun.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.distribution.cluster.ClusterConfiguration;
import org.statefun.distribution.cluster.FlinkRest;
import org.statefun.distribution.cluster.LocalFlinkCluster;
import org.statefun.distribution.cluster.TestClusters;
import org.statefun.loader.testing.CounterModule;

/**
 * The job jar on a real Flink 2.2 session cluster: a JobManager and a TaskManager process started
 * from Flink's jars only (target/flink-classpath.txt, no statefun classes, by the launcher of
 * {@code bin/statefun cluster}), the job jar submitted through the REST API with a modules
 * directory holding module.yaml and a jar. The module's classes reach the TaskManager only through
 * pipeline.jars (Flink's blob server).
 */
class ClusterSubmissionIT {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @Test
  void restSubmittedJobRunsModulesShippedWithIt(@TempDir Path dir) throws Exception {
    CounterModule.write(dir.resolve("modules"), "cluster> ", "Ann\nBo\nAnn\n");
    LocalFlinkCluster cluster = TestClusters.in(dir.resolve("cluster"));
    try {
      TestClusters.start(
          cluster,
          port ->
              new ClusterConfiguration.Settings(
                  1, 2, port, Map.of("execution.checkpointing.interval", "500ms")),
          TIMEOUT);
      FlinkRest rest = cluster.rest();
      String jobId =
          TestClusters.submitJob(rest, List.of("--modules", dir.resolve("modules").toString()), 2);
      Deadline.waitUntil(
          () -> {
            try {
              String state = rest.jobState(jobId);
              if (state.equals("FAILED")) {
                throw new AssertionError(
                    "The job failed: " + rest.get("/jobs/" + jobId + "/exceptions"));
              }
              return state.equals("FINISHED");
            } catch (java.io.IOException | InterruptedException e) {
              return false;
            }
          },
          TIMEOUT);
      assertThat(
              Files.readAllLines(cluster.directory().out("taskmanager-1")).stream()
                  .filter(l -> l.startsWith("cluster> ")))
          .containsExactlyInAnyOrder(
              "cluster> Ann#1 own", "cluster> Bo#1 own", "cluster> Ann#2 own");
    } finally {
      cluster.stop();
    }
  }
}
