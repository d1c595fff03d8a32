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
import org.apache.flink.runtime.execution.SuppressRestartsException;
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
   * Runs the check when the ingress or egress starts. At the job's first start a failure is final:
   * it is wrapped in Flink's {@link SuppressRestartsException}, so the job fails at once instead of
   * being restarted into the same failure by the restart strategy (forever, with Flink's default
   * strategy and checkpointing on). Later (after a restart, when Kafka worked before) the failure
   * is an ordinary one and the restart strategy decides.
   *
   * @param firstStart whether this is the job's first start (not a restart after a failure)
   * @throws KafkaUnavailableException when the brokers do not answer or a topic is missing, after a
   *     restart
   * @throws SuppressRestartsException with a {@link KafkaUnavailableException} as its cause, at the
   *     first start
   */
  void run(boolean firstStart) {
    try {
      run();
    } catch (KafkaUnavailableException e) {
      throw firstStart ? new SuppressRestartsException(e) : e;
    }
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
    return new KafkaUnavailableException(unreachableMessage(cause), cause);
  }

  /**
   * The one line for brokers that did not answer: names the component, the bootstrap servers and
   * the timeout, and, for a broker on this host, how to start the local one.
   */
  String unreachableMessage(Throwable cause) {
    String head =
        component
            + " cannot reach Kafka at "
            + bootstrapServers
            + " (bootstrap-servers) within "
            + Durations.describe(timeout)
            + " (connect-timeout)";
    boolean timedOut =
        cause instanceof TimeoutException
            || cause instanceof org.apache.kafka.common.errors.TimeoutException;
    String why = timedOut || cause.getMessage() == null ? "no broker answered" : cause.getMessage();
    String advice =
        isLocal(bootstrapServers)
            ? "Is a broker running there? For the local one run bin/statefun kafka start"
            : "Check that the brokers run and are reachable from here, and the bootstrap servers"
                + " and security properties";
    return head + ": " + oneLine(why) + ". " + advice;
  }

  private static String oneLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline).strip();
  }

  /** Whether every server of {@code bootstrapServers} is on this host (localhost, 127.x, ::1). */
  static boolean isLocal(String bootstrapServers) {
    for (String server : bootstrapServers.split(",")) {
      String host = server.strip();
      if (host.startsWith("[")) {
        host = host.substring(1, Math.max(1, host.indexOf(']')));
      } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
        host = host.substring(0, host.indexOf(':'));
      }
      host = host.toLowerCase(java.util.Locale.ROOT);
      boolean local =
          host.equals("localhost")
              || host.endsWith(".localhost")
              || host.startsWith("127.")
              || host.equals("::1")
              || host.equals("0:0:0:0:0:0:0:1");
      if (!local) {
        return false;
      }
    }
    return true;
  }
}
