package org.statefun.distribution.remote;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.MiniClusters;
import org.statefun.loader.testing.CapturedStdout;
import org.statefun.loader.testing.EntrypointRuns;
import org.statefun.loader.testing.ModuleDirectories;

/**
 * Base of end-to-end tests of remote functions: runs the universal entrypoint on a MiniCluster
 * shared by the test class (one TaskManager, 2 slots), at parallelism 2 with checkpoints every 200
 * ms ({@link EntrypointRuns#BASE_ARGUMENTS}), from a modules directory the test writes into {@link
 * #workDir}{@code /modules}. Start function servers with {@link JavaFunctionServer} or {@link
 * NodeFunctionServer} and point the module.yaml endpoints at their URL ({@link RemoteModuleYaml}).
 *
 * <p>{@link #run} blocks until the job ends (bounded ingresses); {@link #start} runs it in the
 * background, for tests that break a server while the job runs. Jobs still running after a test are
 * cancelled.
 *
 * <pre>{@code
 * class GreeterRemoteIT extends RemoteFunctionsITBase {
 *   @Test
 *   void greets() throws Exception {
 *     try (JavaFunctionServer server = JavaFunctionServer.start(TestFunctions.all())) {
 *       writeModule("remote", RemoteModuleYaml.testModule(server.url(), 10, """
 *           ingresses:
 *             - id: remote-test/names
 *               kind: file
 *               spec: { path: names.txt }
 *           routers:
 *             - ingress: remote-test/names
 *               target: remote-test/greeter
 *           """));
 *       writeFile("remote", "names.txt", "ann\nbob\nann\n");
 *       assertThat(runAndCollect("out ", Map.of()))
 *           .containsExactlyInAnyOrder(
 *               "out Hello ann, visit #1", "out Hello bob, visit #1", "out Hello ann, visit #2");
 *       assertThat(server.batchSizes("remote-test/greeter/ann")).allMatch(size -> size <= 10);
 *     }
 *   }
 * }
 * }</pre>
 */
public abstract class RemoteFunctionsITBase {

  @RegisterExtension
  protected static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  /** How long a test waits for a condition before failing. */
  protected static final Duration WAIT = Duration.ofMinutes(2);

  /** The working directory of the job: modules in {@code modules/}. */
  @TempDir protected Path workDir;

  /** The modules directory the job runs. */
  protected Path modules() {
    return workDir.resolve("modules");
  }

  /** Writes {@code modules/<module>/module.yaml}; returns the module directory. */
  protected Path writeModule(String module, String moduleYaml) throws IOException {
    return writeFile(module, "module.yaml", moduleYaml).getParent();
  }

  /** Writes {@code modules/<module>/<file>} (directories created); returns it. */
  protected Path writeFile(String module, String file, String content) throws IOException {
    Path path = modules().resolve(module).resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return path;
  }

  /** Copies a module directory (e.g. {@code ../modules/greeter}) into the modules directory. */
  protected Path copyModule(Path source) throws IOException {
    return ModuleDirectories.copy(source, modules());
  }

  /** Runs the job until it ends, with {@code environment} for {@code ${VAR}} in module.yaml. */
  protected void run(Map<String, String> environment, String... arguments) throws Exception {
    EntrypointRuns.run(workDir, environment, arguments);
  }

  /** Runs the job until it ends and returns the stdout lines starting with {@code prefix}. */
  protected List<String> runAndCollect(
      String prefix, Map<String, String> environment, String... arguments) throws Exception {
    try (CapturedStdout stdout = new CapturedStdout()) {
      run(environment, arguments);
      return stdout.linesStartingWith(prefix);
    }
  }

  /**
   * Starts the job in the background, capturing stdout (print egresses) until the returned handle
   * is closed.
   */
  protected RunningJob start(Map<String, String> environment, String... arguments) {
    CapturedStdout stdout = new CapturedStdout();
    CompletableFuture<JobExecutionResult> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                List<String> all = new ArrayList<>(EntrypointRuns.BASE_ARGUMENTS);
                all.addAll(List.of(arguments));
                result.complete(
                    new org.statefun.loader.StatefulFunctionsJob(environment, workDir, System.out)
                        .run(all.toArray(String[]::new)));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            },
            "statefun-job-" + getClass().getSimpleName());
    thread.setDaemon(true);
    thread.start();
    return new RunningJob(stdout, result);
  }

  /** A job started by {@link #start}. */
  public static final class RunningJob implements AutoCloseable {
    private final CapturedStdout stdout;
    private final CompletableFuture<JobExecutionResult> result;

    RunningJob(CapturedStdout stdout, CompletableFuture<JobExecutionResult> result) {
      this.stdout = stdout;
      this.result = result;
    }

    /** The stdout lines starting with {@code prefix} so far. */
    public List<String> lines(String prefix) {
      return stdout.linesStartingWith(prefix);
    }

    /**
     * Waits until at least {@code count} lines start with {@code prefix}; fails early when the job
     * ends first.
     */
    public List<String> awaitLines(String prefix, int count, Duration timeout)
        throws TimeoutException {
      Deadline.waitUntil(() -> result.isDone() || lines(prefix).size() >= count, timeout);
      List<String> lines = lines(prefix);
      if (lines.size() < count) {
        throw new AssertionError(
            "the job ended with "
                + lines.size()
                + " of "
                + count
                + " lines '"
                + prefix
                + "…': "
                + lines
                + (result.isCompletedExceptionally() ? "; it failed: " + failure() : ""));
      }
      return lines;
    }

    /** Waits for the job to end and returns its result; throws its failure. */
    public JobExecutionResult await(Duration timeout) throws Exception {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isDone() {
      return result.isDone();
    }

    private String failure() {
      try {
        result.join();
        return "no failure";
      } catch (RuntimeException e) {
        return String.valueOf(e.getCause() != null ? e.getCause() : e);
      }
    }

    /** Stops capturing stdout (the job itself is cancelled after the test, if still running). */
    @Override
    public void close() {
      stdout.close();
    }
  }

  /**
   * The lines of the finished part files of a {@code file} egress directory (files whose names
   * start with {@code .} are in progress: not committed by a checkpoint yet).
   */
  protected static List<String> fileEgressLines(Path directory) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return lines;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        if (!file.getFileName().toString().startsWith(".")) {
          lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
        }
      }
    }
    return lines;
  }

  /** Cancels the jobs a test left running (e.g. one stuck on a server that never answers). */
  @AfterEach
  void cancelJobsLeftRunning(@InjectMiniCluster MiniCluster cluster) throws Exception {
    Collection<JobStatusMessage> jobs = cluster.listJobs().get(1, TimeUnit.MINUTES);
    for (JobStatusMessage job : jobs) {
      if (!job.getJobState().isGloballyTerminalState()) {
        cluster.cancelJob(job.getJobId()).get(1, TimeUnit.MINUTES);
      }
    }
  }
}
