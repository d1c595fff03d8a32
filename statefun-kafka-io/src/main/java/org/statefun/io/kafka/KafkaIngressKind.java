package org.statefun.io.kafka;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.serialization.Deserializer;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * {@code kind: kafka} for ingresses: a {@link KafkaIngressSpec} from module.yaml. Routers see the
 * decoded value and, with {@code key-format: text}, the key ({@code id: key}).
 */
@AutoService(IngressKind.class)
public final class KafkaIngressKind implements IngressKind {

  @Override
  public String kind() {
    return "kafka";
  }

  @Override
  public List<String> specKeys() {
    return List.of(
        "bootstrap-servers",
        "topics",
        "topic-pattern",
        "group-id",
        "startup-position",
        "startup-fallback",
        "startup-timestamp",
        "startup-offsets",
        "stop-at",
        "key-format",
        "value-format",
        "value-type",
        "value-deserializer",
        "on-error",
        "dead-letter-topic",
        "properties",
        "connect-timeout");
  }

  @Override
  public IngressComponent<?> create(ComponentId id, SpecReader spec) {
    IngressIdentifier<KafkaIngressRecord> identifier =
        new IngressIdentifier<>(KafkaIngressRecord.class, id.namespace(), id.name());
    KafkaIngressSpec.Builder builder = KafkaIngressSpec.builder(identifier);
    YamlSpecs.bootstrapServers(spec).ifPresent(builder::bootstrapServers);
    topics(spec, builder);
    spec.requiredString("group-id", "the Kafka consumer group").ifPresent(builder::groupId);
    StartupPositionYaml.read(spec).ifPresent(builder::startupPosition);
    if (spec.optionalChoice("stop-at", List.of("latest")).isPresent()) {
      builder.stopAtLatest();
    }
    KeyFormat keyFormat =
        spec.optionalChoice("key-format", List.of("text", "none"))
            .map(YamlSpecs::keyFormat)
            .orElse(KeyFormat.TEXT);
    builder.keyFormat(keyFormat);
    IngressValueFormat valueFormat = valueFormat(spec);
    builder.valueFormat(valueFormat);
    badRecordPolicy(spec).ifPresent(builder::onBadRecord);
    builder.properties(YamlSpecs.properties(spec, KafkaClientProperties.Client.INGRESS).values());
    spec.optionalDuration("connect-timeout").ifPresent(builder::connectTimeout);
    spec.requireValid();
    return new IngressComponent<>(
        builder.build().toSourceIngressSpec(),
        new KafkaRecordView(keyFormat == KeyFormat.TEXT),
        valueFormat.valueType());
  }

  private static void topics(SpecReader spec, KafkaIngressSpec.Builder builder) {
    if (!YamlSpecs.exclusive(spec, "topics", "topic-pattern")) {
      return;
    }
    if (spec.has("topic-pattern")) {
      spec.optionalString("topic-pattern", "a regular expression matching topic names")
          .ifPresent(
              regex -> {
                try {
                  Pattern.compile(regex);
                  builder.topicPattern(regex);
                } catch (PatternSyntaxException e) {
                  spec.problem(
                      "topic-pattern",
                      "'"
                          + spec.name("topic-pattern")
                          + "' is not a valid regular expression: "
                          + e.getDescription());
                }
              });
    } else if (spec.has("topics")) {
      spec.optionalStringList("topics", "a topic name")
          .ifPresent(topics -> builder.topics(topics.toArray(String[]::new)));
    } else {
      spec.missing(
          "topics", "a topic name or a list of them; or 'topic-pattern' with a regular expression");
    }
  }

  @SuppressWarnings("rawtypes") // Deserializer.class is raw
  private static IngressValueFormat valueFormat(SpecReader spec) {
    if (!YamlSpecs.exclusive(spec, "value-format", "value-deserializer")) {
      return IngressValueFormat.text();
    }
    if (spec.has("value-deserializer")) {
      YamlSpecs.onlyWith(spec, "value-type", false, "value-format json");
      return spec.optionalClass("value-deserializer", Deserializer.class, true)
          .map(c -> (IngressValueFormat) new IngressValueFormat.Custom(c))
          .orElse(IngressValueFormat.text());
    }
    String format =
        spec.optionalChoice("value-format", List.of("text", "json", "bytes")).orElse("text");
    YamlSpecs.onlyWith(spec, "value-type", format.equals("json"), "value-format json");
    return switch (format) {
      case "json" ->
          spec.has("value-type")
              ? spec.optionalClass("value-type", Object.class, false)
                  .map(IngressValueFormat::json)
                  .orElse(IngressValueFormat.jsonTree())
              : IngressValueFormat.jsonTree();
      case "bytes" -> IngressValueFormat.bytes();
      default -> IngressValueFormat.text();
    };
  }

  private static Optional<BadRecordPolicy> badRecordPolicy(SpecReader spec) {
    String policy =
        spec.optionalChoice("on-error", List.of("fail", "skip", "dead-letter")).orElse("fail");
    YamlSpecs.onlyWith(
        spec, "dead-letter-topic", policy.equals("dead-letter"), "on-error dead-letter");
    return switch (policy) {
      case "skip" -> Optional.of(BadRecordPolicy.skip());
      case "dead-letter" ->
          spec.requiredString(
                  "dead-letter-topic", "the topic bad records go to, for on-error dead-letter")
              .map(BadRecordPolicy::deadLetter);
      default -> Optional.of(BadRecordPolicy.fail());
    };
  }
}
