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
            "bootstrap.servers", "use bootstrap-servers instead",
            "group.id", "use group-id instead",
            "key.deserializer", "use key-format instead",
            "value.deserializer", "use value-format or value-deserializer instead",
            "auto.offset.reset", "use startup-position and startup-fallback instead")),
    /** A Kafka egress (producers). */
    EGRESS(
        Map.of(
            "bootstrap.servers", "use bootstrap-servers instead",
            "key.serializer", "use key-format instead",
            "value.serializer", "use value-format or value-serializer instead",
            "transaction.timeout.ms", "use transaction-timeout instead",
            "transactional.id", "the egress derives transactional ids from the job id"));

    /** Reserved property names and what to do instead. */
    private final Map<String, String> reserved;

    Client(Map<String, String> reserved) {
      this.reserved = reserved;
    }

    /** Why {@code name} may not be given, if it is reserved. */
    public Optional<String> reservedReason(String name) {
      String advice = reserved.get(name);
      return advice == null
          ? Optional.empty()
          : Optional.of("client property '" + name + "' is set by the spec; " + advice);
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
      client
          .reservedReason(name)
          .ifPresent(
              reason -> {
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
    return values.isEmpty()
        ? "{}"
        : "{" + String.join("=<redacted>, ", values.keySet()) + "=<redacted>}";
  }
}
