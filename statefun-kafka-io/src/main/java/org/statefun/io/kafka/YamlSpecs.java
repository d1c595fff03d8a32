package org.statefun.io.kafka;

import java.util.Map;
import java.util.Optional;
import org.statefun.loader.spi.SpecReader;

/** Reading the keys that the Kafka ingress and egress kinds share. */
final class YamlSpecs {
  private YamlSpecs() {}

  static Optional<String> bootstrapServers(SpecReader spec) {
    return spec.requiredString("bootstrap-servers", "host:port[,host:port…] of the Kafka brokers");
  }

  /** {@code text} or {@code none}. */
  static KeyFormat keyFormat(String name) {
    return name.equals("none") ? KeyFormat.NONE : KeyFormat.TEXT;
  }

  /** {@code properties:}, each value a scalar and no name reserved for {@code client}. */
  static KafkaClientProperties properties(SpecReader spec, KafkaClientProperties.Client client) {
    Map<String, String> values =
        spec.optionalStringMap("properties", "a Kafka client property value").orElse(Map.of());
    for (String name : values.keySet()) {
      client
          .reservedReason(name)
          .ifPresent(
              reason ->
                  spec.problemInMap(
                      "properties",
                      name,
                      "'" + spec.name("properties") + "." + name + "': " + reason));
    }
    return new KafkaClientProperties(values);
  }

  /** Reports {@code second} when {@code first} is also given. */
  static boolean exclusive(SpecReader spec, String first, String second) {
    if (spec.has(first) && spec.has(second)) {
      spec.problem(
          second,
          "'" + spec.name(second) + "' and '" + first + "' exclude each other; give one of them");
      return false;
    }
    return true;
  }

  /** Reports {@code key} when given although {@code applies} is false. */
  static void onlyWith(SpecReader spec, String key, boolean applies, String condition) {
    if (spec.has(key) && !applies) {
      spec.problem(key, "'" + spec.name(key) + "' only applies with " + condition);
    }
  }
}
