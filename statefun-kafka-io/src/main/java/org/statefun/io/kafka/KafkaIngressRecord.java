package org.statefun.io.kafka;

import java.io.Serializable;
import java.util.Objects;

/**
 * One record read by a Kafka ingress, its key and value already decoded by the ingress's formats.
 * Java routers receive it whole; module.yaml routers forward its {@link #value()} and read their
 * target id from the value ({@code id: value…}) or the {@link #key()} ({@code id: key}).
 *
 * @param topic the topic the record was read from
 * @param partition its partition
 * @param offset its offset in the partition
 * @param timestamp its Kafka timestamp (milliseconds since the epoch)
 * @param key the key as text, or null when the record has none or the key format is {@code none}
 * @param value the value as the value format decoded it: a String, byte[], JSON-bound object or
 *     Map, or what a user deserializer returned
 */
public record KafkaIngressRecord(
    String topic, int partition, long offset, long timestamp, String key, Object value)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public KafkaIngressRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(value, "value");
  }
}
