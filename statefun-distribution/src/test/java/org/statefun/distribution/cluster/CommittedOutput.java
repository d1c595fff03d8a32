package org.statefun.distribution.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows a topic with {@code read_committed} while a test waits, remembering when each record
 * became visible (that is, when its transaction committed, to within a poll).
 */
final class CommittedOutput implements AutoCloseable {

  /** A record's value and the {@link System#nanoTime()} at which it was first read. */
  record Seen(String value, long nanos) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<Seen> seen = new ArrayList<>();

  CommittedOutput(String bootstrap, String topic) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrap);
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic).stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what has been committed since the last poll (waiting at most 100 ms). */
  void poll() {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
      seen.add(new Seen(new String(record.value(), StandardCharsets.UTF_8), System.nanoTime()));
    }
  }

  /** How many records have been read so far. */
  int size() {
    return seen.size();
  }

  /** Everything read so far, in the order read. */
  List<Seen> seen() {
    return seen;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
