package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.io.kafka.testing.KindSpecs;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.remote.protocol.egress.generated.KafkaProducerRecord;
import org.statefun.sdk.Address;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.TypedValue;
import org.statefun.sdk.io.EgressSpec;
import org.statefun.sdk.io.Router;

/**
 * StateFun 3.x's Kafka kinds, {@code io.statefun.kafka.v1/ingress} and {@code
 * io.statefun.kafka.v1/egress}: what valid specs mean, and the exact problem of each malformed one.
 */
class StateFunKindsTest {

  @TempDir Path dir;

  // ---------------------------------------------------------------- ingress

  @Test
  void anIngressSpecWithEverything() {
    StateFunKafkaIngressKind.Parsed parsed =
        ingress(
            """
            address: kafka:9092
            consumerGroupId: shop
            startupPosition:
              type: specific-offsets
              offsets:
                - orders/0: 5
                - orders/1: 7
            autoOffsetResetPosition: earliest
            topics:
              - topic: orders
                valueType: com.example/Order
                targets: [com.example/cart, com.example/audit]
              - topic: returns
                valueType: com.example/Return
                targets: [com.example/cart]
            properties:
              - security.protocol: SASL_SSL
              - sasl.jaas.config: secret
              - group.id: ignored
              - bootstrap.servers: ignored
            """);
    KafkaIngressSpec spec = parsed.spec();
    assertThat(spec.id().toString()).isEqualTo("ns/in");
    assertThat(spec.bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(spec.groupId()).isEqualTo("shop");
    assertThat(spec.topics()).isEqualTo(KafkaTopics.names(List.of("orders", "returns")));
    assertThat(spec.startupPosition())
        .isEqualTo(
            StartupPosition.specificOffsets(
                Map.of(new TopicPartition("orders", 0), 5L, new TopicPartition("orders", 1), 7L),
                StartupPosition.Fallback.EARLIEST));
    assertThat(spec.keyFormat()).isEqualTo(KeyFormat.REQUIRED_TEXT);
    assertThat(spec.valueFormat()).isEqualTo(IngressValueFormat.bytes());
    // named keys win over the properties that would set the same
    assertThat(spec.properties().values())
        .containsExactly(
            Map.entry("security.protocol", "SASL_SSL"), Map.entry("sasl.jaas.config", "secret"));
    assertThat(parsed.router().routes())
        .containsOnlyKeys("orders", "returns")
        .containsEntry(
            "orders",
            new StateFunKafkaRouter.Route(
                "com.example/Order",
                List.of(
                    new FunctionType("com.example", "cart"),
                    new FunctionType("com.example", "audit"))));
  }

  @Test
  void theDefaultsAreLatestAndNoProperties() {
    KafkaIngressSpec spec = ingress(MINIMAL_INGRESS).spec();
    assertThat(spec.startupPosition()).isEqualTo(StartupPosition.latest());
    assertThat(spec.properties().values()).isEmpty();
  }

  static final String MINIMAL_INGRESS =
      """
      address: kafka:9092
      consumerGroupId: g
      topics: [{ topic: t, valueType: a/b, targets: [a/f] }]
      """;

  @Test
  void everyStartupPosition() {
    assertThat(startup("{ type: earliest }")).isEqualTo(StartupPosition.earliest());
    assertThat(startup("{ type: latest }")).isEqualTo(StartupPosition.latest());
    assertThat(startup("{ type: group-offsets }"))
        .isEqualTo(StartupPosition.groupOffsets(StartupPosition.Fallback.LATEST));
    assertThat(startup("{ type: date, date: '2024-05-01 08:00:00.000 +0200' }"))
        .isEqualTo(StartupPosition.timestamp(Instant.parse("2024-05-01T06:00:00Z")));
  }

  @Test
  void theCreatedIngressCarriesItsRouter() {
    IngressComponent<KafkaIngressRecord> component =
        KindSpecs.create(
                dir,
                MINIMAL_INGRESS,
                new StateFunKafkaIngressKind().specKeys(),
                "ns/in",
                new StateFunKafkaIngressKind()::create)
            .created();
    assertThat(component.spec().id().toString()).isEqualTo("ns/in");
    assertThat(component.router()).isInstanceOf(StateFunKafkaRouter.class);
  }

  @Test
  void theRouterSendsTypedValuesToEveryTargetOfTheTopicUnderTheKey() {
    StateFunKafkaRouter router =
        ingress(
                """
                address: kafka:9092
                consumerGroupId: g
                topics:
                  - { topic: t1, valueType: v/one, targets: [f/a, f/b] }
                  - { topic: t2, valueType: v/two, targets: [f/c] }
                """)
            .router();
    List<String> sent = new ArrayList<>();
    Router.Downstream downstream =
        (Address to, Object message) -> {
          TypedValue value = (TypedValue) message;
          sent.add(
              to
                  + " "
                  + value.typeName()
                  + " "
                  + new String(value.value(), StandardCharsets.UTF_8));
        };
    router.route(new KafkaIngressRecord("t1", 0, 3, 0, "ann", bytes("hi")), downstream);
    router.route(new KafkaIngressRecord("t2", 1, 4, 0, "bob", bytes("yo")), downstream);
    assertThat(sent)
        .containsExactly(
            new Address(new FunctionType("f", "a"), "ann") + " v/one hi",
            new Address(new FunctionType("f", "b"), "ann") + " v/one hi",
            new Address(new FunctionType("f", "c"), "bob") + " v/two yo");
  }

  @Test
  void ingressProblems() {
    assertThat(ingressProblems("startupPosition: { type: latest }"))
        .containsExactly(
            "spec.yaml:1:1: spec is missing the required key 'address' (host:port[,host:port…] of the Kafka brokers)",
            "spec.yaml:1:1: spec is missing the required key 'consumerGroupId' (the Kafka consumer group)",
            "spec.yaml:1:1: spec is missing the required key 'topics' (a list of {topic, valueType, targets})");
    assertThat(ingressProblems(BASE + "topics: []\n"))
        .containsExactly("spec.yaml:3:9: 'spec.topics' is empty; give at least one topic");
    assertThat(ingressProblems(BASE + "topics: orders\n"))
        .containsExactly("spec.yaml:3:9: 'spec.topics' must be a list, got a string");
    assertThat(
            ingressProblems(
                BASE
                    + """
                    topics:
                      - topic: orders
                        valueType: Order
                        targets: [a/f, cart, a/]
                        target: a/f
                      - { valueType: a/b, targets: [] }
                      - { topic: orders, targets: a/g }
                      - dlq
                    """))
        .containsExactly(
            "spec.yaml:5:16: 'spec.topics[0].valueType' is 'Order'; expected the type name of the values, namespace/name",
            "spec.yaml:6:14: 'spec.topics[0].targets[1]' is 'cart'; expected a function type, namespace/name",
            "spec.yaml:6:14: 'spec.topics[0].targets[2]' is 'a/'; expected a function type, namespace/name",
            "spec.yaml:7:5: unknown key 'target' in spec.topics[0]; did you mean 'targets'? Allowed keys: topic, valueType, targets",
            "spec.yaml:8:5: spec.topics[1] is missing the required key 'topic' (a topic name)",
            "spec.yaml:8:32: 'spec.topics[1].targets' is empty; give at least one item (a function type namespace/name)",
            "spec.yaml:9:5: spec.topics[2] is missing the required key 'valueType' (the type name of the values, namespace/name)",
            "spec.yaml:9:14: 'spec.topics[2].topic' is 'orders', which 'spec.topics[0].topic' already lists; list each topic once, with all its targets",
            "spec.yaml:10:5: 'spec.topics[3]' must be a map, got a string");
  }

  static final String BASE = "address: kafka:9092\nconsumerGroupId: g\n";

  @Test
  void startupPositionProblems() {
    assertThat(startupProblems("{ type: erliest }"))
        .containsExactly(
            "spec.yaml:4:26: 'spec.startupPosition.type' is 'erliest'; did you mean 'earliest'? Expected one of: earliest, latest, group-offsets, specific-offsets, date");
    assertThat(startupProblems("{ date: '2024-05-01 08:00:00.000 +0000' }"))
        .containsExactly(
            "spec.yaml:4:18: spec.startupPosition is missing the required key 'type' (one of: earliest, latest, group-offsets, specific-offsets, date)");
    assertThat(startupProblems("earliest"))
        .containsExactly("spec.yaml:4:18: 'spec.startupPosition' must be a map, got a string");
    assertThat(startupProblems("{ type: earliest, date: x, offsets: [], position: 1 }"))
        .containsExactly(
            "spec.yaml:4:42: 'spec.startupPosition.date' only applies with startupPosition type date",
            "spec.yaml:4:54: 'spec.startupPosition.offsets' only applies with startupPosition type specific-offsets",
            "spec.yaml:4:58: unknown key 'position' in spec.startupPosition; allowed keys: type, offsets, date");
    assertThat(startupProblems("{ type: specific-offsets }"))
        .containsExactly(
            "spec.yaml:4:18: spec.startupPosition is missing the required key 'offsets' (a list of {\"topic/partition\": offset}, for type specific-offsets)");
    assertThat(
            startupProblems(
                "{ type: specific-offsets, offsets: [{ t/0: 1, t: 2 }, { t/1: -1 }, { t/2: x }, 5] }"))
        .containsExactly(
            "spec.yaml:4:67: 'spec.startupPosition.offsets[0].t': the key must be 'topic/partition', like orders/0",
            "spec.yaml:4:79: 'spec.startupPosition.offsets[1].t/1' is -1; expected an offset of 0 or more",
            "spec.yaml:4:92: 'spec.startupPosition.offsets[2].t/2' must be a whole number, got a string",
            "spec.yaml:4:97: 'spec.startupPosition.offsets[3]' must be a map, got a number");
    assertThat(startupProblems("{ type: date }"))
        .containsExactly(
            "spec.yaml:4:18: spec.startupPosition is missing the required key 'date' (a date like 2024-05-01 08:00:00.000 +0000 (yyyy-MM-dd HH:mm:ss.SSS Z), for type date)");
    assertThat(startupProblems("{ type: date, date: '2024-05-01T08:00:00Z' }"))
        .containsExactly(
            "spec.yaml:4:38: 'spec.startupPosition.date' is '2024-05-01T08:00:00Z'; expected a date like 2024-05-01 08:00:00.000 +0000 (yyyy-MM-dd HH:mm:ss.SSS Z)");
  }

  @Test
  void autoOffsetResetAndPropertyProblemsNeverShowValues() {
    assertThat(
            ingressProblems(
                MINIMAL_INGRESS
                    + """
                    autoOffsetResetPosition: none
                    properties:
                      - { value.deserializer: top-secret-1 }
                      - sasl.jaas.config: [top-secret-2]
                      - key.deserializer: top-secret-3
                        x: 1
                    """))
        .containsExactly(
            "spec.yaml:4:26: 'spec.autoOffsetResetPosition' is 'none'; expected one of: earliest, latest",
            "spec.yaml:6:27: 'spec.properties[0].value.deserializer': client property 'value.deserializer' is set by the kind; record values are read as bytes (the TypedValue's value)",
            "spec.yaml:7:23: 'spec.properties[1].sasl.jaas.config' must be a Kafka client property value, got a list",
            "spec.yaml:8:23: 'spec.properties[2].key.deserializer': client property 'key.deserializer' is set by the kind; record keys are read as UTF-8 text (the function id)");
    assertThat(ingressProblems(MINIMAL_INGRESS + "properties: { a: b }\n"))
        .containsExactly("spec.yaml:4:13: 'spec.properties' must be a list, got a map");
  }

  @Test
  void unknownKeysAndTheIdAreReportedByTheLoadersKeyCheck() {
    assertThat(ingressProblems(MINIMAL_INGRESS + "id: ns/in\nstartupPositon: {type: latest}\n"))
        .containsExactly(
            "spec.yaml:4:1: unknown key 'id' in spec; allowed keys: address, consumerGroupId, topics, startupPosition, autoOffsetResetPosition, properties",
            "spec.yaml:5:1: unknown key 'startupPositon' in spec; did you mean 'startupPosition'? Allowed keys: address, consumerGroupId, topics, startupPosition, autoOffsetResetPosition, properties");
  }

  // ---------------------------------------------------------------- egress

  @Test
  void egressDeliverySemantics() {
    KafkaEgressSink<?> atLeastOnce = egress("address: kafka:9092\n");
    assertThat(atLeastOnce.deliveryWith(true)).isEqualTo(Delivery.AT_LEAST_ONCE);
    assertThat(atLeastOnce.transactionTimeout())
        .isEqualTo(KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT);

    KafkaEgressSink<?> exactlyOnce =
        egress(
            "address: kafka:9092\ndeliverySemantic: { type: exactly-once, transactionTimeout: 15min }\n");
    assertThat(exactlyOnce.deliveryWith(true)).isEqualTo(Delivery.EXACTLY_ONCE);
    assertThat(exactlyOnce.transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThatThrownBy(() -> exactlyOnce.deliveryWith(false))
        .hasMessageStartingWith(
            "Egress ns/out delivers exactly-once, which commits its Kafka transactions with checkpoints, but checkpointing is off");

    KafkaEgressSink<?> legacy =
        egress(
            "address: kafka:9092\n"
                + "deliverySemantic: { type: exactly-once, transactionTimeout: 15min, transactionTimeoutMillis: 60000 }\n");
    assertThat(legacy.transactionTimeout()).isEqualTo(Duration.ofMinutes(1));

    assertThat(egress("address: k:1\ndeliverySemantic: { type: none }\n").deliveryWith(true))
        .isEqualTo(Delivery.NONE);
    assertThat(
            egress(
                    "address: k:1\nproperties: [{ linger.ms: 5 }, { bootstrap.servers: x, transaction.timeout.ms: 1 }]\n")
                .properties()
                .values())
        .containsExactly(Map.entry("linger.ms", "5"));
  }

  @Test
  void egressProblems() {
    assertThat(egressProblems("deliverySemantic: { type: exactly-twice }\n"))
        .containsExactly(
            "spec.yaml:1:1: spec is missing the required key 'address' (host:port[,host:port…] of the Kafka brokers)",
            "spec.yaml:1:27: 'spec.deliverySemantic.type' is 'exactly-twice'; expected one of: at-least-once, exactly-once, none");
    assertThat(
            egressProblems(
                "address: k:1\ndeliverySemantic: { transactionTimeout: soon, transactionTimeoutMillis: -5, semantic: x }\n"))
        .containsExactly(
            "spec.yaml:2:19: spec.deliverySemantic is missing the required key 'type' (one of: at-least-once, exactly-once, none)",
            "spec.yaml:2:41: 'spec.deliverySemantic.transactionTimeout' is 'soon'; expected a positive duration like 15min, 900s or 1h",
            "spec.yaml:2:73: 'spec.deliverySemantic.transactionTimeoutMillis' is -5; expected a number of milliseconds greater than 0",
            "spec.yaml:2:77: unknown key 'semantic' in spec.deliverySemantic; allowed keys: type, transactionTimeout, transactionTimeoutMillis");
    assertThat(
            egressProblems(
                "address: k:1\ndeliverySemantic: { type: at-least-once, transactionTimeout: 1min, transactionTimeoutMillis: 5 }\n"))
        .containsExactly(
            "spec.yaml:2:62: 'spec.deliverySemantic.transactionTimeout' only applies with deliverySemantic type exactly-once",
            "spec.yaml:2:94: 'spec.deliverySemantic.transactionTimeoutMillis' only applies with deliverySemantic type exactly-once");
    assertThat(egressProblems("address: k:1\ndeliverySemantic: exactly-once\n"))
        .containsExactly("spec.yaml:2:19: 'spec.deliverySemantic' must be a map, got a string");
    assertThat(
            egressProblems(
                "address: k:1\nproperties:\n  - transactional.id: top-secret\n  - value.serializer: top-secret\n"))
        .containsExactly(
            "spec.yaml:3:23: 'spec.properties[0].transactional.id': client property 'transactional.id' is set by the kind; the egress derives transactional ids from the job id",
            "spec.yaml:4:23: 'spec.properties[1].value.serializer': client property 'value.serializer' is set by the kind; values are written as the KafkaProducerRecord's value_bytes");
  }

  @Test
  void producerRecordsBecomeKafkaRecords() {
    ProducerRecordSerializer serializer = new ProducerRecordSerializer("ns/out");
    ProducerRecord<byte[], byte[]> keyed =
        serializer.serialize(producerRecord("greetings", "ann", "Hello Ann"), null, null);
    assertThat(keyed.topic()).isEqualTo("greetings");
    assertThat(new String(keyed.key(), StandardCharsets.UTF_8)).isEqualTo("ann");
    assertThat(new String(keyed.value(), StandardCharsets.UTF_8)).isEqualTo("Hello Ann");
    assertThat(serializer.serialize(producerRecord("t", "", "x"), null, null).key()).isNull();
  }

  @Test
  void otherMessagesFailNamingTheEgressAndWhatItAccepts() {
    ProducerRecordSerializer serializer = new ProducerRecordSerializer("ns/out");
    String accepts =
        "Egress ns/out (io.statefun.kafka.v1/egress) accepts TypedValues of type"
            + " type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord (a protobuf"
            + " KafkaProducerRecord with key, value_bytes and topic)";
    assertThatThrownBy(
            () ->
                serializer.serialize(
                    new TypedValue("com.example/Greeting", bytes("x")), null, null))
        .hasMessage(accepts + ", but a function sent a TypedValue of type 'com.example/Greeting'");
    assertThatThrownBy(
            () ->
                serializer.serialize(
                    new TypedValue(ProducerRecordSerializer.TYPE_NAME, new byte[] {(byte) 0xff}),
                    null,
                    null))
        .hasMessageStartingWith(accepts + ", but a function sent one whose bytes are not one: ");
    assertThatThrownBy(() -> serializer.serialize(producerRecord("", "k", "v"), null, null))
        .hasMessage(
            "Egress ns/out got a KafkaProducerRecord without a topic; every record must name its topic");
  }

  // ---------------------------------------------------------------- helpers

  static TypedValue producerRecord(String topic, String key, String value) {
    return new TypedValue(
        ProducerRecordSerializer.TYPE_NAME,
        KafkaProducerRecord.newBuilder()
            .setTopic(topic)
            .setKey(key)
            .setValueBytes(ByteString.copyFromUtf8(value))
            .build()
            .toByteArray());
  }

  private StateFunKafkaIngressKind.Parsed ingress(String yaml) {
    KindSpecs.Outcome<StateFunKafkaIngressKind.Parsed> outcome =
        KindSpecs.create(
            dir,
            yaml,
            new StateFunKafkaIngressKind().specKeys(),
            "ns/in",
            StateFunKafkaIngressKind::parse);
    assertThat(outcome.problems()).isEmpty();
    return outcome.created();
  }

  private StartupPosition startup(String position) {
    return ingress(MINIMAL_INGRESS + "startupPosition: " + position + "\n")
        .spec()
        .startupPosition();
  }

  private List<String> ingressProblems(String yaml) {
    KindSpecs.Outcome<?> outcome =
        KindSpecs.create(
            dir,
            yaml,
            new StateFunKafkaIngressKind().specKeys(),
            "ns/in",
            StateFunKafkaIngressKind::parse);
    assertThat(outcome.created()).isNull();
    return outcome.problems();
  }

  private List<String> startupProblems(String position) {
    return ingressProblems(MINIMAL_INGRESS + "startupPosition: " + position + "\n");
  }

  private KafkaEgressSink<?> egress(String yaml) {
    KindSpecs.Outcome<EgressSpec<TypedValue>> outcome =
        KindSpecs.create(
            dir,
            yaml,
            new StateFunKafkaEgressKind().specKeys(),
            "ns/out",
            new StateFunKafkaEgressKind()::create);
    assertThat(outcome.problems()).isEmpty();
    assertThat(outcome.created().id().consumedType()).isEqualTo(TypedValue.class);
    return (KafkaEgressSink<?>) ((SinkEgressSpec<?>) outcome.created()).sink();
  }

  private List<String> egressProblems(String yaml) {
    KindSpecs.Outcome<?> outcome =
        KindSpecs.create(
            dir,
            yaml,
            new StateFunKafkaEgressKind().specKeys(),
            "ns/out",
            new StateFunKafkaEgressKind()::create);
    assertThat(outcome.created()).isNull();
    return outcome.problems();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
