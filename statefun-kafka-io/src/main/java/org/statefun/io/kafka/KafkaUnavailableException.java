package org.statefun.io.kafka;

/**
 * A Kafka ingress or egress cannot start: the brokers do not answer within its connect timeout, or
 * a topic it needs does not exist. The message names the ingress or egress, the bootstrap servers
 * and the topics.
 */
public final class KafkaUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  KafkaUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
