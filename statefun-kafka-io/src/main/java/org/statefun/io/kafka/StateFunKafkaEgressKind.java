package org.statefun.io.kafka;

import com.google.auto.service.AutoService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.util.TimeUtils;
import org.statefun.core.io.SinkEgressSpec;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.TypedValue;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;

/**
 * StateFun 3.x's Kafka egress, {@code kind: io.statefun.kafka.v1/egress}: functions send {@link
 * TypedValue}s holding StateFun's {@code KafkaProducerRecord} (key, value bytes, topic), so the
 * topic is chosen per record. It runs on the sink of {@code kind: kafka} ({@link KafkaEgressSink}:
 * Kafka transactions committed with checkpoints for exactly-once, transactional ids per job and
 * egress, broker check at start).
 */
@AutoService(EgressKind.class)
public final class StateFunKafkaEgressKind implements EgressKind {

  /** The kind's name, as StateFun's module.yaml writes it. */
  public static final String KIND = "io.statefun.kafka.v1/egress";

  static final List<String> DELIVERY_SEMANTICS = List.of("at-least-once", "exactly-once", "none");

  /** Properties that named keys set, and that therefore lose to them. */
  private static final Set<String> OVERRIDDEN =
      Set.of("bootstrap.servers", "transaction.timeout.ms");

  private static final Map<String, String> REJECTED =
      Map.of(
          "key.serializer", "keys are written as the KafkaProducerRecord's key, UTF-8",
          "value.serializer", "values are written as the KafkaProducerRecord's value_bytes",
          "transactional.id", "the egress derives transactional ids from the job id");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<String> specKeys() {
    return List.of("address", "deliverySemantic", "properties");
  }

  @Override
  public EgressSpec<TypedValue> create(ComponentId id, SpecReader spec) {
    EgressIdentifier<TypedValue> identifier =
        new EgressIdentifier<>(TypedValue.class, id.namespace(), id.name());
    Optional<String> address = StateFunYaml.address(spec);
    Delivery delivery = Delivery.AT_LEAST_ONCE;
    Duration transactionTimeout = KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT;
    SpecReader semantic =
        spec.optionalObject(
                "deliverySemantic",
                List.of("type", "transactionTimeout", "transactionTimeoutMillis"))
            .orElse(null);
    if (semantic != null) {
      String type = StateFunYaml.type(semantic, DELIVERY_SEMANTICS).orElse(null);
      boolean exactlyOnce = type == null || type.equals("exactly-once");
      YamlSpecs.onlyWith(
          semantic, "transactionTimeout", exactlyOnce, "deliverySemantic type exactly-once");
      YamlSpecs.onlyWith(
          semantic, "transactionTimeoutMillis", exactlyOnce, "deliverySemantic type exactly-once");
      Optional<Duration> timeout = transactionTimeout(semantic);
      Optional<Long> millis = semantic.optionalLong("transactionTimeoutMillis");
      millis
          .filter(m -> m <= 0)
          .ifPresent(
              m ->
                  semantic.problem(
                      "transactionTimeoutMillis",
                      "'"
                          + semantic.name("transactionTimeoutMillis")
                          + "' is "
                          + m
                          + "; expected a number of milliseconds greater than 0"));
      if (type != null) {
        delivery =
            switch (type) {
              case "exactly-once" -> Delivery.EXACTLY_ONCE;
              case "none" -> Delivery.NONE;
              default -> Delivery.AT_LEAST_ONCE;
            };
      }
      // As in StateFun, the legacy transactionTimeoutMillis wins over transactionTimeout.
      if (millis.isPresent() && millis.get() > 0) {
        transactionTimeout = Duration.ofMillis(millis.get());
      } else if (timeout.isPresent()) {
        transactionTimeout = timeout.get();
      }
    }
    Map<String, String> properties = StateFunYaml.properties(spec, OVERRIDDEN, REJECTED);
    spec.requireValid();
    KafkaClientProperties clientProperties = new KafkaClientProperties(properties);
    BrokerCheck check =
        new BrokerCheck(
            "Egress " + identifier,
            address.orElseThrow(),
            clientProperties,
            List.of(),
            KafkaEgressSpec.DEFAULT_CONNECT_TIMEOUT);
    return new SinkEgressSpec<>(
        identifier,
        new KafkaEgressSink<>(
            identifier,
            address.get(),
            clientProperties,
            transactionTimeout,
            delivery,
            new ProducerRecordSerializer(identifier.toString()),
            check));
  }

  /**
   * {@code transactionTimeout}, a duration as StateFun (Flink) writes them: {@code 15min}, {@code
   * 15 min}, {@code 900s}, {@code 1h}…
   */
  private static Optional<Duration> transactionTimeout(SpecReader semantic) {
    String expected = "a duration like 15min, 900s or 1h";
    return semantic
        .optionalString("transactionTimeout", expected)
        .flatMap(
            text -> {
              try {
                Duration duration = TimeUtils.parseDuration(text);
                if (duration.isZero() || duration.isNegative()) {
                  throw new IllegalArgumentException("not positive");
                }
                return Optional.of(duration);
              } catch (IllegalArgumentException e) {
                semantic.problem(
                    "transactionTimeout",
                    "'"
                        + semantic.name("transactionTimeout")
                        + "' is '"
                        + text
                        + "'; expected a positive "
                        + expected.substring(2));
                return Optional.empty();
              }
            });
  }
}
