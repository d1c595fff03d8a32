package org.statefun.distribution.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

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
