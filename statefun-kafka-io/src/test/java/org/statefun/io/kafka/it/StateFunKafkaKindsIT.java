package org.statefun.io.kafka.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.testing.Deadline;
import org.statefun.core.testing.Jobs;
import org.statefun.core.testing.MiniClusters;
import org.statefun.core.testing.Multisets;
import org.statefun.io.kafka.KafkaIngressRecord;
import org.statefun.io.kafka.StateFunKafkaEgressKind;
import org.statefun.io.kafka.StateFunKafkaIngressKind;
import org.statefun.io.kafka.testing.KafkaBroker;
import org.statefun.io.kafka.testing.KindSpecs;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.TypedValue;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.spi.StatefulFunctionModule;

/**
 * StateFun 3.x's Kafka kinds against a real broker on a MiniCluster (parallelism 2, checkpoints),
 * driven through the kind SPI as the loader will drive them: the ingress's own router sends each
 * record, as a TypedValue of its topic's value type, to every target of its topic under the key as
 * id; functions answer with StateFun KafkaProducerRecords that the exactly-once egress writes to
 * the topic each names. A read_committed consumer sees exactly the expected records, also through
 * an injected failure.
 */
class StateFunKafkaKindsIT {

  @RegisterExtension
  @Order(1)
  static final KafkaBroker KAFKA = new KafkaBroker();

  @RegisterExtension
  @Order(2)
  static final MiniClusterExtension CLUSTER = MiniClusters.withSlots(2);

  static final List<FunctionType> FUNCTIONS =
      List.of(
          new FunctionType("sf", "a1"), new FunctionType("sf", "a2"), new FunctionType("sf", "b"));

  @Test
  void recordsOfTwoTopicsReachTheirTargetsAsTypedValuesUnderTheirKeys(@TempDir Path dir)
      throws Exception {
    KAFKA.createTopics(2, "sf-a", "sf-b", "sf-out");
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String user = "u" + (i % 5);
      records.add(new ProducerRecord<>("sf-a", bytes(user), bytes("a" + i)));
      expected.add(user + "=" + TypedEchoFn.output("sf/a1", "com.example/A", "a" + i));
      expected.add(user + "=" + TypedEchoFn.output("sf/a2", "com.example/A", "a" + i));
      records.add(new ProducerRecord<>("sf-b", bytes(user), bytes("b" + i)));
      expected.add(user + "=" + TypedEchoFn.output("sf/b", "com.example/B", "b" + i));
    }
    KAFKA.produce(records);

    JobClient job =
        start(
            dir,
            """
            address: %s
            consumerGroupId: sf-routing
            startupPosition: { type: earliest }
            topics:
              - { topic: sf-a, valueType: com.example/A, targets: [sf/a1, sf/a2] }
              - { topic: sf-b, valueType: com.example/B, targets: [sf/b] }
            """,
            "sf-out",
            MiniClusters.checkpointed(Duration.ofMillis(300)));
    try {
      Deadline.waitUntil(
          () -> done(job) || committed("sf-out").size() >= expected.size(), Duration.ofMinutes(2));
      assertThat(done(job)).as("the job ended early").isFalse();
    } finally {
      job.cancel().get();
    }
    Multisets.assertSameElements(keyed(committed("sf-out")), expected);
  }

  @Test
  void theEgressWritesExactlyOnceThroughAFailure(@TempDir Path dir) throws Exception {
    KAFKA.createTopics(2, "sf-eo-in", "sf-eo-out");
    Configuration conf = MiniClusters.checkpointed(Duration.ofMillis(300));
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
    List<String> expected = new ArrayList<>();
    produce(0, 500, expected);
    JobClient job =
        start(
            dir,
            """
            address: %s
            consumerGroupId: sf-exactly-once
            startupPosition: { type: earliest }
            topics:
              - { topic: sf-eo-in, valueType: com.example/A, targets: [sf/a1] }
            """,
            "sf-eo-out",
            conf);
    try {
      // Output of the first batch was committed (a checkpoint completed): fail in the next batch.
      Deadline.waitUntil(
          () -> done(job) || committed("sf-eo-out").size() >= 250, Duration.ofMinutes(2));
      assertThat(done(job)).as("the job ended early").isFalse();
      TypedEchoFn.failAfter(300);
      produce(500, 1500, expected);
      Deadline.waitUntil(
          () -> done(job) || committed("sf-eo-out").size() >= expected.size(),
          Duration.ofMinutes(2));
      assertThat(done(job)).as("the job ended early").isFalse();
    } finally {
      job.cancel().get();
    }
    assertThat(TypedEchoFn.FAILED).as("the failure was injected").isTrue();
    List<ConsumerRecord<byte[], byte[]>> committed = committed("sf-eo-out");
    Multisets.assertSameElements(keyed(committed), expected);
    assertThat(KAFKA.readAll("sf-eo-out", "read_uncommitted", Duration.ofSeconds(30)).size())
        .as("records of aborted transactions")
        .isGreaterThan(committed.size());
  }

  @Test
  void aRecordWithoutKeyFailsTheJobNamingWhereItIs(@TempDir Path dir) throws Exception {
    KAFKA.createTopics(1, "sf-nokey", "sf-nokey-out");
    KAFKA.produce(
        List.of(
            new ProducerRecord<>("sf-nokey", bytes("u1"), bytes("first")),
            new ProducerRecord<>("sf-nokey", null, bytes("second"))));
    JobClient job =
        start(
            dir,
            """
            address: %s
            consumerGroupId: sf-nokey
            startupPosition: { type: earliest }
            topics:
              - { topic: sf-nokey, valueType: com.example/A, targets: [sf/a1] }
            """,
            "sf-nokey-out",
            MiniClusters.checkpointed(Duration.ofMillis(300)));
    assertThatThrownBy(() -> job.getJobExecutionResult().get(2, TimeUnit.MINUTES))
        .satisfies(
            e ->
                assertThat(causes(e))
                    .contains(
                        "Ingress sf/in cannot read the record at topic 'sf-nokey', partition 0,"
                            + " offset 1: the record has no key, and this ingress sends each record"
                            + " to the function id its key holds. Records of a"
                            + " io.statefun.kafka.v1/ingress need a key and a value; fix or remove"
                            + " the record\n"));
  }

  /** The messages of {@code e} and all its causes, one per line. */
  private static String causes(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  /**
   * Starts a job of the three echo functions, the StateFun Kafka ingress {@code sf/in} of {@code
   * ingressSpec} (its {@code %s} the brokers) and the exactly-once egress {@code sf/out}; the
   * functions answer to {@code outTopic}.
   */
  private static JobClient start(Path dir, String ingressSpec, String outTopic, Configuration conf)
      throws Exception {
    StateFunKafkaIngressKind ingressKind = new StateFunKafkaIngressKind();
    IngressComponent<KafkaIngressRecord> ingress =
        created(
            KindSpecs.create(
                dir,
                ingressSpec.formatted(KAFKA.bootstrapServers()),
                ingressKind.specKeys(),
                "sf/in",
                ingressKind::create));
    StateFunKafkaEgressKind egressKind = new StateFunKafkaEgressKind();
    EgressSpec<TypedValue> egress =
        created(
            KindSpecs.create(
                dir,
                """
                address: %s
                deliverySemantic: { type: exactly-once, transactionTimeout: 2min }
                properties:
                  - linger.ms: 5
                """
                    .formatted(KAFKA.bootstrapServers()),
                egressKind.specKeys(),
                "sf/out",
                egressKind::create));
    StatefulFunctionModule module =
        (config, binder) -> {
          binder.bindIngress(ingress.spec());
          binder.bindIngressRouter(ingress.spec().id(), ingress.router());
          binder.bindEgress(egress);
          for (FunctionType type : FUNCTIONS) {
            binder.bindFunctionProvider(type, t -> new TypedEchoFn(outTopic));
          }
        };
    return Jobs.environment(module, 2, conf).executeAsync("statefun kafka kinds");
  }

  private static <T> T created(KindSpecs.Outcome<T> outcome) {
    assertThat(outcome.problems()).isEmpty();
    return outcome.created();
  }

  /** Records {@code from} (inclusive) to {@code to}: key u(i % 50), value i. */
  private static void produce(int from, int to, List<String> expected) throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      String user = "u" + (i % 50);
      records.add(new ProducerRecord<>("sf-eo-in", bytes(user), bytes(Integer.toString(i))));
      expected.add(user + "=" + TypedEchoFn.output("sf/a1", "com.example/A", Integer.toString(i)));
    }
    KAFKA.produce(records);
  }

  private static boolean done(JobClient job) {
    try {
      return job.getJobStatus().get().isGloballyTerminalState();
    } catch (Exception e) {
      return true;
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> committed(String topic) {
    try {
      return KAFKA.readAll(topic, "read_committed", Duration.ofSeconds(30));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  /** "key=value" of each record. */
  private static List<String> keyed(List<ConsumerRecord<byte[], byte[]>> records) {
    return records.stream()
        .map(
            r ->
                new String(r.key(), StandardCharsets.UTF_8)
                    + "="
                    + new String(r.value(), StandardCharsets.UTF_8))
        .toList();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
