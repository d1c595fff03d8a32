package org.statefun.io.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.KafkaException;

/**
 * Checks, before an ingress or egress starts its clients, that the brokers answer within the
 * connect timeout and that the topics it needs exist, so that a wrong address or a missing topic
 * fails the job with a clear message instead of retrying for minutes.
 *
 * @param component "Ingress ns/name" or "Egress ns/name", for messages
 * @param bootstrapServers the brokers to reach
 * @param properties client properties (security settings)
 * @param topics the topics that must exist and what the component does with each
 * @param timeout how long to wait for the brokers
 */
record BrokerCheck(
    String component,
    String bootstrapServers,
    KafkaClientProperties properties,
    List<TopicUse> topics,
    Duration timeout)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * A topic a component needs.
   *
   * @param topic the topic name
   * @param use what the component does with it, e.g. "reads topic"
   */
  record TopicUse(String topic, String use) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  BrokerCheck {
    topics = List.copyOf(topics);
  }

  /**
   * Runs the check.
   *
   * @throws KafkaUnavailableException when the brokers do not answer or a topic is missing
   */
  void run() {
    Set<String> existing = listTopics();
    List<TopicUse> missing = topics.stream().filter(t -> !existing.contains(t.topic())).toList();
    if (missing.size() == 1) {
      TopicUse topic = missing.get(0);
      throw new KafkaUnavailableException(
          component
              + " "
              + topic.use()
              + " '"
              + topic.topic()
              + "', which does not exist on the Kafka"
              + " cluster at "
              + bootstrapServers
              + "; create it before starting the job",
          null);
    }
    if (!missing.isEmpty()) {
      throw new KafkaUnavailableException(
          component
              + " needs topics that do not exist on the Kafka cluster at "
              + bootstrapServers
              + ": "
              + missing.stream()
                  .map(t -> t.use() + " '" + t.topic() + "'")
                  .collect(Collectors.joining(", "))
              + "; create them before starting the job",
          null);
    }
  }

  private Set<String> listTopics() {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Properties config = properties.withBootstrapServers(bootstrapServers);
    config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(millis));
    config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis));
    Admin admin;
    try {
      admin = Admin.create(config);
    } catch (KafkaException e) {
      throw unreachable(e.getCause() != null ? e.getCause() : e);
    }
    try {
      return admin
          .listTopics(new ListTopicsOptions().timeoutMs(millis))
          .names()
          .get(millis + 1000L, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unreachable(e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unreachable(e);
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  private KafkaUnavailableException unreachable(Throwable cause) {
    return new KafkaUnavailableException(
        component
            + " cannot reach Kafka at "
            + bootstrapServers
            + " (bootstrap-servers) within "
            + Durations.describe(timeout)
            + ": "
            + cause.getMessage()
            + ". Check that the brokers run, and the bootstrap servers and security properties",
        cause);
  }
}
