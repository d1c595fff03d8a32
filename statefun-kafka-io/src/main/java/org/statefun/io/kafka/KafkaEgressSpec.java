package org.statefun.io.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.sdk.io.EgressIdentifier;

/**
 * A Kafka egress: writes what functions send to it with Flink's {@code KafkaSink}, exactly once by
 * default. Build one with {@link #builder} and bind {@link #toSinkEgressSpec()} in a Java module:
 *
 * <pre>{@code
 * static final EgressIdentifier<Object> GREETINGS = new EgressIdentifier<>(Object.class, "demo", "greetings");
 *
 * binder.bindEgress(
 *     KafkaEgressSpec.builder(GREETINGS)
 *         .bootstrapServers("localhost:9092")
 *         .topic("greetings")
 *         .build()
 *         .toSinkEgressSpec());
 * // in a function: context.send(GREETINGS, "Hello Ann");  or, keyed to another topic:
 * //                context.send(GREETINGS, KafkaEgressRecord.to("vip-greetings", "ann", "Hello Ann"));
 * }</pre>
 *
 * @param id the egress identifier
 * @param bootstrapServers {@code host:port[,host:port…]} of the brokers
 * @param topic the topic for messages that do not name one; empty when every message is a {@link
 *     KafkaEgressRecord} with a topic
 * @param keyFormat how keys are written
 * @param valueFormat how values are written
 * @param delivery the guarantee; empty for exactly-once when checkpointing is on, at-least-once
 *     when it is off
 * @param transactionTimeout the Kafka transaction timeout (exactly-once); must not exceed the
 *     brokers' {@code transaction.max.timeout.ms} (15 minutes by default)
 * @param properties more Kafka producer properties
 * @param connectTimeout how long each writer waits at start for the brokers
 * @param <T> the message type
 */
public record KafkaEgressSpec<T>(
    EgressIdentifier<T> id,
    String bootstrapServers,
    Optional<String> topic,
    KeyFormat keyFormat,
    EgressValueFormat valueFormat,
    Optional<Delivery> delivery,
    Duration transactionTimeout,
    KafkaClientProperties properties,
    Duration connectTimeout) {

  /** The transaction timeout unless set: below the brokers' default maximum of 15 minutes. */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  /** How long a writer waits for the brokers when it starts, unless set. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  public KafkaEgressSpec {
    Objects.requireNonNull(id, "id");
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka egress " + id + " needs bootstrap servers");
    }
    Objects.requireNonNull(topic, "topic");
    topic.ifPresent(
        t -> {
          if (t.isBlank()) {
            throw new IllegalArgumentException(
                "The topic of Kafka egress " + id + " must not be blank");
          }
        });
    Objects.requireNonNull(keyFormat, "keyFormat");
    Objects.requireNonNull(valueFormat, "valueFormat");
    Objects.requireNonNull(delivery, "delivery");
    Durations.positive(transactionTimeout, "The transaction timeout of egress " + id);
    Objects.requireNonNull(properties, "properties")
        .requireAllowedFor(KafkaClientProperties.Client.EGRESS);
    Durations.positive(connectTimeout, "The connect timeout of egress " + id);
  }

  /** A builder for the egress {@code id}. */
  public static <T> Builder<T> builder(EgressIdentifier<T> id) {
    return new Builder<>(id);
  }

  /** The egress as the runtime binds it. */
  public SinkEgressSpec<T> toSinkEgressSpec() {
    EgressRecordSerializer<T> serializer =
        new EgressRecordSerializer<>(
            id.toString(), topic.orElse(null), keyFormat, valueFormat, properties.values());
    List<BrokerCheck.TopicUse> needed =
        topic.map(t -> List.of(new BrokerCheck.TopicUse(t, "writes to topic"))).orElse(List.of());
    BrokerCheck check =
        new BrokerCheck("Egress " + id, bootstrapServers, properties, needed, connectTimeout);
    return new SinkEgressSpec<>(
        id,
        new KafkaEgressSink<>(
            id,
            bootstrapServers,
            properties,
            transactionTimeout,
            delivery.orElse(null),
            serializer,
            check));
  }

  /**
   * Builds a {@link KafkaEgressSpec}. Required: bootstrap servers. Defaults: no topic of its own,
   * text keys and values, exactly-once when checkpointing is on, 10 minute transactions, 30 s
   * connect timeout.
   *
   * @param <T> the message type
   */
  public static final class Builder<T> {
    private final EgressIdentifier<T> id;
    private String bootstrapServers;
    private String topic;
    private KeyFormat keyFormat = KeyFormat.TEXT;
    private EgressValueFormat valueFormat = EgressValueFormat.text();
    private Delivery delivery;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private Builder(EgressIdentifier<T> id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** The brokers, {@code host:port[,host:port…]}. */
    public Builder<T> bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** The topic for messages that do not name their own. */
    public Builder<T> topic(String topic) {
      this.topic = topic;
      return this;
    }

    public Builder<T> keyFormat(KeyFormat keyFormat) {
      this.keyFormat = keyFormat;
      return this;
    }

    public Builder<T> valueFormat(EgressValueFormat valueFormat) {
      this.valueFormat = valueFormat;
      return this;
    }

    /** The delivery guarantee, instead of the default that follows checkpointing. */
    public Builder<T> delivery(Delivery delivery) {
      this.delivery = Objects.requireNonNull(delivery, "delivery");
      return this;
    }

    public Builder<T> transactionTimeout(Duration transactionTimeout) {
      this.transactionTimeout = transactionTimeout;
      return this;
    }

    /** Sets a Kafka producer property, e.g. {@code compression.type}. */
    public Builder<T> property(String name, String value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets Kafka producer properties. */
    public Builder<T> properties(Map<String, String> properties) {
      properties.forEach(this::property);
      return this;
    }

    public Builder<T> connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException when the bootstrap servers are missing or a property is
     *     reserved
     */
    public KafkaEgressSpec<T> build() {
      return new KafkaEgressSpec<>(
          id,
          bootstrapServers,
          Optional.ofNullable(topic),
          keyFormat,
          valueFormat,
          Optional.ofNullable(delivery),
          transactionTimeout,
          new KafkaClientProperties(properties),
          connectTimeout);
    }
  }
}
