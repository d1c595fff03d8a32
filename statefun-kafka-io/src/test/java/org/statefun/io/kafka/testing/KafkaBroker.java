package org.statefun.io.kafka.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.statefun.core.testing.Deadline;

/**
 * A real single-node KRaft Kafka cluster (broker and controller in one node) in the test JVM, one
 * per test class: {@code @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();}.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback {

  private KafkaClusterTestKit cluster;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "2")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("transaction.state.log.num.partitions", "2")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .setConfigProp("auto.create.topics.enable", "false")
            // Tests write records with fixed timestamps from the past (startup by timestamp); with
            // the
            // default 7-day retention the broker's first retention pass (30 s after start) deletes
            // them.
            .setConfigProp("log.retention.ms", "-1")
            .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Creates {@code topics}, each with {@code partitions} partitions. */
  public void createTopics(int partitions, String... topics) throws Exception {
    createTopics(bootstrapServers(), partitions, topics);
  }

  /** As {@link #createTopics(int, String...)}, on the brokers at {@code bootstrapServers}. */
  public static void createTopics(String bootstrapServers, int partitions, String... topics)
      throws Exception {
    try (Admin admin = Admin.create(clientProperties(bootstrapServers))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, partitions, (short) 1));
      }
      admin.createTopics(newTopics).all().get();
      // A new partition's leader appears in the metadata a little later; a producer that comes
      // first gets NOT_LEADER_OR_FOLLOWER and retries (see produce).
      Deadline.waitUntil(
          () -> {
            try {
              return admin.describeTopics(List.of(topics)).allTopicNames().get().values().stream()
                  .flatMap(d -> d.partitions().stream())
                  .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (Exception e) {
              return false;
            }
          },
          Duration.ofSeconds(30));
    }
  }

  /** Writes {@code records} (key may be null) and waits for their acknowledgement. */
  public void produce(Collection<ProducerRecord<byte[], byte[]>> records) throws Exception {
    Properties properties = clientProperties();
    // Not idempotent: a retry after NOT_LEADER_OR_FOLLOWER on a just-created partition can leave an
    // idempotent producer retrying OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout. One
    // request in flight keeps the order; a refused write was not appended, so its retry adds no
    // duplicate.
    properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    properties.setProperty(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
    properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<byte[], byte[]> record : records) {
        sent.add(producer.send(record));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : sent) {
        ack.get(); // a record that could not be written fails the test here, not later
      }
    }
  }

  /** Commits {@code offset} for {@code partition} in consumer group {@code group}. */
  public void commitOffset(String group, TopicPartition partition, long offset) throws Exception {
    try (Admin admin = Admin.create(clientProperties())) {
      admin
          .alterConsumerGroupOffsets(
              group,
              Map.of(partition, new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset)))
          .all()
          .get();
    }
  }

  /**
   * Every record of {@code topic} up to its current end (for {@code read_committed}, the last
   * stable offset), read with the isolation level {@code isolation}.
   */
  public List<ConsumerRecord<byte[], byte[]>> readAll(
      String topic, String isolation, Duration timeout) throws TimeoutException {
    return readAll(bootstrapServers(), topic, isolation, timeout);
  }

  /**
   * As {@link #readAll(String, String, Duration)}, from the brokers at {@code bootstrapServers}.
   */
  public static List<ConsumerRecord<byte[], byte[]>> readAll(
      String bootstrapServers, String topic, String isolation, Duration timeout)
      throws TimeoutException {
    Properties properties = clientProperties(bootstrapServers);
    properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new TimeoutException(
              "Reading " + topic + " to " + end + " took longer than " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
      return records;
    }
  }

  private Properties clientProperties() {
    return clientProperties(bootstrapServers());
  }

  private static Properties clientProperties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrapServers);
    return properties;
  }
}
