package org.statefun.io.kafka;

import java.io.Serializable;
import java.util.Map;

/**
 * A message for a Kafka egress that says where and how to write it. Functions may send it instead
 * of a plain value to choose the topic per message, or to set a key or headers. A plain value sent
 * to a Kafka egress goes to the egress's {@code topic} without key or headers.
 *
 * @param topic the topic; null for the egress's own {@code topic}
 * @param key the key, written with the egress's key format; null for none
 * @param value the value, written with the egress's value format; null writes a tombstone
 * @param headers headers, their values written as UTF-8
 */
public record KafkaEgressRecord(String topic, String key, Object value, Map<String, String> headers)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public KafkaEgressRecord {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** {@code value} under {@code key} to the egress's own topic. */
  public static KafkaEgressRecord keyed(String key, Object value) {
    return new KafkaEgressRecord(null, key, value, Map.of());
  }

  /** {@code value} under {@code key} (null for none) to {@code topic}. */
  public static KafkaEgressRecord to(String topic, String key, Object value) {
    return new KafkaEgressRecord(topic, key, value, Map.of());
  }

  /** This record with {@code name: value} added to its headers. */
  public KafkaEgressRecord withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new KafkaEgressRecord(topic, key, this.value, more);
  }
}
