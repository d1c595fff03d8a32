package org.statefun.io.kafka;

import com.google.auto.service.AutoService;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.IngressComponent;
import org.statefun.loader.spi.IngressKind;
import org.statefun.loader.spi.SpecReader;
import org.statefun.sdk.FunctionType;
import org.statefun.sdk.io.IngressIdentifier;

/**
 * StateFun 3.x's Kafka ingress, {@code kind: io.statefun.kafka.v1/ingress}: each topic names the
 * type of its values and the function types its records go to; a record's key is the function id
 * and its value bytes arrive as a {@link org.statefun.sdk.TypedValue} of the topic's {@code
 * valueType}. The ingress carries its own router ({@link StateFunKafkaRouter}), so no {@code
 * routers:} entry is needed. It runs on the same machinery as {@code kind: kafka} (a {@link
 * KafkaIngressSpec}: offsets checkpointed with the job, broker check at start).
 */
@AutoService(IngressKind.class)
public final class StateFunKafkaIngressKind implements IngressKind {

  /** The kind's name, as StateFun's module.yaml writes it. */
  public static final String KIND = "io.statefun.kafka.v1/ingress";

  static final List<String> STARTUP_POSITIONS =
      List.of("earliest", "latest", "group-offsets", "specific-offsets", "date");

  /** StateFun's format of {@code startupPosition.date}. */
  static final String DATE_PATTERN = "yyyy-MM-dd HH:mm:ss.SSS Z";

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern(DATE_PATTERN);
  private static final Pattern TOPIC_PARTITION = Pattern.compile("(.+)/(\\d+)");

  /** Properties that named keys set, and that therefore lose to them. */
  private static final Set<String> OVERRIDDEN =
      Set.of("bootstrap.servers", "group.id", "auto.offset.reset");

  private static final Map<String, String> REJECTED =
      Map.of(
          "key.deserializer", "record keys are read as UTF-8 text (the function id)",
          "value.deserializer", "record values are read as bytes (the TypedValue's value)");

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public List<String> specKeys() {
    return List.of(
        "address",
        "consumerGroupId",
        "topics",
        "startupPosition",
        "autoOffsetResetPosition",
        "properties");
  }

  @Override
  public IngressComponent<KafkaIngressRecord> create(ComponentId id, SpecReader spec) {
    Parsed parsed = parse(id, spec);
    return new IngressComponent<>(
            parsed.spec().toSourceIngressSpec(), new KafkaRecordView(true), byte[].class)
        .routedBy(parsed.router());
  }

  /** What a valid spec says: the Kafka ingress and the router of its topics. */
  record Parsed(KafkaIngressSpec spec, StateFunKafkaRouter router) {}

  /**
   * Reads {@code spec}.
   *
   * @throws org.statefun.loader.spi.InvalidSpecException when it has problems (reported)
   */
  static Parsed parse(ComponentId id, SpecReader spec) {
    IngressIdentifier<KafkaIngressRecord> identifier =
        new IngressIdentifier<>(KafkaIngressRecord.class, id.namespace(), id.name());
    KafkaIngressSpec.Builder builder = KafkaIngressSpec.builder(identifier);
    StateFunYaml.address(spec).ifPresent(builder::bootstrapServers);
    spec.requiredString("consumerGroupId", "the Kafka consumer group").ifPresent(builder::groupId);
    Map<String, StateFunKafkaRouter.Route> routes = topics(spec);
    StartupPosition.Fallback fallback =
        spec.optionalChoice("autoOffsetResetPosition", List.of("earliest", "latest"))
            .map(
                f ->
                    f.equals("earliest")
                        ? StartupPosition.Fallback.EARLIEST
                        : StartupPosition.Fallback.LATEST)
            .orElse(StartupPosition.Fallback.LATEST);
    startupPosition(spec, fallback).ifPresent(builder::startupPosition);
    builder.properties(StateFunYaml.properties(spec, OVERRIDDEN, REJECTED));
    spec.requireValid();
    builder
        .topics(routes.keySet().toArray(String[]::new))
        .keyFormat(KeyFormat.REQUIRED_TEXT)
        .valueFormat(IngressValueFormat.bytes())
        .onBadRecord(
            BadRecordPolicy.fail(
                "Records of a " + KIND + " need a key and a value; fix or remove the record"));
    return new Parsed(builder.build(), new StateFunKafkaRouter(id.toString(), routes));
  }

  /** {@code topics:}, each with its value type and targets, by topic in document order. */
  private static Map<String, StateFunKafkaRouter.Route> topics(SpecReader spec) {
    Map<String, StateFunKafkaRouter.Route> routes = new LinkedHashMap<>();
    String expected = "a list of {topic, valueType, targets}";
    if (!spec.has("topics")) {
      spec.missing("topics", expected);
      return routes;
    }
    List<SpecReader> topics =
        spec.optionalObjectList("topics", List.of("topic", "valueType", "targets")).orElse(null);
    if (topics == null) {
      return routes;
    }
    if (topics.isEmpty()) {
      spec.problem("topics", "'" + spec.name("topics") + "' is empty; give at least one topic");
      return routes;
    }
    Map<String, String> firstNamedBy = new HashMap<>();
    for (SpecReader topic : topics) {
      Optional<String> name = topic.requiredString("topic", "a topic name");
      Optional<ComponentId> valueType =
          StateFunYaml.requiredTypeName(topic, "valueType", "the type name of the values");
      List<FunctionType> targets = targets(topic);
      if (name.isPresent()) {
        String previous = firstNamedBy.putIfAbsent(name.get(), topic.name("topic"));
        if (previous != null) {
          topic.problem(
              "topic",
              "'"
                  + topic.name("topic")
                  + "' is '"
                  + name.get()
                  + "', which '"
                  + previous
                  + "' already lists; list each topic once, with all its targets");
          continue;
        }
      }
      if (name.isPresent() && valueType.isPresent() && !targets.isEmpty()) {
        routes.put(name.get(), new StateFunKafkaRouter.Route(valueType.get().toString(), targets));
      }
    }
    return routes;
  }

  private static List<FunctionType> targets(SpecReader topic) {
    String expected = "a function type namespace/name";
    if (!topic.has("targets")) {
      topic.missing("targets", "a list of function types namespace/name");
      return List.of();
    }
    List<String> names = topic.optionalStringList("targets", expected).orElse(List.of());
    List<FunctionType> targets = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = topic.name("targets") + "[" + i + "]";
      StateFunYaml.typeName(topic, "targets", name, names.get(i), "a function type")
          .ifPresent(t -> targets.add(new FunctionType(t.namespace(), t.name())));
    }
    return targets.size() == names.size() ? targets : List.of();
  }

  /** {@code startupPosition:}, by default latest; empty when it has problems (reported). */
  private static Optional<StartupPosition> startupPosition(
      SpecReader spec, StartupPosition.Fallback fallback) {
    if (!spec.has("startupPosition")) {
      return Optional.of(StartupPosition.latest());
    }
    SpecReader position =
        spec.optionalObject("startupPosition", List.of("type", "offsets", "date")).orElse(null);
    if (position == null) {
      return Optional.empty();
    }
    String type = StateFunYaml.type(position, STARTUP_POSITIONS).orElse(null);
    if (type == null) {
      // missing or invalid (reported): which other keys apply is unknown
      return Optional.empty();
    }
    YamlSpecs.onlyWith(
        position,
        "offsets",
        type.equals("specific-offsets"),
        "startupPosition type specific-offsets");
    YamlSpecs.onlyWith(position, "date", type.equals("date"), "startupPosition type date");
    return switch (type) {
      case "earliest" -> Optional.of(StartupPosition.earliest());
      case "group-offsets" -> Optional.of(StartupPosition.groupOffsets(fallback));
      case "specific-offsets" ->
          offsets(position).map(o -> StartupPosition.specificOffsets(o, fallback));
      case "date" -> date(position).map(StartupPosition::timestamp);
      default -> Optional.of(StartupPosition.latest());
    };
  }

  private static Optional<Map<TopicPartition, Long>> offsets(SpecReader position) {
    String expected = "a list of {\"topic/partition\": offset}, for type specific-offsets";
    if (!position.has("offsets")) {
      position.missing("offsets", expected);
      return Optional.empty();
    }
    List<SpecReader> items = position.optionalObjectList("offsets", List.of()).orElse(null);
    if (items == null) {
      return Optional.empty();
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    boolean valid = true;
    for (SpecReader item : items) {
      for (String key : item.keys()) {
        Matcher partition = TOPIC_PARTITION.matcher(key);
        if (!partition.matches()) {
          item.problem(
              key, "'" + item.name(key) + "': the key must be 'topic/partition', like orders/0");
          valid = false;
          continue;
        }
        Optional<Long> offset = item.optionalLong(key);
        if (offset.isEmpty()) {
          valid = false;
          continue;
        }
        if (offset.get() < 0) {
          item.problem(
              key,
              "'" + item.name(key) + "' is " + offset.get() + "; expected an offset of 0 or more");
          valid = false;
          continue;
        }
        offsets.put(
            new TopicPartition(partition.group(1), Integer.parseInt(partition.group(2))),
            offset.get());
      }
    }
    return valid ? Optional.of(offsets) : Optional.empty();
  }

  private static Optional<Instant> date(SpecReader position) {
    String expected = "a date like 2024-05-01 08:00:00.000 +0000 (" + DATE_PATTERN + ")";
    if (!position.has("date")) {
      position.missing("date", expected + ", for type date");
      return Optional.empty();
    }
    return position
        .optionalString("date", expected)
        .flatMap(
            text -> {
              try {
                return Optional.of(ZonedDateTime.parse(text.strip(), DATE).toInstant());
              } catch (DateTimeException e) {
                position.problem(
                    "date",
                    "'" + position.name("date") + "' is '" + text + "'; expected " + expected);
                return Optional.empty();
              }
            });
  }
}
