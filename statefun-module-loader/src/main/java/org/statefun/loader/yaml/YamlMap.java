package org.statefun.loader.yaml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A YAML mapping with string keys, in document order. */
public record YamlMap(Location location, Map<String, Entry> entries) implements YamlNode {

  /**
   * One key and its value.
   *
   * @param key the key
   * @param keyLocation where the key is written
   * @param value the value
   */
  public record Entry(String key, Location keyLocation, YamlNode value) {}

  public YamlMap {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  /** An empty map at {@code location}, for omitted optional sections. */
  public static YamlMap empty(Location location) {
    return new YamlMap(location, Map.of());
  }

  public Optional<Entry> entry(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  @Override
  public String describe() {
    return "a map";
  }
}
