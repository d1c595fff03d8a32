package org.statefun.loader.yaml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the entries of one YAML map strictly. Every problem (unknown key, missing key, wrong type)
 * is added to {@link Problems} with its location and the accessor returns empty, so reading goes on
 * and all problems are reported together.
 */
public final class MapReader {

  private final YamlMap map;
  private final String path;
  private final Problems problems;

  /**
   * @param map the map to read
   * @param path how the map is named in messages, e.g. {@code functions[0]}; empty for the root
   * @param problems where problems go
   */
  public MapReader(YamlMap map, String path, Problems problems) {
    this.map = Objects.requireNonNull(map, "map");
    this.path = Objects.requireNonNull(path, "path");
    this.problems = Objects.requireNonNull(problems, "problems");
  }

  public YamlMap map() {
    return map;
  }

  /** How the map is named in messages, e.g. {@code ingresses[0]}; empty for the root. */
  public String path() {
    return path;
  }

  public Problems problems() {
    return problems;
  }

  /** Reports every key not in {@code allowed}, with the closest allowed key as a hint. */
  public void allowOnly(List<String> allowed) {
    for (YamlMap.Entry entry : map.entries().values()) {
      if (!allowed.contains(entry.key())) {
        String where = path.isEmpty() ? "at the top level" : "in " + path;
        String hint = DidYouMean.hint(entry.key(), allowed);
        problems.add(
            entry.keyLocation(),
            "unknown key '"
                + entry.key()
                + "' "
                + where
                + (hint.isEmpty() ? "; allowed keys: " : hint + " Allowed keys: ")
                + String.join(", ", allowed));
      }
    }
  }

  /**
   * Whether a key not in {@code allowed} is a near miss of one of {@code keys} (as reported by
   * {@link #allowOnly} with a did-you-mean), so that a "missing key" problem would say it again.
   */
  public boolean hasMisspelled(List<String> allowed, String... keys) {
    List<String> wanted = List.of(keys);
    return map.entries().values().stream()
        .map(YamlMap.Entry::key)
        .filter(k -> !allowed.contains(k))
        .anyMatch(k -> DidYouMean.closest(k, allowed).filter(wanted::contains).isPresent());
  }

  /** {@code path.key}, how a key is named in messages. */
  public String name(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Whether {@code key} is present with a value other than null. A value with an unresolved {@code
   * ${VAR}} counts as present (it is not missing) but reads as empty.
   */
  public boolean has(String key) {
    return map.entry(key)
        .map(YamlMap.Entry::value)
        .filter(v -> !(v instanceof YamlScalar s && s.style() == YamlScalar.Style.NULL))
        .isPresent();
  }

  /** The value of {@code key}; null and unresolved values count as absent. */
  public Optional<YamlNode> node(String key) {
    return map.entry(key)
        .map(YamlMap.Entry::value)
        .filter(
            v ->
                !(v instanceof YamlScalar s
                    && (s.style() == YamlScalar.Style.NULL
                        || s.style() == YamlScalar.Style.UNRESOLVED)));
  }

  /** Whether this map or anything below it holds an unresolved {@code ${VAR}} value. */
  public boolean hasUnresolved() {
    return unresolved(map);
  }

  private static boolean unresolved(YamlNode node) {
    if (node instanceof YamlScalar s) {
      return s.style() == YamlScalar.Style.UNRESOLVED;
    }
    if (node instanceof YamlList l) {
      return l.items().stream().anyMatch(MapReader::unresolved);
    }
    return ((YamlMap) node).entries().values().stream().anyMatch(e -> unresolved(e.value()));
  }

  /** Where the value of {@code key} is, or where the map is when the key is absent. */
  public Location locationOf(String key) {
    return map.entry(key).map(e -> e.value().location()).orElse(map.location());
  }

  /** Adds a problem at the value of {@code key}. */
  public void problem(String key, String message) {
    problems.add(locationOf(key), message);
  }

  /** Reports that {@code key} is missing, at the map's location. */
  public void missing(String key, String expected) {
    String owner = path.isEmpty() ? "the module" : path;
    problems.add(
        map.location(), owner + " is missing the required key '" + key + "' (" + expected + ")");
  }

  public Optional<String> requiredString(String key, String expected) {
    return required(key, expected, k -> optionalString(k, expected));
  }

  /** A scalar as text; numbers and booleans are accepted as their text. */
  public Optional<String> optionalString(String key, String expected) {
    return node(key)
        .flatMap(
            node -> {
              if (node instanceof YamlScalar scalar) {
                return Optional.of(scalar.text());
              }
              return wrongType(key, node, expected);
            });
  }

  public Optional<Long> requiredLong(String key) {
    return required(key, "a whole number", this::optionalLong);
  }

  public Optional<Long> optionalLong(String key) {
    return parsed(key, "a whole number", Long::parseLong);
  }

  public Optional<Double> optionalDouble(String key) {
    return parsed(key, "a number", Double::parseDouble);
  }

  public Optional<Boolean> optionalBoolean(String key) {
    return scalar(key, "true or false")
        .flatMap(
            s ->
                switch (s.text().strip()) {
                  case "true" -> Optional.of(true);
                  case "false" -> Optional.of(false);
                  default -> wrongType(key, s, "true or false");
                });
  }

  /** One of {@code choices}, with a did-you-mean hint when it is not. */
  public Optional<String> optionalChoice(String key, List<String> choices) {
    return optionalString(key, "one of " + String.join(", ", choices))
        .flatMap(
            value -> {
              if (choices.contains(value)) {
                return Optional.of(value);
              }
              problem(
                  key,
                  quote(key, value)
                      + DidYouMean.hint(value, choices)
                      + (DidYouMean.closest(value, choices).isPresent()
                          ? " Expected"
                          : "; expected")
                      + " one of: "
                      + String.join(", ", choices));
              return Optional.empty();
            });
  }

  public Optional<YamlList> optionalList(String key) {
    return node(key)
        .flatMap(n -> n instanceof YamlList l ? Optional.of(l) : wrongType(key, n, "a list"));
  }

  public Optional<YamlMap> optionalMap(String key) {
    return node(key)
        .flatMap(n -> n instanceof YamlMap m ? Optional.of(m) : wrongType(key, n, "a map"));
  }

  /** {@code 'path.key' is 'text'}, how messages quote a value that is wrong. */
  public String quote(String key, String text) {
    return "'" + name(key) + "' is '" + text + "'";
  }

  private <T> Optional<T> parsed(String key, String expected, Function<String, T> parse) {
    return scalar(key, expected)
        .flatMap(
            s -> {
              try {
                return Optional.of(parse.apply(s.text().strip()));
              } catch (NumberFormatException e) {
                return wrongType(key, s, expected);
              }
            });
  }

  private Optional<YamlScalar> scalar(String key, String expected) {
    return node(key)
        .flatMap(n -> n instanceof YamlScalar s ? Optional.of(s) : wrongType(key, n, expected));
  }

  private <T> Optional<T> required(
      String key, String expected, Function<String, Optional<T>> read) {
    if (!has(key)) {
      missing(key, expected);
      return Optional.empty();
    }
    return read.apply(key);
  }

  private <T> Optional<T> wrongType(String key, YamlNode node, String expected) {
    problems.add(
        node.location(), "'" + name(key) + "' must be " + expected + ", got " + node.describe());
    return Optional.empty();
  }
}
