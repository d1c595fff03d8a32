package org.statefun.io.kafka;

import com.google.auto.service.AutoService;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.loader.yaml.ComponentId;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * {@code kind: kafka} for ingresses: a {@link KafkaIngressSpec} from module.yaml. Routers see the
 * decoded value and, with {@code key-format: text}, the key ({@code id: key}).
 */
@AutoService(IngressKind.class)
public final class KafkaIngressKind implements IngressKind {

  private static final List<String> POSITIONS =
      List.of("group-offsets", "earliest", "latest", "timestamp", "specific-offsets");
  private static final Pattern TOPIC_PARTITION = Pattern.compile("(.+)/(\\d+)");

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
    startupPosition(spec).ifPresent(builder::startupPosition);
    if (spec.optionalChoice("stop-at", List.of("latest")).isPresent()) {
      builder.stopAtLatest();
    }
    KeyFormat keyFormat =
        spec.optionalChoice("key-format", List.of("text", "none")).map(YamlSpecs::keyFormat).orElse(KeyFormat.TEXT);
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
                      "'" + spec.name("topic-pattern") + "' is not a valid regular expression: " + e.getDescription());
                }
              });
    } else if (spec.has("topics")) {
      spec.optionalStringList("topics", "a topic name")
          .ifPresent(topics -> builder.topics(topics.toArray(String[]::new)));
    } else {
      spec.missing("topics", "a topic name or a list of them; or 'topic-pattern' with a regular expression");
    }
  }

  private static Optional<StartupPosition> startupPosition(SpecReader spec) {
    String position = spec.optionalChoice("startup-position", POSITIONS).orElse(null);
    // false when startup-position is given but invalid (already reported): then check nothing else
    boolean known = position != null || !spec.has("startup-position");
    String effective = position == null ? "group-offsets" : position;
    YamlSpecs.onlyWith(
        spec,
        "startup-fallback",
        !known || effective.equals("group-offsets") || effective.equals("specific-offsets"),
        "startup-position group-offsets or specific-offsets");
    YamlSpecs.onlyWith(spec, "startup-timestamp", !known || effective.equals("timestamp"), "startup-position timestamp");
    YamlSpecs.onlyWith(
        spec, "startup-offsets", !known || effective.equals("specific-offsets"), "startup-position specific-offsets");
    StartupPosition.Fallback fallback =
        spec.optionalChoice("startup-fallback", List.of("earliest", "latest"))
            .map(f -> f.equals("latest") ? StartupPosition.Fallback.LATEST : StartupPosition.Fallback.EARLIEST)
            .orElse(StartupPosition.Fallback.EARLIEST);
    if (!known) {
      return Optional.empty();
    }
    return switch (effective) {
      case "earliest" -> Optional.of(StartupPosition.earliest());
      case "latest" -> Optional.of(StartupPosition.latest());
      case "timestamp" -> timestamp(spec).map(StartupPosition::timestamp);
      case "specific-offsets" -> offsets(spec).map(o -> StartupPosition.specificOffsets(o, fallback));
      default -> Optional.of(StartupPosition.groupOffsets(fallback));
    };
  }

  private static Optional<Instant> timestamp(SpecReader spec) {
    String expected = "an ISO-8601 instant like 2024-05-01T08:00:00Z, or milliseconds since the epoch";
    if (!spec.has("startup-timestamp")) {
      spec.missing("startup-timestamp", expected + ", for startup-position timestamp");
      return Optional.empty();
    }
    return spec.optionalString("startup-timestamp", expected)
        .flatMap(
            text -> {
              try {
                return Optional.of(
                    text.strip().matches("\\d+")
                        ? Instant.ofEpochMilli(Long.parseLong(text.strip()))
                        : Instant.parse(text.strip()));
              } catch (DateTimeException | NumberFormatException e) {
                spec.problem(
                    "startup-timestamp",
                    "'" + spec.name("startup-timestamp") + "' is '" + text + "'; expected " + expected);
                return Optional.empty();
              }
            });
  }

  private static Optional<Map<TopicPartition, Long>> offsets(SpecReader spec) {
    if (!spec.has("startup-offsets")) {
      spec.missing(
          "startup-offsets", "a map from 'topic/partition' to the first offset to read, for startup-position specific-offsets");
      return Optional.empty();
    }
    Map<String, String> entries = spec.optionalStringMap("startup-offsets", "an offset").orElse(null);
    if (entries == null) {
      return Optional.empty();
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    boolean valid = true;
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String where = "'" + spec.name("startup-offsets") + "." + entry.getKey() + "'";
      java.util.regex.Matcher partition = TOPIC_PARTITION.matcher(entry.getKey());
      if (!partition.matches()) {
        spec.problemInMap(
            "startup-offsets", entry.getKey(), where + ": the key must be 'topic/partition', like orders/0");
        valid = false;
        continue;
      }
      long offset;
      try {
        offset = Long.parseLong(entry.getValue().strip());
      } catch (NumberFormatException e) {
        offset = -1;
      }
      if (offset < 0) {
        spec.problemInMap(
            "startup-offsets", entry.getKey(), where + " is '" + entry.getValue() + "'; expected an offset of 0 or more");
        valid = false;
        continue;
      }
      offsets.put(new TopicPartition(partition.group(1), Integer.parseInt(partition.group(2))), offset);
    }
    return valid ? Optional.of(offsets) : Optional.empty();
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
    String format = spec.optionalChoice("value-format", List.of("text", "json", "bytes")).orElse("text");
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
    String policy = spec.optionalChoice("on-error", List.of("fail", "skip", "dead-letter")).orElse("fail");
    YamlSpecs.onlyWith(spec, "dead-letter-topic", policy.equals("dead-letter"), "on-error dead-letter");
    return switch (policy) {
      case "skip" -> Optional.of(BadRecordPolicy.skip());
      case "dead-letter" ->
          spec.requiredString("dead-letter-topic", "the topic bad records go to, for on-error dead-letter")
              .map(BadRecordPolicy::deadLetter);
      default -> Optional.of(BadRecordPolicy.fail());
    };
  }
}
