package org.statefun.io.kafka;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.statefun.loader.spi.SpecReader;

/**
 * Reads the startup keys of a Kafka ingress spec: {@code startup-position}, {@code
 * startup-fallback}, {@code startup-timestamp} and {@code startup-offsets}.
 */
final class StartupPositionYaml {
  private StartupPositionYaml() {}

  private static final List<String> POSITIONS =
      List.of("group-offsets", "earliest", "latest", "timestamp", "specific-offsets");
  private static final Pattern TOPIC_PARTITION = Pattern.compile("(.+)/(\\d+)");

  /**
   * The position (by default group-offsets); empty when the keys have problems, already reported.
   */
  static Optional<StartupPosition> read(SpecReader spec) {
    String position = spec.optionalChoice("startup-position", POSITIONS).orElse(null);
    // false when startup-position is given but invalid (already reported): then check nothing else
    boolean known = position != null || !spec.has("startup-position");
    String effective = position == null ? "group-offsets" : position;
    YamlSpecs.onlyWith(
        spec,
        "startup-fallback",
        !known || effective.equals("group-offsets") || effective.equals("specific-offsets"),
        "startup-position group-offsets or specific-offsets");
    YamlSpecs.onlyWith(
        spec,
        "startup-timestamp",
        !known || effective.equals("timestamp"),
        "startup-position timestamp");
    YamlSpecs.onlyWith(
        spec,
        "startup-offsets",
        !known || effective.equals("specific-offsets"),
        "startup-position specific-offsets");
    StartupPosition.Fallback fallback =
        spec.optionalChoice("startup-fallback", List.of("earliest", "latest"))
            .map(
                f ->
                    f.equals("latest")
                        ? StartupPosition.Fallback.LATEST
                        : StartupPosition.Fallback.EARLIEST)
            .orElse(StartupPosition.Fallback.EARLIEST);
    if (!known) {
      return Optional.empty();
    }
    return switch (effective) {
      case "earliest" -> Optional.of(StartupPosition.earliest());
      case "latest" -> Optional.of(StartupPosition.latest());
      case "timestamp" -> timestamp(spec).map(StartupPosition::timestamp);
      case "specific-offsets" ->
          offsets(spec).map(o -> StartupPosition.specificOffsets(o, fallback));
      default -> Optional.of(StartupPosition.groupOffsets(fallback));
    };
  }

  private static Optional<Instant> timestamp(SpecReader spec) {
    String expected =
        "an ISO-8601 instant like 2024-05-01T08:00:00Z, or milliseconds since the epoch";
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
                    "'"
                        + spec.name("startup-timestamp")
                        + "' is '"
                        + text
                        + "'; expected "
                        + expected);
                return Optional.empty();
              }
            });
  }

  private static Optional<Map<TopicPartition, Long>> offsets(SpecReader spec) {
    if (!spec.has("startup-offsets")) {
      spec.missing(
          "startup-offsets",
          "a map from 'topic/partition' to the first offset to read, for startup-position specific-offsets");
      return Optional.empty();
    }
    Map<String, String> entries =
        spec.optionalStringMap("startup-offsets", "an offset").orElse(null);
    if (entries == null) {
      return Optional.empty();
    }
    Map<TopicPartition, Long> offsets = new HashMap<>();
    boolean valid = true;
    for (Map.Entry<String, String> entry : entries.entrySet()) {
      String where = "'" + spec.name("startup-offsets") + "." + entry.getKey() + "'";
      Matcher partition = TOPIC_PARTITION.matcher(entry.getKey());
      if (!partition.matches()) {
        spec.problemInMap(
            "startup-offsets",
            entry.getKey(),
            where + ": the key must be 'topic/partition', like orders/0");
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
            "startup-offsets",
            entry.getKey(),
            where + " is '" + entry.getValue() + "'; expected an offset of 0 or more");
        valid = false;
        continue;
      }
      offsets.put(
          new TopicPartition(partition.group(1), Integer.parseInt(partition.group(2))), offset);
    }
    return valid ? Optional.of(offsets) : Optional.empty();
  }
}
