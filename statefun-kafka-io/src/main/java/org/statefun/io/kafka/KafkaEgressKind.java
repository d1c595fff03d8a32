package org.statefun.io.kafka;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serializer;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.EgressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.EgressIdentifier;
import org.statefun.sdk.io.EgressSpec;

/**
 * {@code kind: kafka} for egresses: a {@link KafkaEgressSpec} from module.yaml, accepting any
 * message (a {@link KafkaEgressRecord} chooses topic, key and headers).
 */
@AutoService(EgressKind.class)
public final class KafkaEgressKind implements EgressKind {

  @Override
  public String kind() {
    return "kafka";
  }

  @Override
  public List<String> specKeys() {
    return List.of(
        "bootstrap-servers",
        "topic",
        "key-format",
        "value-format",
        "value-serializer",
        "delivery",
        "transaction-timeout",
        "properties",
        "connect-timeout");
  }

  @Override
  public EgressSpec<?> create(ComponentId id, SpecReader spec) {
    KafkaEgressSpec.Builder<Object> builder =
        KafkaEgressSpec.builder(new EgressIdentifier<>(Object.class, id.namespace(), id.name()));
    YamlSpecs.bootstrapServers(spec).ifPresent(builder::bootstrapServers);
    spec.optionalString("topic", "a topic name").ifPresent(builder::topic);
    spec.optionalChoice("key-format", List.of("text", "none"))
        .map(YamlSpecs::keyFormat)
        .ifPresent(builder::keyFormat);
    valueFormat(spec).ifPresent(builder::valueFormat);
    String delivery =
        spec.optionalChoice("delivery", List.of("exactly-once", "at-least-once", "none"))
            .orElse("");
    switch (delivery) {
      case "exactly-once" -> builder.delivery(Delivery.EXACTLY_ONCE);
      case "at-least-once" -> builder.delivery(Delivery.AT_LEAST_ONCE);
      case "none" -> builder.delivery(Delivery.NONE);
      default -> {
        // absent or invalid (reported): exactly-once when checkpointing is on
      }
    }
    YamlSpecs.onlyWith(
        spec,
        "transaction-timeout",
        !delivery.equals("at-least-once") && !delivery.equals("none"),
        "delivery exactly-once");
    spec.optionalDuration("transaction-timeout").ifPresent(builder::transactionTimeout);
    builder.properties(YamlSpecs.properties(spec, KafkaClientProperties.Client.EGRESS).values());
    spec.optionalDuration("connect-timeout").ifPresent(builder::connectTimeout);
    spec.requireValid();
    return builder.build().toSinkEgressSpec();
  }

  @SuppressWarnings("rawtypes") // Serializer.class is raw
  private static Optional<EgressValueFormat> valueFormat(SpecReader spec) {
    if (!YamlSpecs.exclusive(spec, "value-format", "value-serializer")) {
      return Optional.empty();
    }
    if (spec.has("value-serializer")) {
      return spec.optionalClass("value-serializer", Serializer.class, true)
          .map(EgressValueFormat.Custom::new);
    }
    return spec.optionalChoice("value-format", List.of("text", "json", "bytes"))
        .map(
            format ->
                switch (format) {
                  case "json" -> EgressValueFormat.json();
                  case "bytes" -> EgressValueFormat.bytes();
                  default -> EgressValueFormat.text();
                });
  }
}
