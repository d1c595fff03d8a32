package org.statefun.io.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.statefun.remote.protocol.egress.generated.KafkaProducerRecord;
import org.statefun.sdk.TypedValue;

/**
 * Turns the messages of an {@code io.statefun.kafka.v1/egress} into producer records: each message
 * is a {@link TypedValue} holding StateFun's protobuf {@code io.statefun.sdk.egress
 * .KafkaProducerRecord} (key, value bytes, topic), as StateFun's SDKs build it. An empty key writes
 * a record without key.
 */
final class ProducerRecordSerializer implements KafkaRecordSerializationSchema<TypedValue> {

  private static final long serialVersionUID = 1L;

  /** The type name of the messages the egress accepts. */
  static final String TYPE_NAME = "type.googleapis.com/io.statefun.sdk.egress.KafkaProducerRecord";

  private final String egress;

  /**
   * @param egress the egress id, for messages
   */
  ProducerRecordSerializer(String egress) {
    this.egress = egress;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(
      TypedValue message, KafkaSinkContext context, Long timestamp) {
    if (!TYPE_NAME.equals(message.typeName())) {
      throw new IllegalArgumentException(
          accepts() + ", but a function sent a TypedValue of type '" + message.typeName() + "'");
    }
    KafkaProducerRecord record;
    try {
      record = KafkaProducerRecord.parseFrom(message.value());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          accepts() + ", but a function sent one whose bytes are not one: " + e.getMessage(), e);
    }
    if (record.getTopic().isEmpty()) {
      throw new IllegalArgumentException(
          "Egress "
              + egress
              + " got a KafkaProducerRecord without a topic; every record must name its topic");
    }
    byte[] key =
        record.getKey().isEmpty() ? null : record.getKey().getBytes(StandardCharsets.UTF_8);
    return new ProducerRecord<>(record.getTopic(), key, record.getValueBytes().toByteArray());
  }

  private String accepts() {
    return "Egress "
        + egress
        + " ("
        + StateFunKafkaEgressKind.KIND
        + ") accepts TypedValues of type "
        + TYPE_NAME
        + " (a protobuf KafkaProducerRecord with key, value_bytes and topic)";
  }
}
