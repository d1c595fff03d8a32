package org.statefun.io.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.testing.Multisets;
import org.statefun.io.kafka.testing.BackgroundJob;
import org.statefun.io.kafka.testing.KafkaBroker;
import org.statefun.io.kafka.testing.LogCapture;

/**
 * A module.yaml Kafka ingress feeds two function types that message each other across subtasks,
 * which write to a module.yaml Kafka egress; parallelism 2, checkpoints, and a failure in the
 * middle of the stream. A read_committed consumer sees every expected output exactly once; a
 * read_uncommitted one also sees the aborted output of the failed attempt, which shows that
 * transactions were used. The client properties hold a secret that never shows in the summary or
 * the logs.
 */
class KafkaRoundTripIT {

  @RegisterExtension
  @Order(1)
  static final KafkaBroker KAFKA = new KafkaBroker();

  @RegisterExtension
  @Order(2)
  static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final int BATCH = 1000;
  static final int USERS = 50;
  static final String SECRET = "secret-" + UUID.randomUUID();

  static final String MODULE =
      """
      version: 1
      functions:
        - { type: rt/users, class: org.statefun.io.kafka.it.UserFn }
        - { type: rt/audit, class: org.statefun.io.kafka.it.AuditFn }
      ingresses:
        - id: rt/events
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topics: [rt-events]
            group-id: round-trip
            startup-position: earliest
            properties:
              sasl.jaas.config: ${KAFKA_SECRET}
      routers:
        - { ingress: rt/events, target: rt/users, id: key }
      egresses:
        - id: rt/out
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topic: rt-out
            transaction-timeout: 2m
            properties:
              sasl.jaas.config: ${KAFKA_SECRET}
      """;

  @Test
  void everyEventIsAuditedAndWrittenExactlyOnceThroughAFailure(
      @TempDir Path dir, @InjectMiniCluster MiniCluster cluster) throws Exception {
    KAFKA.createTopics(2, "rt-events", "rt-out");
    Path module = Files.createDirectories(dir.resolve("modules/rt"));
    Files.writeString(module.resolve("module.yaml"), MODULE);
    Map<String, String> environment =
        Map.of("KAFKA", KAFKA.bootstrapServers(), "KAFKA_SECRET", SECRET);
    ByteArrayOutputStream summary = new ByteArrayOutputStream();

    List<String> expected = new ArrayList<>();
    // Kafka clients log their configuration at INFO, password properties as [hidden].
    try (LogCapture logs = new LogCapture(SECRET, "sasl.jaas.config = [hidden]")) {
      produce(0, BATCH, expected);
      BackgroundJob job =
          BackgroundJob.start(
              environment,
              dir,
              new PrintStream(summary, true, StandardCharsets.UTF_8),
              "--parallelism",
              "2",
              "-Dexecution.checkpointing.interval=300ms",
              "-Drestart-strategy.type=fixed-delay",
              "-Drestart-strategy.fixed-delay.attempts=3",
              "-Drestart-strategy.fixed-delay.delay=100ms");
      // Output of the first batch was committed (a checkpoint completed): fail in the next batch.
      Deadline.waitUntil(
          () -> job.hasEnded() || committed().size() >= BATCH / 2, Duration.ofMinutes(2));
      assertThat(job.hasEnded()).as("the job ended early").isFalse();
      UserFn.failAfter(BATCH / 3);
      produce(BATCH, 3 * BATCH, expected);
      Deadline.waitUntil(
          () -> job.hasEnded() || committed().size() >= expected.size(), Duration.ofMinutes(2));
      assertThat(job.hasEnded()).as("the job ended early").isFalse();
      job.cancel(cluster);

      assertThat(UserFn.FAILED).as("the failure was injected").isTrue();
      List<ConsumerRecord<byte[], byte[]>> committed =
          KAFKA.readAll("rt-out", "read_committed", Duration.ofSeconds(30));
      Multisets.assertSameElements(values(committed), expected);
      for (ConsumerRecord<byte[], byte[]> record : committed) {
        assertThat(value(record))
            .startsWith(new String(record.key(), StandardCharsets.UTF_8) + " ");
      }
      assertThat(KAFKA.readAll("rt-out", "read_uncommitted", Duration.ofSeconds(30)).size())
          .as("records of aborted transactions")
          .isGreaterThan(committed.size());

      assertThat(summary.toString(StandardCharsets.UTF_8))
          .contains("rt/events (kafka)")
          .doesNotContain(SECRET);
      assertThat(logs.witnessed()).as("client configurations were logged").isTrue();
      assertThat(logs.firstMatch()).as("a log line with the secret").isEmpty();
    }
  }

  /** Events {@code from} (inclusive) to {@code to}: key u(i % 50), value i. */
  private static void produce(int from, int to, List<String> expected) throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (long i = from; i < to; i++) {
      String user = "u" + (i % USERS);
      records.add(new ProducerRecord<>("rt-events", bytes(user), bytes(Long.toString(i))));
      expected.add(UserFn.output(user, i));
    }
    KAFKA.produce(records);
  }

  private static List<ConsumerRecord<byte[], byte[]>> committed() {
    try {
      return KAFKA.readAll("rt-out", "read_committed", Duration.ofSeconds(30));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream().map(KafkaRoundTripIT::value).toList();
  }

  private static String value(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
