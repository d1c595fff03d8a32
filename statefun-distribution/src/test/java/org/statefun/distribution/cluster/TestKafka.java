package org.statefun.distribution.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.statefun.io.kafka.testing.KafkaBroker;

/**
 * The Kafka operations {@link ChaosJob} needs, from the in-process {@link KafkaBroker} ({@link
 * #of}) or from a broker in a child JVM that a test can kill ({@link KafkaProcess}).
 */
interface TestKafka {

  String bootstrapServers();

  /** Creates {@code topics}, each with {@code partitions} partitions, and waits for leaders. */
  void createTopics(int partitions, String... topics) throws Exception;

  /** Writes {@code records} (each exactly once) and waits for their acknowledgement. */
  void produce(Collection<ProducerRecord<byte[], byte[]>> records) throws Exception;

  /** Every record of {@code topic} up to its current end, read with isolation {@code isolation}. */
  List<ConsumerRecord<byte[], byte[]>> readAll(String topic, String isolation, Duration timeout)
      throws Exception;

  /** {@code broker}'s operations, unchanged. */
  static TestKafka of(KafkaBroker broker) {
    return new TestKafka() {
      @Override
      public String bootstrapServers() {
        return broker.bootstrapServers();
      }

      @Override
      public void createTopics(int partitions, String... topics) throws Exception {
        broker.createTopics(partitions, topics);
      }

      @Override
      public void produce(Collection<ProducerRecord<byte[], byte[]>> records) throws Exception {
        broker.produce(records);
      }

      @Override
      public List<ConsumerRecord<byte[], byte[]>> readAll(
          String topic, String isolation, Duration timeout) throws Exception {
        return broker.readAll(topic, isolation, timeout);
      }
    };
  }
}
