package org.statefun.io.kafka.testing;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.statefun.loader.StatefulFunctionsJob;

/**
 * A statefun job with unbounded (Kafka) ingresses, run through the universal entrypoint on the
 * test's MiniCluster in a background thread until the test cancels it.
 */
public final class BackgroundJob {

  private final CompletableFuture<Void> run;

  private BackgroundJob(CompletableFuture<Void> run) {
    this.run = run;
  }

  /**
   * Starts {@code StatefulFunctionsJob} in {@code workingDirectory} with {@code args}.
   *
   * @param environment the variables for {@code ${VAR}} in module.yaml
   * @param out where the start-up summary goes
   */
  public static BackgroundJob start(
      Map<String, String> environment, Path workingDirectory, PrintStream out, String... args) {
    return new BackgroundJob(
        CompletableFuture.runAsync(
            () -> {
              try {
                new StatefulFunctionsJob(environment, workingDirectory, out).run(args);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            }));
  }

  /** Whether the job ended (it failed: unbounded jobs end only when cancelled). */
  public boolean hasEnded() {
    return run.isDone();
  }

  /**
   * Waits for a job that ends by itself (bounded ingresses only).
   *
   * @throws ExecutionException when the job failed
   */
  public void join(Duration timeout) throws Exception {
    run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Cancels every job still running on {@code cluster} and waits for the entrypoint to return. */
  public void cancel(MiniCluster cluster) throws Exception {
    for (JobStatusMessage status : cluster.listJobs().get()) {
      if (!status.getJobState().isGloballyTerminalState()) {
        cluster.cancelJob(status.getJobId()).get();
      }
    }
    try {
      run.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      // the entrypoint reports the cancellation as a failed execution
    }
  }
}
