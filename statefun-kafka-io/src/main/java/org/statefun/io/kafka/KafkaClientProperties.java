package org.statefun.io.kafka;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Kafka client properties an ingress or egress passes to its consumers, producers and admin
 * clients, such as {@code security.protocol} or {@code sasl.jaas.config}. Values often hold
 * secrets, so {@link #toString()} shows only the names. Properties that the spec sets itself are
 * reserved and rejected.
 *
 * @param values property names and values
 */
public record KafkaClientProperties(Map<String, String> values) implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Which client the properties are for. */
  public enum Client {
    /** A Kafka ingress (consumers, and producers for dead letters). */
    INGRESS(
        Map.of(
            "bootstrap.servers", "bootstrap-servers",
            "group.id", "group-id",
            "key.deserializer", "key-format",
            "value.deserializer", "value-format or value-deserializer",
            "auto.offset.reset", "startup-position and startup-fallback")),
    /** A Kafka egress (producers). */
    EGRESS(
        Map.of(
            "bootstrap.servers", "bootstrap-servers",
            "key.serializer", "key-format",
            "value.serializer", "value-format or value-serializer",
            "transaction.timeout.ms", "transaction-timeout",
            "transactional.id", "nothing: the egress derives transactional ids from the job"));

    private final Map<String, String> reserved;

    Client(Map<String, String> reserved) {
      this.reserved = reserved;
    }

    /** Why {@code name} may not be given, if it is reserved. */
    public Optional<String> reservedReason(String name) {
      String instead = reserved.get(name);
      return instead == null
          ? Optional.empty()
          : Optional.of("client property '" + name + "' is set by the spec; use " + instead + " instead");
    }
  }

  public KafkaClientProperties {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** No properties. */
  public static KafkaClientProperties none() {
    return new KafkaClientProperties(Map.of());
  }

  /**
   * Checks that no reserved property is given for {@code client}.
   *
   * @throws IllegalArgumentException naming the first reserved property
   */
  public KafkaClientProperties requireAllowedFor(Client client) {
    for (String name : values.keySet()) {
      client.reservedReason(name).ifPresent(reason -> {
        throw new IllegalArgumentException(reason);
      });
    }
    return this;
  }

  /** The properties plus {@code bootstrap.servers}, for a Kafka client. */
  Properties withBootstrapServers(String bootstrapServers) {
    Properties properties = new Properties();
    properties.putAll(values);
    properties.setProperty("bootstrap.servers", bootstrapServers);
    return properties;
  }

  /** The names only: values may be secrets. */
  @Override
  public String toString() {
    return values.isEmpty() ? "{}" : "{" + String.join("=<redacted>, ", values.keySet()) + "=<redacted>}";
  }
}
