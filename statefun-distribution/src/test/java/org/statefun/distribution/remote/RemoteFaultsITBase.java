package org.statefun.distribution.remote;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.ErrorInfo;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.BeforeEach;
import org.statefun.core.testing.Deadline;
import org.statefun.loader.StatefulFunctionsJob;
import org.statefun.loader.testing.EntrypointRuns;

/**
 * Base of the fault tests of remote functions: a module of the remote counter ({@link
 * TestFunctions#GREETER}: {@code "Hello <id>, visit #<n>"} per message) fed by a bounded {@code
 * sequence} ingress through one of the {@link FaultRouters}, writing to an exactly-once {@code
 * file} egress in {@code <workDir>/out}; and a view of the job on the MiniCluster (restarts,
 * failure, checkpoints).
 */
abstract class RemoteFaultsITBase extends RemoteFunctionsITBase {

  /** Restarts allowed: a few, quickly. */
  static final String[] RESTARTS = {
    "-Drestart-strategy.type=fixed-delay",
    "-Drestart-strategy.fixed-delay.attempts=5",
    "-Drestart-strategy.fixed-delay.delay=100ms"
  };

  /** No restarts: the first failure fails the job. */
  static final String[] NO_RESTARTS = {"-Drestart-strategy.type=none"};

  private MiniCluster cluster;
  private final Set<JobID> earlierJobs = new HashSet<>();

  @BeforeEach
  void rememberCluster(@InjectMiniCluster MiniCluster cluster) throws Exception {
    this.cluster = cluster;
    for (JobStatusMessage job : cluster.listJobs().get(1, TimeUnit.MINUTES)) {
      earlierJobs.add(job.getJobId());
    }
  }

  /**
   * Writes the module: the test functions at {@code url} with {@code call} as the call timeout, the
   * sequence {@code 1..count} (at most {@code ratePerSecond} records a second, unlimited when 0)
   * routed by {@code router} (a {@link FaultRouters} class), and the file egress.
   */
  void writeCounterModule(
      String url, String call, int maxBatchSize, int count, int ratePerSecond, Class<?> router)
      throws Exception {
    writeModule(
        "faults",
        """
        version: 1
        module: faults
        endpoints:
          - functions: remote-test/*
            url: %s
            max-batch-size: %d
            transport: { call: %s, connect: 1s }
        ingresses:
          - id: faults/numbers
            kind: sequence
            spec: { from: 1, to: %d%s }
        routers:
          - { ingress: faults/numbers, class: %s }
        egresses:
          - id: remote-test/out
            kind: file
            spec: { path: ../../out }
        """
            .formatted(
                url,
                maxBatchSize,
                call,
                count,
                ratePerSecond > 0 ? ", rate-per-second: " + ratePerSecond : "",
                router.getName()));
  }

  /** The committed lines of the file egress. */
  List<String> output() throws Exception {
    return fileEgressLines(workDir.resolve("out"));
  }

  /** {@code "Hello <id>, visit #<n>"} for each id and n = 1..perId. */
  static List<String> greetings(List<String> ids, int perId) {
    List<String> lines = new ArrayList<>();
    for (String id : ids) {
      for (int n = 1; n <= perId; n++) {
        lines.add("Hello " + id + ", visit #" + n);
      }
    }
    return lines;
  }

  static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  /** The job this test started (the one job the cluster did not run before the test). */
  JobID job() throws Exception {
    List<JobID> jobs = new ArrayList<>();
    Deadline.waitUntil(
        () -> {
          jobs.clear();
          try {
            for (JobStatusMessage job : cluster.listJobs().get(1, TimeUnit.MINUTES)) {
              if (!earlierJobs.contains(job.getJobId())) {
                jobs.add(job.getJobId());
              }
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return !jobs.isEmpty();
        },
        WAIT);
    if (jobs.size() != 1) {
      throw new AssertionError("expected one job of this test, found " + jobs);
    }
    return jobs.get(0);
  }

  AccessExecutionGraph graph() throws Exception {
    return cluster.getExecutionGraph(job()).get(1, TimeUnit.MINUTES);
  }

  /** Whether the job has been restarting at least once. */
  boolean restarted() throws Exception {
    return graph().getStatusTimestamp(JobStatus.RESTARTING) > 0;
  }

  /** The job's latest failure with its causes (stack trace text), if it failed. */
  Optional<String> failure() throws Exception {
    ErrorInfo info = graph().getFailureInfo();
    return Optional.ofNullable(info).map(ErrorInfo::getExceptionAsString);
  }

  long completedCheckpoints() throws Exception {
    return graph().getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
  }

  /** Waits until the job failed (an attempt failed, restarting or not). */
  String awaitFailure() throws Exception {
    Deadline.waitUntil(
        () -> {
          try {
            return failure().isPresent();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        WAIT);
    return failure().orElseThrow();
  }

  /** Waits until {@code count} more checkpoints than now have completed. */
  void awaitCheckpoints(int count) throws Exception {
    long target = completedCheckpoints() + count;
    Deadline.waitUntil(
        () -> {
          try {
            return completedCheckpoints() >= target;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        WAIT);
  }

  /**
   * Runs the job as {@code bin/statefun run} does and returns what it printed on stderr (one line
   * for a failure, then the trace).
   */
  String runCommand(String... arguments) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> all = new ArrayList<>(EntrypointRuns.BASE_ARGUMENTS);
    all.addAll(List.of(arguments));
    try (PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      int code =
          new StatefulFunctionsJob(Map.of(), workDir, System.out, errStream)
              .runCommand(Optional.empty(), all.toArray(String[]::new));
      errStream.println("exit code " + code);
    }
    return err.toString(StandardCharsets.UTF_8);
  }

  static String[] concat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
