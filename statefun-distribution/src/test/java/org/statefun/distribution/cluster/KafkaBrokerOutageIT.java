package org.statefun.distribution.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once through a Kafka broker outage on a real multi-process cluster: the set-up of {@link
 * TaskManagerCrashIT} (a JobManager and two TaskManagers × 2 slots, the universal job at
 * parallelism 4 with checkpoints every second, {@link CrossingWorkload}'s messages crossing
 * TaskManagers through the feedback loop with async operations and delayed messages), but on a
 * broker in a child JVM ({@link KafkaProcess}) for both the ingress and the exactly-once egress.
 * While input still arrives, just after a transaction of the egress committed, and once an open
 * egress transaction holds records (the partitions' high watermark is past their last stable
 * offset), the broker is killed with SIGKILL, stays down for {@value #DOWN_SECONDS} s, and is
 * started again on the same ports and data. Then:
 *
 * <ul>
 *   <li>the egress, read with {@code read_committed}, is exactly the expected multiset, and every
 *       ponger's counts are exactly 1 … (its messages): the state of every address is exact;
 *   <li>the input topic holds each record once: its idempotent producer retried across the outage
 *       (see {@link KafkaProcess#produce}) without writing anything twice.
 * </ul>
 *
 * <p>With the runtime's settings the job rides through the outage: the egress writers' producers
 * and the committer retry until the broker is back, and a checkpoint waits for the writers' flush.
 * The second test gives the egress producers 4 s before they give up, so the writers fail during
 * the outage and the job restarts from a checkpoint; it must, and both TaskManagers must survive.
 * Each prints what happened: down time, how long the broker took to answer again, the time from the
 * broker's restart to the first newly committed egress record, the checkpoints that failed
 * meanwhile (and the longest), and the job's failures and restores.
 *
 * <p>Negative control: as in {@link TaskManagerCrashIT}, the test prints what a {@code
 * read_uncommitted} reader sees beyond the committed records (aborted transactions) and the ponger
 * count problems of that view — what an at-least-once egress would leave under {@code
 * read_committed}. When the job rides through, nothing is aborted and that view adds nothing; then
 * the control is the check before the kill: records of an open transaction were on the broker, past
 * its last stable offset, and the exact multiset shows they were committed once, after the restart
 * — neither lost with the killed broker nor written again by a retry.
 */
class KafkaBrokerOutageIT {

  private static final String LABEL = "KafkaBrokerOutageIT";
  private static final int IDS = 50;
  private static final int ROUNDS = 100;
  private static final int DOWN_SECONDS = 5;
  private static final String TOPIC = "outage";

  // Kept if the test fails: the logs of the broker and of every Flink process are in it.
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  /** What an outage did to the job. */
  private record Outage(long restarts, int taskManagers) {}

  @Test
  void killingTheBrokerMidTransactionLosesAndDuplicatesNothing() throws Exception {
    outage(LABEL, TOPIC, Map.of());
  }

  /**
   * The same outage, but the egress producers give up after 4 s (delivery and blocking timeouts; 2
   * minutes and 1 minute by default), so the writers fail during the outage and the job restarts
   * from a checkpoint. Closing a failed writer aborts its transaction, which cannot reach the
   * brokers: until the Kafka egress's writer (statefun-kafka-io's AbortTolerantWriter) tolerated
   * that, Flink took it for a fatal error and shut both TaskManagers down, and the job never ran
   * again (no record committed within 2 minutes of the broker's restart).
   */
  @Test
  void writersThatGiveUpDuringTheOutageRestartTheJobExactly() throws Exception {
    Outage outage =
        outage(
            LABEL + " (writers give up)",
            TOPIC + "-giving-up",
            Map.of(
                "delivery.timeout.ms", "4000",
                "request.timeout.ms", "2000",
                "max.block.ms", "4000"));
    assertThat(outage.restarts()).as("restores from a checkpoint").isPositive();
    assertThat(outage.taskManagers()).as("TaskManagers registered at the end").isEqualTo(2);
  }

  private Outage outage(String label, String topic, Map<String, String> egressProperties)
      throws Exception {
    Path dir = Files.createDirectories(this.dir.resolve(topic));
    try (KafkaProcess kafka = KafkaProcess.start(dir.resolve("kafka"), Duration.ofMinutes(2));
        ChaosJob job =
            ChaosJob.start(
                kafka,
                dir,
                label,
                topic,
                IDS,
                ROUNDS,
                Map.of(
                    // The REST API shows checkpoints as they happen, and keeps their outcome.
                    "rest.cache.checkpoint-statistics.timeout", "10 ms",
                    "web.checkpoints.history", "200"),
                CrossingWorkload.Variant.egressProperties(egressProperties))) {
      job.assertLoopCrossesTaskManagers();
      job.startInput();
      job.await(
          "a fifth of the output is committed", () -> job.output().size() >= IDS * ROUNDS / 5);

      JsonNode countsBefore = job.checkpoints().path("counts");
      long latestCompleted = job.checkpoints().path("latest").path("completed").path("id").asLong();
      long open;
      long checked;
      long killed;
      long restarted;
      long ready;
      int committedAtKill;
      try (OpenTransactions transactions =
          new OpenTransactions(kafka.clientProperties(), topic + "-out")) {
        // Right after a commit the next one is about a checkpoint interval away: the kill below
        // lands inside the transaction the check sees, not after its commit.
        int grown = job.output().size();
        job.await("the committed output grows", () -> job.output().size() > grown);
        // Read everything committed so far, so that what is read after the restart is new.
        do {
          committedAtKill = job.output().size();
          job.output().poll();
        } while (job.output().size() > committedAtKill);
        assertThat(job.inputDone()).as("input done at the kill").isFalse();
        long deadline = System.nanoTime() + ChaosJob.TIMEOUT.toNanos();
        while ((open = transactions.check()) == 0) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("no open egress transaction held records");
          }
        }
        checked = System.nanoTime();
        killed = kafka.kill();

        // The outage itself (the scenario, not synchronisation): the broker stays down this long.
        long restartAt = killed + TimeUnit.SECONDS.toNanos(DOWN_SECONDS);
        while (System.nanoTime() < restartAt) {
          LockSupport.parkNanos(restartAt - System.nanoTime());
        }
        restarted = System.nanoTime();
        kafka.restart(Duration.ofMinutes(1));
        ready = System.nanoTime();
      }
      int atKill = committedAtKill;
      job.await(
          "an egress record is committed after the broker's restart",
          () -> job.output().size() > atKill);
      long firstRecord =
          job.output().seen().stream()
              .skip(atKill)
              .mapToLong(CommittedOutput.Seen::nanos)
              .min()
              .orElseThrow();
      JsonNode countsRecovered = job.checkpoints().path("counts");

      System.out.printf(
          "%s: killed the broker %d ms after seeing %d records in open egress transactions"
              + " past the last stable offset (%d records committed); down %d ms; it answered %d ms"
              + " after its restart; first new committed egress record %d ms after the restart"
              + " (%d ms after the kill);"
              + " until then %d checkpoints failed and %d completed, %d restores from a checkpoint%n",
          label,
          millis(killed - checked),
          open,
          committedAtKill,
          millis(restarted - killed),
          millis(ready - restarted),
          millis(firstRecord - restarted),
          millis(firstRecord - killed),
          countsRecovered.path("failed").asLong() - countsBefore.path("failed").asLong(),
          countsRecovered.path("completed").asLong() - countsBefore.path("completed").asLong(),
          countsRecovered.path("restored").asLong() - countsBefore.path("restored").asLong());

      job.assertExactOutput();
      // The idempotent input producer retried across the outage and wrote each record once.
      assertThat(kafka.readAll(topic + "-in", "read_uncommitted", ChaosJob.TIMEOUT))
          .as("input records")
          .hasSize(IDS * ROUNDS);

      JsonNode exceptions = job.rest().get("/jobs/" + job.jobId() + "/exceptions");
      List<String> failures = new ArrayList<>();
      // Oldest first, each with its message (the stack trace's first line).
      for (JsonNode entry : exceptions.path("exceptionHistory").path("entries")) {
        String message = entry.path("stacktrace").asText().lines().findFirst().orElse("");
        failures.add(
            0,
            message.substring(0, Math.min(message.length(), 240))
                + " in "
                + entry.path("taskName").asText());
      }
      System.out.printf(
          "%s: %d input records, each once (the input producer retried %d sends);"
              + " the job restored a checkpoint %d times after %d failures %s;"
              + " checkpoints after checkpoint %d: %s%n",
          label,
          IDS * ROUNDS,
          kafka.inputRetries(),
          job.checkpoints().path("counts").path("restored").asLong(),
          failures.size(),
          failures,
          latestCompleted,
          checkpointsAfter(job, latestCompleted));
      job.assertLoopCoLocated();
      return new Outage(
          job.checkpoints().path("counts").path("restored").asLong(),
          job.rest().get("/taskmanagers").path("taskmanagers").size());
    }
  }

  /** The longest checkpoint after checkpoint {@code after}, and the failed ones with why. */
  private static String checkpointsAfter(ChaosJob job, long after) throws Exception {
    Set<String> failed = new LinkedHashSet<>();
    JsonNode longest = null;
    for (JsonNode checkpoint : job.checkpoints().path("history")) {
      if (checkpoint.path("id").asLong() <= after) {
        continue;
      }
      if (checkpoint.path("status").asText().equals("FAILED")) {
        failed.add(
            checkpoint.path("id").asText() + ": " + checkpoint.path("failure_message").asText());
      } else if (longest == null
          || checkpoint.path("end_to_end_duration").asLong()
              > longest.path("end_to_end_duration").asLong()) {
        longest = checkpoint;
      }
    }
    return (longest == null
            ? "none completed"
            : "the longest, "
                + longest.path("id").asText()
                + ", took "
                + longest.path("end_to_end_duration").asText()
                + " ms")
        + "; failed: "
        + failed;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /**
   * Records in open transactions of a topic: per partition, the high watermark (the end for {@code
   * read_uncommitted}) minus the last stable offset (the end for {@code read_committed}: the first
   * offset of the oldest open transaction, or the high watermark if none is open).
   */
  private static final class OpenTransactions implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> uncommitted;
    private final KafkaConsumer<byte[], byte[]> committed;
    private final List<TopicPartition> partitions;

    OpenTransactions(Properties client, String topic) {
      uncommitted = consumer(client, "read_uncommitted");
      committed = consumer(client, "read_committed");
      partitions =
          uncommitted.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Properties client, String isolation) {
      Properties properties = new Properties();
      properties.putAll(client);
      properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
      return new KafkaConsumer<>(
          properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The records past the last stable offsets now. The stable offsets are read first: a commit in
     * between cannot make the difference positive, only records written meanwhile.
     */
    long check() {
      Map<TopicPartition, Long> stable = committed.endOffsets(partitions, Duration.ofSeconds(10));
      Map<TopicPartition, Long> high = uncommitted.endOffsets(partitions, Duration.ofSeconds(10));
      return partitions.stream().mapToLong(p -> high.get(p) - stable.get(p)).sum();
    }

    @Override
    public void close() {
      try {
        uncommitted.close();
      } finally {
        committed.close();
      }
    }
  }
}
