package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.IngressIdentifier;

/** The Java API's validation, redaction, delivery defaults and value decoding. */
class SpecsTest {

  static final IngressIdentifier<KafkaIngressRecord> IN =
      new IngressIdentifier<>(KafkaIngressRecord.class, "demo", "in");
  static final EgressIdentifier<Object> OUT = new EgressIdentifier<>(Object.class, "demo", "out");

  record Order(String id, int amount) {}

  @Test
  void propertiesShowOnlyTheirNames() {
    KafkaIngressSpec spec =
        KafkaIngressSpec.builder(IN)
            .bootstrapServers("localhost:9092")
            .topics("orders")
            .groupId("shop")
            .property("sasl.jaas.config", "top-secret")
            .build();
    assertThat(spec.properties()).hasToString("{sasl.jaas.config=<redacted>}");
    assertThat(spec.toString())
        .contains("sasl.jaas.config=<redacted>")
        .doesNotContain("top-secret");
  }

  @Test
  void reservedPropertiesAreRejected() {
    assertThatThrownBy(
            () ->
                KafkaIngressSpec.builder(IN)
                    .bootstrapServers("b:9092")
                    .topics("t")
                    .groupId("g")
                    .property("group.id", "other")
                    .build())
        .hasMessage("client property 'group.id' is set by the spec; use group-id instead");
    assertThatThrownBy(
            () ->
                KafkaEgressSpec.builder(OUT)
                    .bootstrapServers("b:9092")
                    .property("transactional.id", "x")
                    .build())
        .hasMessage(
            "client property 'transactional.id' is set by the spec; the egress derives transactional"
                + " ids from the job id");
  }

  @Test
  void requiredSettingsAreNamed() {
    assertThatThrownBy(
            () -> KafkaIngressSpec.builder(IN).bootstrapServers("b:9092").groupId("g").build())
        .hasMessage("Kafka ingress demo/in needs topics or a topic pattern");
    assertThatThrownBy(
            () -> KafkaIngressSpec.builder(IN).bootstrapServers("b:9092").topics("t").build())
        .hasMessage("Kafka ingress demo/in needs a group id");
    assertThatThrownBy(() -> KafkaEgressSpec.builder(OUT).build())
        .hasMessage("Kafka egress demo/out needs bootstrap servers");
  }

  @Test
  void deliveryFollowsCheckpointingUnlessSet() {
    assertThat(sink(null).deliveryWith(true)).isEqualTo(Delivery.EXACTLY_ONCE);
    assertThat(sink(null).deliveryWith(false)).isEqualTo(Delivery.AT_LEAST_ONCE);
    assertThat(sink(Delivery.NONE).deliveryWith(true)).isEqualTo(Delivery.NONE);
    assertThatThrownBy(() -> sink(Delivery.EXACTLY_ONCE).deliveryWith(false))
        .hasMessageStartingWith(
            "Egress demo/out delivers exactly-once, which commits its Kafka transactions with checkpoints, but checkpointing is off");
  }

  @Test
  void theDefaultTransactionTimeoutIsBelowTheBrokersMaximum() {
    assertThat(KafkaEgressSpec.builder(OUT).bootstrapServers("b:9092").build().transactionTimeout())
        .isLessThan(Duration.ofMinutes(15));
  }

  @Test
  void textValuesMustBeUtf8() {
    ValueDecoder text = ValueDecoder.open(IngressValueFormat.text(), Map.of());
    assertThatThrownBy(
            () -> text.decode("t", new RecordHeaders(), new byte[] {(byte) 0xC3, (byte) 0x28}))
        .isInstanceOf(BadRecordException.class)
        .hasMessage("the value is not valid UTF-8 text");
    assertThatThrownBy(() -> text.decode("t", new RecordHeaders(), null))
        .hasMessage("the record has no value (a tombstone)");
  }

  @Test
  void jsonBindsToTypesAndRejectsUnknownFields() throws Exception {
    ValueDecoder json = ValueDecoder.open(IngressValueFormat.json(Order.class), Map.of());
    assertThat(json.decode("t", new RecordHeaders(), bytes("{\"id\":\"o1\",\"amount\":3}")))
        .isEqualTo(new Order("o1", 3));
    assertThatThrownBy(
            () ->
                json.decode("t", new RecordHeaders(), bytes("{\"id\":\"o1\",\"colour\":\"red\"}")))
        .hasMessageStartingWith(
            "the value is not JSON that binds to "
                + Order.class.getName()
                + ": Unrecognized field \"colour\"");
    ValueDecoder tree = ValueDecoder.open(IngressValueFormat.jsonTree(), Map.of());
    assertThat(tree.decode("t", new RecordHeaders(), bytes("{\"a\":{\"b\":[1,2]}}")))
        .isEqualTo(Map.of("a", Map.of("b", java.util.List.of(1, 2))));
  }

  private static KafkaEgressSink<Object> sink(Delivery delivery) {
    return new KafkaEgressSink<>(
        OUT, "b:9092", KafkaClientProperties.none(), Duration.ofMinutes(1), delivery, null, null);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
