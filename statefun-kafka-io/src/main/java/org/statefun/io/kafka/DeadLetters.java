package org.statefun.io.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes bad records of one ingress reader to the dead-letter topic, each with its original key,
 * value and headers plus headers naming the error and where the record came from: {@value #ERROR},
 * {@value #INGRESS}, {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}. The producer starts
 * with the first dead letter; each letter is acknowledged before reading goes on.
 */
final class DeadLetters implements AutoCloseable {

  static final String ERROR = "statefun.error";
  static final String INGRESS = "statefun.ingress";
  static final String TOPIC = "statefun.topic";
  static final String PARTITION = "statefun.partition";
  static final String OFFSET = "statefun.offset";

  private final String ingress;
  private final String topic;
  private final Properties config;
  private KafkaProducer<byte[], byte[]> producer;

  DeadLetters(String ingress, String topic, Properties config, Duration connectTimeout) {
    this.ingress = ingress;
    this.topic = topic;
    this.config = new Properties();
    this.config.putAll(config);
    this.config.setProperty(
        ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(connectTimeout.toMillis()));
  }

  /** Writes {@code record} with {@code error} and waits for the acknowledgement. */
  void send(ConsumerRecord<byte[], byte[]> record, String error) throws IOException {
    if (producer == null) {
      producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }
    Headers headers = new RecordHeaders(record.headers().toArray());
    headers.add(ERROR, utf8(error));
    headers.add(INGRESS, utf8(ingress));
    headers.add(TOPIC, utf8(record.topic()));
    headers.add(PARTITION, utf8(Integer.toString(record.partition())));
    headers.add(OFFSET, utf8(Long.toString(record.offset())));
    try {
      producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)).get();
    } catch (ExecutionException | RuntimeException e) {
      throw new IOException(
          "Ingress "
              + ingress
              + " cannot write the bad record at "
              + Locations.of(record)
              + " to its dead-letter topic '"
              + topic
              + "': "
              + (e.getCause() != null ? e.getCause() : e),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while writing a dead letter to '" + topic + "'", e);
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
