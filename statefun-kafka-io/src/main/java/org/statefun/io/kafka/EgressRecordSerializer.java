package org.statefun.io.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Turns the messages functions send to a Kafka egress into producer records: a {@link
 * KafkaEgressRecord} names its topic, key and headers; any other message is a value for the
 * egress's own topic.
 */
final class EgressRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String egress;
  private final String topic;
  private final KeyFormat keyFormat;
  private final EgressValueFormat valueFormat;
  private final Map<String, String> properties;

  private transient ValueEncoder values;

  /**
   * @param egress the egress id, for messages
   * @param topic the egress's topic, or null when every message names its own
   */
  EgressRecordSerializer(
      String egress,
      String topic,
      KeyFormat keyFormat,
      EgressValueFormat valueFormat,
      Map<String, String> properties) {
    this.egress = egress;
    this.topic = topic;
    this.keyFormat = keyFormat;
    this.valueFormat = valueFormat;
    this.properties = Map.copyOf(properties);
  }

  @Override
  public void open(
      SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
    values = ValueEncoder.open(valueFormat, properties, egress);
    ValueEncoder encoder = values;
    // The schema has no close(): release the encoder with the job's class loader.
    context
        .getUserCodeClassLoader()
        .registerReleaseHookIfAbsent(
            "statefun-kafka-egress-" + System.identityHashCode(this), encoder::close);
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      T message, KafkaSinkContext context, Long timestamp) {
    if (message instanceof KafkaEgressRecord record) {
      String target = record.topic() != null ? record.topic() : requireTopic(message);
      Headers headers = new RecordHeaders();
      record
          .headers()
          .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
      byte[] value = record.value() == null ? null : values.encode(target, headers, record.value());
      return new ProducerRecord<>(target, null, null, key(record.key()), value, headers);
    }
    String target = requireTopic(message);
    Headers headers = new RecordHeaders();
    return new ProducerRecord<>(
        target, null, null, null, values.encode(target, headers, message), headers);
  }

  private byte[] key(String key) {
    if (key == null) {
      return null;
    }
    if (keyFormat == KeyFormat.NONE) {
      throw new IllegalArgumentException(
          "Egress "
              + egress
              + " writes no keys (key format none), but a message has the key '"
              + key
              + "'; send it without a key or use key format text");
    }
    return key.getBytes(StandardCharsets.UTF_8);
  }

  private String requireTopic(T message) {
    if (topic == null) {
      throw new IllegalArgumentException(
          "Egress "
              + egress
              + " has no topic of its own, but a message of type "
              + message.getClass().getName()
              + " names none; send a KafkaEgressRecord with a topic,"
              + " or give the egress a topic");
    }
    return topic;
  }
}
