package org.statefun.io.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.statefun.core.io.SourceIngressSpec;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * A Kafka ingress: reads topics with Flink's {@code KafkaSource}, offsets checkpointed with the
 * job, so every record affects state exactly once. Build one with {@link #builder} and bind {@link
 * #toSourceIngressSpec()} in a Java module:
 *
 * <pre>{@code
 * static final IngressIdentifier<KafkaIngressRecord> ORDERS =
 *     new IngressIdentifier<>(KafkaIngressRecord.class, "shop", "orders");
 *
 * binder.bindIngress(
 *     KafkaIngressSpec.builder(ORDERS)
 *         .bootstrapServers("localhost:9092")
 *         .topics("orders")
 *         .groupId("shop")
 *         .valueFormat(IngressValueFormat.json(Order.class))
 *         .build()
 *         .toSourceIngressSpec());
 * binder.bindIngressRouter(ORDERS, (record, down) -> down.forward(CART, record.key(), record.value()));
 * }</pre>
 *
 * @param id the ingress identifier
 * @param bootstrapServers {@code host:port[,host:port…]} of the brokers
 * @param topics the topics to read
 * @param groupId the consumer group: offsets are committed under it at each checkpoint
 * @param startupPosition where to start without a checkpoint
 * @param stopAtLatest whether to stop at the offsets that are the latest when the job starts (a
 *     bounded ingress), instead of reading forever
 * @param keyFormat how keys are read
 * @param valueFormat how values are read
 * @param onBadRecord what happens to records whose key or value does not decode
 * @param properties more Kafka client properties; {@code isolation.level} defaults to {@code
 *     read_committed}
 * @param connectTimeout how long the ingress waits at start for the brokers to list the topics
 */
public record KafkaIngressSpec(
    IngressIdentifier<KafkaIngressRecord> id,
    String bootstrapServers,
    KafkaTopics topics,
    String groupId,
    StartupPosition startupPosition,
    boolean stopAtLatest,
    KeyFormat keyFormat,
    IngressValueFormat valueFormat,
    BadRecordPolicy onBadRecord,
    KafkaClientProperties properties,
    Duration connectTimeout)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** How long the ingress waits for the brokers when the job starts, unless set. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(30);

  public KafkaIngressSpec {
    Objects.requireNonNull(id, "id");
    requireText(bootstrapServers, id, "bootstrap servers");
    Objects.requireNonNull(topics, "topics");
    requireText(groupId, id, "a group id");
    Objects.requireNonNull(startupPosition, "startupPosition");
    Objects.requireNonNull(keyFormat, "keyFormat");
    Objects.requireNonNull(valueFormat, "valueFormat");
    Objects.requireNonNull(onBadRecord, "onBadRecord");
    Objects.requireNonNull(properties, "properties")
        .requireAllowedFor(KafkaClientProperties.Client.INGRESS);
    Durations.positive(connectTimeout, "The connect timeout of ingress " + id);
  }

  /** A builder for the ingress {@code id}. */
  public static Builder builder(IngressIdentifier<KafkaIngressRecord> id) {
    return new Builder(id);
  }

  /** The ingress as the runtime binds it: a {@code KafkaSource} behind a start-up broker check. */
  public SourceIngressSpec<KafkaIngressRecord> toSourceIngressSpec() {
    KafkaSourceBuilder<KafkaIngressRecord> source =
        KafkaSource.<KafkaIngressRecord>builder()
            .setBootstrapServers(bootstrapServers)
            .setGroupId(groupId)
            .setStartingOffsets(startupPosition.initializer())
            .setDeserializer(new IngressRecordDeserializer(this))
            .setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.values().forEach(source::setProperty);
    if (topics instanceof KafkaTopics.Names names) {
      source.setTopics(names.names());
    } else {
      source.setTopicPattern(Pattern.compile(((KafkaTopics.Matching) topics).regex()));
    }
    if (stopAtLatest) {
      source.setBounded(OffsetsInitializer.latest());
    }
    return new SourceIngressSpec<>(id, new CheckedSource<>(source.build(), brokerCheck()));
  }

  private BrokerCheck brokerCheck() {
    List<BrokerCheck.TopicUse> needed = new ArrayList<>();
    if (topics instanceof KafkaTopics.Names names) {
      names.names().forEach(t -> needed.add(new BrokerCheck.TopicUse(t, "reads topic")));
    }
    if (onBadRecord instanceof BadRecordPolicy.DeadLetter letter) {
      needed.add(new BrokerCheck.TopicUse(letter.topic(), "writes dead letters to topic"));
    }
    return new BrokerCheck("Ingress " + id, bootstrapServers, properties, needed, connectTimeout);
  }

  private static void requireText(String value, IngressIdentifier<?> id, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Kafka ingress " + id + " needs " + what);
    }
  }

  /**
   * Builds a {@link KafkaIngressSpec}. Required: bootstrap servers, topics (names or a pattern) and
   * a group id. Defaults: start at the group's committed offsets, else the earliest; read forever;
   * text keys and values; fail on bad records; no extra properties; 30 s connect timeout.
   */
  public static final class Builder {
    private final IngressIdentifier<KafkaIngressRecord> id;
    private String bootstrapServers;
    private KafkaTopics topics;
    private String groupId;
    private StartupPosition startupPosition =
        StartupPosition.groupOffsets(StartupPosition.Fallback.EARLIEST);
    private boolean stopAtLatest;
    private KeyFormat keyFormat = KeyFormat.TEXT;
    private IngressValueFormat valueFormat = IngressValueFormat.text();
    private BadRecordPolicy onBadRecord = BadRecordPolicy.fail();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

    private Builder(IngressIdentifier<KafkaIngressRecord> id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** The brokers, {@code host:port[,host:port…]}. */
    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    /** Reads these topics. */
    public Builder topics(String... topics) {
      this.topics = KafkaTopics.names(List.of(topics));
      return this;
    }

    /** Reads every topic whose name matches {@code regex}, including topics created later. */
    public Builder topicPattern(String regex) {
      this.topics = KafkaTopics.pattern(regex);
      return this;
    }

    /** The consumer group. */
    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    /** Where to start when the job starts without a checkpoint. */
    public Builder startupPosition(StartupPosition startupPosition) {
      this.startupPosition = startupPosition;
      return this;
    }

    /** Reads up to the offsets that are the latest when the job starts, then ends. */
    public Builder stopAtLatest() {
      this.stopAtLatest = true;
      return this;
    }

    public Builder keyFormat(KeyFormat keyFormat) {
      this.keyFormat = keyFormat;
      return this;
    }

    public Builder valueFormat(IngressValueFormat valueFormat) {
      this.valueFormat = valueFormat;
      return this;
    }

    public Builder onBadRecord(BadRecordPolicy onBadRecord) {
      this.onBadRecord = onBadRecord;
      return this;
    }

    /** Sets a Kafka client property, e.g. {@code security.protocol}. */
    public Builder property(String name, String value) {
      properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Sets Kafka client properties. */
    public Builder properties(Map<String, String> properties) {
      properties.forEach(this::property);
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * The spec.
     *
     * @throws IllegalArgumentException when a required setting is missing or a property is reserved
     */
    public KafkaIngressSpec build() {
      if (topics == null) {
        throw new IllegalArgumentException(
            "Kafka ingress " + id + " needs topics or a topic pattern");
      }
      return new KafkaIngressSpec(
          id,
          bootstrapServers,
          topics,
          groupId,
          startupPosition,
          stopAtLatest,
          keyFormat,
          valueFormat,
          onBadRecord,
          new KafkaClientProperties(properties),
          connectTimeout);
    }
  }
}
