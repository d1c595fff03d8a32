package org.statefun.core.it;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.core.testing.ExactlyOnceSink;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * A fan-out storm, run by {@link StormIT} in a JVM of its own with a small heap: one ingress record
 * fans out to {@code FAN_OUT} messages, each of which fans out to {@code FAN_OUT} more — a backlog
 * several times the heap. Prints one line of results.
 */
public final class StormJob {
  private StormJob() {}

  static final IngressIdentifier<Long> ROOT = new IngressIdentifier<>(Long.class, "storm", "root");
  static final EgressIdentifier<String> PROGRESS =
      new EgressIdentifier<>(String.class, "storm", "progress");
  static final FunctionType FAN = new FunctionType("storm", "fan");
  static final int FAN_OUT = 1000;
  static final long LEAVES = (long) FAN_OUT * FAN_OUT;

  /** A message of the storm; the padding makes the backlog large. */
  record Level(int depth, String padding) {}

  static final AtomicLong LEAVES_SEEN = new AtomicLong();

  /** Committed sink batches (two per completed checkpoint) when 90% of the leaves were handled. */
  static final AtomicInteger COMMITS_AT_90_PERCENT = new AtomicInteger(-1);

  static volatile ExactlyOnceSink sink;

  static StatefulFunctionModule module(ExactlyOnceSink progress) {
    String padding = "p".repeat(100);
    return (config, binder) -> {
      binder.bindIngress(new SourceIngressSpec<>(ROOT, new NumberSequenceSource(1, 1)));
      binder.bindIngressRouter(ROOT, (n, down) -> down.forward(FAN, "root", new Level(0, padding)));
      binder.bindFunctionProvider(
          FAN,
          t ->
              (context, message) -> {
                Level level = (Level) message;
                if (level.depth() < 2) {
                  for (int i = 0; i < FAN_OUT; i++) {
                    String id = "n" + ThreadLocalRandom.current().nextInt(100_000);
                    context.send(FAN, id, new Level(level.depth() + 1, level.padding()));
                  }
                  return;
                }
                long seen = LEAVES_SEEN.incrementAndGet();
                if (seen == LEAVES * 9 / 10) {
                  COMMITS_AT_90_PERCENT.set(sink.commits());
                }
                if (seen % (LEAVES / 10) == 0) {
                  context.send(PROGRESS, seen + " leaves");
                }
              });
      binder.bindEgress(new SinkEgressSpec<>(PROGRESS, progress));
    };
  }

  public static void main(String[] args) throws Exception {
    Path checkpoints = Files.createTempDirectory("storm-checkpoints");
    InMemoryReporter metrics = InMemoryReporter.createWithRetainedMetrics();
    Configuration conf = metrics.addToConfiguration(new Configuration());
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    sink = ExactlyOnceSink.named("storm");
    StreamExecutionEnvironment env = Jobs.environment(module(sink), 2, conf);
    long start = System.nanoTime();
    JobID job = env.execute("storm").getJobID();
    long seconds = (System.nanoTime() - start) / 1_000_000_000L;
    long peakOldGen = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP
          && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
        peakOldGen = Math.max(peakOldGen, pool.getPeakUsage().getUsed());
      }
    }
    System.out.println(
        "RESULT leaves="
            + LEAVES_SEEN.get()
            + " commitsAt90="
            + COMMITS_AT_90_PERCENT.get()
            + " spilledBytes="
            + MiniClusters.sumOfMetric(metrics, job, "statefunQueueSpilledBytes")
            + " channelSpilledBytes="
            + MiniClusters.sumOfMetric(metrics, job, "statefunChannelSpilledBytes")
            + " peakOldGenMb="
            + (peakOldGen >> 20)
            + " seconds="
            + seconds);
    System.exit(0);
  }
}
