package org.statefun.distribution.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.statefun.distribution.Ports;

/**
 * What the cluster tests share: a {@link LocalFlinkCluster} on the Flink classpath the build
 * resolved ({@code statefun.flink.classpath}), and the universal job jar the build packaged ({@code
 * statefun.job.jar}) submitted through the REST API.
 */
public final class TestClusters {
  private TestClusters() {}

  /** A cluster (not started) whose state and logs live in {@code dir}. */
  public static LocalFlinkCluster in(Path dir) throws IOException {
    return new LocalFlinkCluster(
        new ClusterDirectory(dir),
        FlinkProcessLauncher.classpathFrom(
            Path.of(System.getProperty("statefun.flink.classpath"))));
  }

  /**
   * Starts {@code cluster} with {@code settings} for a free REST port; if a process stops while
   * starting, prints why and starts it once more on another port. Every other failure, and a second
   * one, fails the test. (A CI run once saw the JobManager stop while starting, for a reason its
   * deleted log kept; the message now carries the log's first error.)
   */
  public static void start(
      LocalFlinkCluster cluster,
      IntFunction<ClusterConfiguration.Settings> settings,
      Duration timeout)
      throws IOException, InterruptedException {
    try {
      cluster.start(settings.apply(Ports.free()), timeout);
    } catch (ClusterException e) {
      if (!e.getMessage().contains("stopped while starting")) {
        throw e;
      }
      System.out.println("TestClusters: starting once more: " + e.getMessage());
      cluster.start(settings.apply(Ports.free()), timeout);
    }
  }

  /** Uploads the universal job jar and runs it with {@code args}; returns the job id. */
  public static String submitJob(FlinkRest rest, List<String> args, int parallelism)
      throws IOException, InterruptedException {
    return rest.runJar(
        rest.uploadJar(Path.of(System.getProperty("statefun.job.jar"))),
        args,
        parallelism,
        null,
        false);
  }
}
