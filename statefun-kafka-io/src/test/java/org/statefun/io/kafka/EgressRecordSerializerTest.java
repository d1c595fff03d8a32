package org.statefun.io.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EgressRecordSerializerTest {

  record Greeting(String name, int visit) {}

  @Test
  void plainMessagesGoToTheEgressTopicWithoutKey() {
    ProducerRecord<byte[], byte[]> record =
        open("greetings", KeyFormat.TEXT, EgressValueFormat.text())
            .serialize("Hello Ann", null, null);
    assertThat(record.topic()).isEqualTo("greetings");
    assertThat(record.key()).isNull();
    assertThat(text(record.value())).isEqualTo("Hello Ann");
  }

  @Test
  void kafkaEgressRecordsNameTopicKeyAndHeaders() {
    ProducerRecord<byte[], byte[]> record =
        open(null, KeyFormat.TEXT, EgressValueFormat.json())
            .serialize(
                KafkaEgressRecord.to("vip", "ann", new Greeting("Ann", 2))
                    .withHeader("source", "test"),
                null,
                null);
    assertThat(record.topic()).isEqualTo("vip");
    assertThat(text(record.key())).isEqualTo("ann");
    assertThat(text(record.value())).isEqualTo("{\"name\":\"Ann\",\"visit\":2}");
    assertThat(text(record.headers().lastHeader("source").value())).isEqualTo("test");
  }

  @Test
  void aNullValueIsATombstone() {
    ProducerRecord<byte[], byte[]> record =
        open("t", KeyFormat.TEXT, EgressValueFormat.text())
            .serialize(KafkaEgressRecord.keyed("ann", null), null, null);
    assertThat(record.topic()).isEqualTo("t");
    assertThat(record.value()).isNull();
  }

  @Test
  void aMessageWithoutTopicNeedsTheEgressTopic() {
    assertThatThrownBy(
            () ->
                open(null, KeyFormat.TEXT, EgressValueFormat.text()).serialize("Hello", null, null))
        .hasMessage(
            "Egress demo/out has no topic of its own, but a message of type java.lang.String names none;"
                + " send a KafkaEgressRecord with a topic, or give the egress a topic");
  }

  @Test
  void keysAreRejectedWithKeyFormatNone() {
    assertThatThrownBy(
            () ->
                open("t", KeyFormat.NONE, EgressValueFormat.text())
                    .serialize(KafkaEgressRecord.keyed("ann", "x"), null, null))
        .hasMessage(
            "Egress demo/out writes no keys (key format none), but a message has the key 'ann'; send it"
                + " without a key or use key format text");
  }

  @Test
  void bytesFormatNeedsByteArrays() {
    EgressRecordSerializer<Object> bytes = open("t", KeyFormat.TEXT, EgressValueFormat.bytes());
    assertThat(bytes.serialize(new byte[] {1, 2}, null, null).value()).containsExactly(1, 2);
    assertThatThrownBy(() -> bytes.serialize("text", null, null))
        .hasMessage(
            "Egress demo/out writes values as bytes, but a message value is a java.lang.String; send"
                + " byte[] or choose another value format");
  }

  private static EgressRecordSerializer<Object> open(
      String topic, KeyFormat keys, EgressValueFormat values) {
    EgressRecordSerializer<Object> serializer =
        new EgressRecordSerializer<>("demo/out", topic, keys, values, Map.of());
    serializer.open(new TestInitContext(), null);
    return serializer;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** What Flink passes to open(): metrics and the user-code class loader. */
  static final class TestInitContext implements SerializationSchema.InitializationContext {
    @Override
    public UnregisteredMetricsGroup getMetricGroup() {
      return new UnregisteredMetricsGroup();
    }

    @Override
    public UserCodeClassLoader getUserCodeClassLoader() {
      return new UserCodeClassLoader() {
        @Override
        public ClassLoader asClassLoader() {
          return EgressRecordSerializerTest.class.getClassLoader();
        }

        @Override
        public void registerReleaseHookIfAbsent(String name, Runnable hook) {}
      };
    }
  }
}
