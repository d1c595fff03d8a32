package org.statefun.io.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.statefun.loader.spi.ComponentId;
import org.statefun.loader.spi.SpecReader;

/**
 * Reading the keys that StateFun 3.x's Kafka kinds ({@code io.statefun.kafka.v1/ingress} and {@code
 * io.statefun.kafka.v1/egress}) share.
 */
final class StateFunYaml {
  private StateFunYaml() {}

  static Optional<String> address(SpecReader spec) {
    return spec.requiredString("address", "host:port[,host:port…] of the Kafka brokers");
  }

  /**
   * {@code properties: [ {name: value}, … ]}: a list of maps whose entries are Kafka client
   * properties, in order (a later entry replaces an earlier one). Names in {@code overridden} are
   * dropped, since the spec's named keys set them and win (as in StateFun); names in {@code
   * rejected} are reported with the reason. Values are never shown in messages: they may be
   * secrets.
   */
  static Map<String, String> properties(
      SpecReader spec, Set<String> overridden, Map<String, String> rejected) {
    Map<String, String> values = new LinkedHashMap<>();
    for (SpecReader item : spec.optionalObjectList("properties", List.of()).orElse(List.of())) {
      for (String name : item.keys()) {
        String reason = rejected.get(name);
        if (reason != null) {
          item.problem(
              name,
              "'"
                  + item.name(name)
                  + "': client property '"
                  + name
                  + "' is set by the kind; "
                  + reason);
          continue;
        }
        item.optionalString(name, "a Kafka client property value")
            .ifPresent(
                value -> {
                  if (!overridden.contains(name)) {
                    values.put(name, value);
                  }
                });
      }
    }
    return values;
  }

  /** A {@code namespace/name} type name at {@code key}; missing is a problem. */
  static Optional<ComponentId> requiredTypeName(SpecReader spec, String key, String what) {
    return spec.requiredString(key, what + ", namespace/name")
        .flatMap(text -> typeName(spec, key, spec.name(key), text, what));
  }

  /**
   * {@code text} as a {@code namespace/name} type name; a problem at {@code key} (named {@code
   * name}) when it is not one.
   */
  static Optional<ComponentId> typeName(
      SpecReader spec, String key, String name, String text, String what) {
    Optional<ComponentId> parsed = ComponentId.parse(text.strip());
    if (parsed.isEmpty()) {
      spec.problem(key, "'" + name + "' is '" + text + "'; expected " + what + ", namespace/name");
    }
    return parsed;
  }

  /** The {@code type} of a typed object: one of {@code types}; missing is a problem. */
  static Optional<String> type(SpecReader object, List<String> types) {
    if (!object.has("type")) {
      object.missing("type", "one of: " + String.join(", ", types));
      return Optional.empty();
    }
    return object.optionalChoice("type", types);
  }
}
