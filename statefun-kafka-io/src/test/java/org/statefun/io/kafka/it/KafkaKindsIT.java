package org.statefun.io.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.MiniClusters;
import org.statefun.io.kafka.testing.BackgroundJob;
import org.statefun.io.kafka.testing.KafkaBroker;
import org.statefun.loader.StatefulFunctionsJob;

/**
 * The module.yaml Kafka kinds against a real broker, each job bounded ({@code stop-at: latest}) so
 * it ends by itself: startup positions, key routing, JSON values bound to a type and as a tree,
 * each on-error policy with poison records, per-message topics in the egress, two jobs writing
 * exactly once side by side, and clear errors for a missing topic and an unreachable broker.
 */
class KafkaKindsIT {

  @RegisterExtension
  @Order(1)
  static final KafkaBroker KAFKA = new KafkaBroker();

  static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

  @RegisterExtension
  @Order(2)
  static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2, METRICS);

  static final Instant BASE = Instant.parse("2024-05-01T08:00:00Z");

  static final List<String> ORDERS =
      List.of(
          "{\"id\": \"o1\", \"customer\": \"ann\", \"amount\": 5}",
          "{\"id\": \"o2\", \"customer\": \"bob\", \"amount\": 7}",
          "{\"id\": \"o3\", \"customer\": \"ann\", \"amount\": 1}");

  static final List<String> POISONED =
      List.of(
          ORDERS.get(0),
          "garbage",
          ORDERS.get(1),
          "{\"id\": \"o9\", \"colour\": \"red\"}",
          ORDERS.get(2));

  static final String[] RUN = {
    "--parallelism", "2", "-Dexecution.checkpointing.interval=200ms", "-Drestart-strategy.type=none"
  };

  @BeforeAll
  static void topics() throws Exception {
    KAFKA.createTopics(1, "k-plain", "k-poison", "k-dlq");
    KAFKA.createTopics(2, "k-orders");
    List<String> functions =
        List.of(
            "earliest",
            "timestamp",
            "offsets",
            "group",
            "fallback",
            "by-key",
            "by-field",
            "skip",
            "dead-letter",
            "twins");
    KAFKA.createTopics(1, functions.stream().map(f -> "k-out-" + f).toArray(String[]::new));
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(
          new ProducerRecord<>(
              "k-plain", 0, BASE.plusSeconds(i).toEpochMilli(), bytes("k" + i), bytes("v" + i)));
    }
    for (String order : ORDERS) {
      String customer = order.contains("ann") ? "ann" : "bob";
      records.add(new ProducerRecord<>("k-orders", bytes(customer), bytes(order)));
    }
    POISONED.forEach(p -> records.add(new ProducerRecord<>("k-poison", null, bytes(p))));
    KAFKA.produce(records);
    KAFKA.commitOffset("kt-committed", new TopicPartition("k-plain", 0), 4);
  }

  static final String MODULE =
      """
      version: 1
      functions:
        - { type: kt/earliest, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/timestamp, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/offsets, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/group, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/fallback, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/by-key, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/by-field, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/skip, class: org.statefun.io.kafka.it.Recorder }
        - { type: kt/dead-letter, class: org.statefun.io.kafka.it.Recorder }
      ingresses:
        - id: kt/earliest
          kind: kafka
          spec: { bootstrap-servers: "${KAFKA}", topics: k-plain, group-id: kt-earliest, startup-position: earliest, stop-at: latest }
        - id: kt/timestamp
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topics: k-plain
            group-id: kt-timestamp
            startup-position: timestamp
            startup-timestamp: 2024-05-01T08:00:05Z
            stop-at: latest
        - id: kt/offsets
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topics: k-plain
            group-id: kt-offsets
            startup-position: specific-offsets
            startup-offsets: { k-plain/0: 7 }
            stop-at: latest
        - id: kt/group
          kind: kafka
          spec: { bootstrap-servers: "${KAFKA}", topics: k-plain, group-id: kt-committed, stop-at: latest }
        - id: kt/fallback
          kind: kafka
          spec: { bootstrap-servers: "${KAFKA}", topics: k-plain, group-id: kt-new, startup-fallback: latest, stop-at: latest }
        - id: kt/orders-typed
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topics: [k-orders]
            group-id: kt-orders-typed
            value-format: json
            value-type: org.statefun.io.kafka.it.Order
            stop-at: latest
        - id: kt/orders-tree
          kind: kafka
          spec: { bootstrap-servers: "${KAFKA}", topic-pattern: "k-ord.*", group-id: kt-orders-tree, key-format: none, value-format: json, stop-at: latest }
        - id: kt/skip
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topics: k-poison
            group-id: kt-skip
            value-format: json
            value-type: org.statefun.io.kafka.it.Order
            on-error: skip
            stop-at: latest
        - id: kt/dead-letter
          kind: kafka
          spec:
            bootstrap-servers: ${KAFKA}
            topics: k-poison
            group-id: kt-dead-letter
            value-format: json
            value-type: org.statefun.io.kafka.it.Order
            on-error: dead-letter
            dead-letter-topic: k-dlq
            stop-at: latest
      routers:
        - { ingress: kt/earliest, target: kt/earliest, id: key }
        - { ingress: kt/timestamp, target: kt/timestamp, id: key }
        - { ingress: kt/offsets, target: kt/offsets, id: key }
        - { ingress: kt/group, target: kt/group, id: key }
        - { ingress: kt/fallback, target: kt/fallback, id: key }
        - { ingress: kt/orders-typed, target: kt/by-key, id: key }
        - { ingress: kt/orders-tree, target: kt/by-field, id: value.customer }
        - { ingress: kt/skip, target: kt/skip, id: value.customer }
        - { ingress: kt/dead-letter, target: kt/dead-letter, id: value.customer }
      egresses:
        - id: kt/out
          kind: kafka
          spec: { bootstrap-servers: "${KAFKA}" }
      """;

  @Test
  void startupPositionsRoutingJsonAndBadRecordPolicies(@TempDir Path dir) throws Exception {
    JobExecutionResult result = run(dir, MODULE);

    assertThat(out("earliest")).containsExactlyInAnyOrder(plain(0, 10));
    assertThat(out("timestamp")).containsExactlyInAnyOrder(plain(5, 10));
    assertThat(out("offsets")).containsExactlyInAnyOrder(plain(7, 10));
    assertThat(out("group")).containsExactlyInAnyOrder(plain(4, 10));
    assertThat(out("fallback")).isEmpty();
    List<String> typed =
        List.of(
            "ann=Order[id=o1, customer=ann, amount=5]",
            "bob=Order[id=o2, customer=bob, amount=7]",
            "ann=Order[id=o3, customer=ann, amount=1]");
    assertThat(out("by-key")).containsExactlyInAnyOrderElementsOf(typed);
    assertThat(out("by-field"))
        .containsExactlyInAnyOrder(
            "ann={id=o1, customer=ann, amount=5}",
            "bob={id=o2, customer=bob, amount=7}",
            "ann={id=o3, customer=ann, amount=1}");
    assertThat(out("skip")).containsExactlyInAnyOrderElementsOf(typed);
    assertThat(out("dead-letter")).containsExactlyInAnyOrderElementsOf(typed);
    assertThat(
            header(
                KAFKA.readAll("k-out-skip", "read_committed", Duration.ofSeconds(30)).get(0),
                "function"))
        .isEqualTo("kt/skip");

    List<ConsumerRecord<byte[], byte[]>> letters =
        KAFKA.readAll("k-dlq", "read_committed", Duration.ofSeconds(30));
    assertThat(letters)
        .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
        .containsExactly(POISONED.get(1), POISONED.get(3));
    assertThat(letters).extracting(r -> header(r, "statefun.offset")).containsExactly("1", "3");
    assertThat(header(letters.get(0), "statefun.ingress")).isEqualTo("kt/dead-letter");
    assertThat(header(letters.get(0), "statefun.topic")).isEqualTo("k-poison");
    assertThat(header(letters.get(1), "statefun.error"))
        .startsWith(
            "the value is not JSON that binds to org.statefun.io.kafka.it.Order: Unrecognized field \"colour\"");
    assertThat(MiniClusters.sumOfMetric(METRICS, result.getJobID(), "statefunKafkaSkippedRecords"))
        .isEqualTo(2);
    assertThat(
            MiniClusters.sumOfMetric(
                METRICS, result.getJobID(), "statefunKafkaDeadLetteredRecords"))
        .isEqualTo(2);
  }

  @Test
  void twoJobsWritingExactlyOnceToOneTopicDoNotFenceEachOther(@TempDir Path dir) throws Exception {
    String module =
        """
        version: 1
        functions:
          - { type: kt/twins, class: org.statefun.io.kafka.it.Recorder }
        ingresses:
          - id: kt/plain
            kind: kafka
            spec: { bootstrap-servers: "${KAFKA}", topics: k-plain, group-id: kt-twins, startup-position: earliest, stop-at: latest }
        routers:
          - { ingress: kt/plain, target: kt/twins, id: key }
        egresses:
          - id: kt/out
            kind: kafka
            spec: { bootstrap-servers: "${KAFKA}", delivery: exactly-once }
        """;
    // Same module, same egress id: only the job ids tell their transactional ids apart.
    BackgroundJob first = start(dir.resolve("first"), module);
    BackgroundJob second = start(dir.resolve("second"), module);
    first.join(Duration.ofMinutes(2));
    second.join(Duration.ofMinutes(2));

    List<String> both = new ArrayList<>(List.of(plain(0, 10)));
    both.addAll(List.of(plain(0, 10)));
    assertThat(out("twins")).containsExactlyInAnyOrderElementsOf(both);
  }

  @Test
  void aBadRecordFailsTheJobByDefaultNamingWhereItIs(@TempDir Path dir) {
    assertJobFails(
        dir,
        moduleWithIngress(
            "{ bootstrap-servers: \"${KAFKA}\", topics: k-poison, group-id: kt-strict, value-format: json,"
                + " value-type: org.statefun.io.kafka.it.Order, startup-position: earliest, stop-at: latest }",
            "value.customer"),
        "Ingress kt/in cannot read the record at topic 'k-poison', partition 0, offset 1: the value is"
            + " not JSON that binds to org.statefun.io.kafka.it.Order: Unrecognized token 'garbage': was"
            + " expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false'). To pass"
            + " over bad records, set its on-error to skip or dead-letter");
  }

  @Test
  void aMissingTopicFailsTheJobWithinTheConnectTimeout(@TempDir Path dir) {
    assertJobFails(
        dir,
        moduleWithIngress(
            "{ bootstrap-servers: \"${KAFKA}\", topics: [k-plain, k-missing], group-id: kt-missing, connect-timeout: 2s }",
            "key"),
        "Ingress kt/in reads topic 'k-missing', which does not exist on the Kafka cluster at "
            + KAFKA.bootstrapServers()
            + "; create it before starting the job");
  }

  @Test
  void anUnreachableBrokerFailsTheJobWithinTheConnectTimeout(@TempDir Path dir) throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    assertJobFails(
        dir,
        moduleWithIngress(
            "{ bootstrap-servers: \"localhost:"
                + port
                + "\", topics: k-plain, group-id: kt-nowhere, connect-timeout: 2s }",
            "key"),
        "Ingress kt/in cannot reach Kafka at localhost:" + port + " (bootstrap-servers) within 2s");
  }

  @Test
  void anEgressTopicThatDoesNotExistFailsTheJob(@TempDir Path dir) {
    String module =
        """
        version: 1
        functions:
          - { type: kt/any, class: org.statefun.io.kafka.it.Recorder }
        ingresses:
          - { id: kt/numbers, kind: sequence, spec: { from: 1, to: 3 } }
        routers:
          - { ingress: kt/numbers, target: kt/any }
        egresses:
          - id: kt/out
            kind: kafka
            spec: { bootstrap-servers: "${KAFKA}", topic: k-nope, connect-timeout: 2s }
        """;
    assertJobFails(
        dir,
        module,
        "Egress kt/out writes to topic 'k-nope', which does not exist on the Kafka cluster at ");
  }

  /**
   * A module with the Kafka ingress {@code kt/in} of {@code spec}, routed by {@code id} to a
   * function that prints.
   */
  private static String moduleWithIngress(String spec, String id) {
    return """
        version: 1
        functions:
          - { type: kt/any, class: org.statefun.io.kafka.it.Recorder }
        ingresses:
          - { id: kt/in, kind: kafka, spec: %s }
        routers:
          - { ingress: kt/in, target: kt/any, id: %s }
        egresses:
          - { id: kt/out, kind: print }
        """
        .formatted(spec, id);
  }

  /**
   * Runs {@code module}, which must fail well within a minute with {@code message} among its
   * causes.
   */
  private static void assertJobFails(Path dir, String module, String message) {
    assertTimeoutPreemptively(
        Duration.ofMinutes(1),
        () ->
            assertThatThrownBy(() -> run(dir, module))
                .satisfies(e -> assertThat(causes(e)).contains(message)));
  }

  private static JobExecutionResult run(Path dir, String module) throws Exception {
    write(dir, module);
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    return new StatefulFunctionsJob(Map.of("KAFKA", KAFKA.bootstrapServers()), dir, quiet).run(RUN);
  }

  /** Starts {@code module} at parallelism 1 in the background. */
  private static BackgroundJob start(Path dir, String module) throws IOException {
    write(dir, module);
    return BackgroundJob.start(
        Map.of("KAFKA", KAFKA.bootstrapServers()),
        dir,
        new PrintStream(OutputStream.nullOutputStream()),
        "--parallelism",
        "1",
        "-Dexecution.checkpointing.interval=200ms",
        "-Drestart-strategy.type=none");
  }

  private static void write(Path dir, String module) throws IOException {
    Path directory = Files.createDirectories(dir.resolve("modules/kt"));
    Files.writeString(directory.resolve("module.yaml"), module);
  }

  /** "key=value" of every committed record of {@code k-out-<function>}. */
  private static List<String> out(String function) throws Exception {
    return KAFKA.readAll("k-out-" + function, "read_committed", Duration.ofSeconds(30)).stream()
        .map(
            r ->
                new String(r.key(), StandardCharsets.UTF_8)
                    + "="
                    + new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static String[] plain(int from, int to) {
    List<String> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add("k" + i + "=v" + i);
    }
    return records.toArray(String[]::new);
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** The messages of {@code e} and all its causes, one per line. */
  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
