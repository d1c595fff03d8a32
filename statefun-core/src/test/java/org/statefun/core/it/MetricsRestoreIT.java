package org.statefun.core.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.Context;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.StatefulFunction;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * The per function type gauge of pending delayed messages survives a restore: it is counted again
 * from the restored state, so after a failure the new attempt reports exactly what is pending.
 */
class MetricsRestoreIT {

  static final InMemoryReporter METRICS = InMemoryReporter.create();

  @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2, METRICS);

  static final IngressIdentifier<Long> NUMBERS =
      new IngressIdentifier<>(Long.class, "it", "numbers");
  static final FunctionType WAITER = new FunctionType("it", "waiter");
  static final int N = 10;
  static final AtomicBoolean FAILED = new AtomicBoolean();

  /**
   * Each number schedules a message an hour ahead; number 0 also schedules a "boom" 1.5 s ahead,
   * which fails the job once (after checkpoints every 200 ms have captured the schedules).
   */
  static final class Waiter implements StatefulFunction {
    @Override
    public void invoke(Context context, Object message) {
      if (message instanceof Long n) {
        context.sendAfter(Duration.ofHours(1), context.self(), "later");
        if (n == 0) {
          context.sendAfter(Duration.ofMillis(1500), context.self(), "boom");
        }
      } else if ("boom".equals(message) && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure");
      }
    }
  }

  @Test
  void pendingDelayedMessagesAreCountedAgainAfterARestore() throws Exception {
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(200));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    JobClient job =
        Jobs.environment(
                (config, binder) -> {
                  binder.bindIngress(
                      new SourceIngressSpec<>(NUMBERS, new NumberSequenceSource(0, N - 1)));
                  binder.bindIngressRouter(NUMBERS, (n, down) -> down.forward(WAITER, "w" + n, n));
                  binder.bindFunctionProvider(WAITER, t -> new Waiter());
                },
                2,
                conf)
            .executeAsync("metrics restore");
    try {
      long[] pending = {-1};
      try {
        Deadline.waitUntil(
            () -> FAILED.get() && (pending[0] = pendingAfterRestore(job.getJobID())) == N,
            Duration.ofMinutes(2));
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError(
            "the restored attempt reports " + pending[0] + " delayed messages pending", e);
      }
      assertThat(pending[0]).isEqualTo(N);
    } finally {
      job.cancel().get();
    }
  }

  /** The gauge summed over the subtasks of attempts after the first; -1 before there are any. */
  private static long pendingAfterRestore(JobID job) {
    long sum = 0;
    int subtasks = 0;
    for (Map.Entry<MetricGroup, Map<String, Metric>> group :
        METRICS.getMetricsByGroup().entrySet()) {
      Map<String, String> variables = group.getKey().getAllVariables();
      if (!job.toString().equals(variables.get("<job_id>"))
          || !WAITER.toString().equals(variables.get("<function>"))
          || "0".equals(variables.get("<task_attempt_num>"))) {
        continue;
      }
      if (group.getValue().get("delayedMessagesPending") instanceof Gauge<?> gauge) {
        sum += ((Number) gauge.getValue()).longValue();
        subtasks++;
      }
    }
    return subtasks == 2 ? sum : -1;
  }
}
