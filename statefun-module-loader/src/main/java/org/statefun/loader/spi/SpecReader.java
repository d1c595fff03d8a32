package org.statefun.loader.spi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.statefun.loader.yaml.MapReader;
import org.statefun.loader.yaml.Problems;
import org.statefun.loader.yaml.YamlList;
import org.statefun.loader.yaml.YamlMap;
import org.statefun.loader.yaml.YamlNode;
import org.statefun.loader.yaml.YamlScalar;

/**
 * Reads the {@code spec:} of one ingress or egress for its kind. Every accessor reports problems
 * (with file, line and column) instead of throwing and returns empty; a kind reads all its keys,
 * then calls {@link #requireValid()} before it builds anything.
 */
public final class SpecReader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*");

  private final MapReader map;
  private final String moduleName;
  private final Path moduleDirectory;
  private final ClassLoader classLoader;
  private final int problemsBefore;

  /**
   * @param spec the spec map
   * @param path how the spec is named in messages, e.g. {@code ingresses[0].spec}
   * @param problems where problems go
   * @param moduleName the module the spec belongs to
   * @param moduleDirectory the module's directory; relative paths resolve against it
   * @param classLoader the module's class loader; class names resolve through it
   */
  public SpecReader(
      YamlMap spec,
      String path,
      Problems problems,
      String moduleName,
      Path moduleDirectory,
      ClassLoader classLoader) {
    this.map = new MapReader(spec, path, problems);
    this.moduleName = Objects.requireNonNull(moduleName, "moduleName");
    this.moduleDirectory = Objects.requireNonNull(moduleDirectory, "moduleDirectory");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.problemsBefore = problems.size();
  }

  public String moduleName() {
    return moduleName;
  }

  public Path moduleDirectory() {
    return moduleDirectory;
  }

  public ClassLoader classLoader() {
    return classLoader;
  }

  /** How {@code key} is named in messages, e.g. {@code ingresses[0].spec.path}. */
  public String name(String key) {
    return map.name(key);
  }

  public boolean has(String key) {
    return map.has(key);
  }

  /** Adds a problem at the value of {@code key} (or at the spec when the key is absent). */
  public void problem(String key, String message) {
    map.problem(key, message);
  }

  /** Reports that {@code key} is missing; {@code expected} says what it should hold. */
  public void missing(String key, String expected) {
    map.missing(key, expected);
  }

  /**
   * Throws when any problem was added since this reader was created, or when the spec holds a
   * value whose {@code ${VAR}} could not be substituted (already reported).
   *
   * @throws InvalidSpecException when the spec has problems
   */
  public void requireValid() {
    if (map.problems().size() > problemsBefore || map.hasUnresolved()) {
      throw new InvalidSpecException();
    }
  }

  public Optional<String> requiredString(String key, String expected) {
    return map.requiredString(key, expected);
  }

  public Optional<String> optionalString(String key, String expected) {
    return map.optionalString(key, expected);
  }

  public Optional<Long> requiredLong(String key) {
    return map.requiredLong(key);
  }

  public Optional<Long> optionalLong(String key) {
    return map.optionalLong(key);
  }

  /** A number greater than zero. */
  public OptionalDouble optionalPositiveDouble(String key) {
    Optional<Double> value = map.optionalDouble(key);
    if (value.isPresent() && !(value.get() > 0)) {
      problem(key, "'" + name(key) + "' must be greater than 0, got " + value.get());
      return OptionalDouble.empty();
    }
    return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }

  public Optional<Boolean> optionalBoolean(String key) {
    return map.optionalBoolean(key);
  }

  /** One of {@code choices}; a near miss gets a did-you-mean hint. */
  public Optional<String> optionalChoice(String key, List<String> choices) {
    return map.optionalChoice(key, choices);
  }

  /** A positive duration written as a whole number and a unit: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}. */
  public Optional<Duration> optionalDuration(String key) {
    return map.optionalString(key, "a duration like 10s")
        .flatMap(
            text -> {
              Matcher m = DURATION.matcher(text.strip());
              if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                problem(
                    key,
                    map.quote(key, text)
                        + "; expected a positive duration: a whole number and ms, s, m or h, like 10s");
                return Optional.empty();
              }
              long amount = Long.parseLong(m.group(1));
              return Optional.of(
                  switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                  });
            });
  }

  /**
   * A list of strings; a single string counts as a list of one. Each item must be a non-empty
   * scalar.
   *
   * @param expected what each item should be, for messages, e.g. {@code a topic name}
   */
  public Optional<List<String>> optionalStringList(String key, String expected) {
    Optional<YamlNode> node = map.node(key);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    if (node.get() instanceof YamlScalar) {
      return optionalString(key, expected).map(List::of);
    }
    Optional<YamlList> list = map.optionalList(key);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<String> items = new ArrayList<>();
    boolean valid = true;
    for (int i = 0; i < list.get().items().size(); i++) {
      YamlNode item = list.get().items().get(i);
      String name = name(key) + "[" + i + "]";
      if (item instanceof YamlScalar scalar
          && scalar.style() != YamlScalar.Style.NULL
          && scalar.style() != YamlScalar.Style.UNRESOLVED
          && !scalar.text().isBlank()) {
        items.add(scalar.text());
      } else if (!(item instanceof YamlScalar scalar && scalar.style() == YamlScalar.Style.UNRESOLVED)) {
        map.problems().add(item.location(), "'" + name + "' must be " + expected + ", got " + item.describe());
        valid = false;
      }
    }
    if (valid && items.isEmpty() && !map.hasUnresolved()) {
      problem(key, "'" + name(key) + "' is empty; give at least one item (" + expected + ")");
      valid = false;
    }
    return valid ? Optional.of(Collections.unmodifiableList(items)) : Optional.empty();
  }

  /**
   * A map from names to scalar values (numbers and booleans as their text), in document order.
   * Values with an unresolved {@code ${VAR}} are left out (already reported).
   *
   * @param expected what each value should be, for messages, e.g. {@code a client property value}
   */
  public Optional<Map<String, String>> optionalStringMap(String key, String expected) {
    Optional<YamlMap> nested = map.optionalMap(key);
    if (nested.isEmpty()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    boolean valid = true;
    for (YamlMap.Entry entry : nested.get().entries().values()) {
      YamlNode value = entry.value();
      if (value instanceof YamlScalar scalar
          && scalar.style() != YamlScalar.Style.NULL
          && scalar.style() != YamlScalar.Style.UNRESOLVED) {
        values.put(entry.key(), scalar.text());
      } else if (!(value instanceof YamlScalar scalar && scalar.style() == YamlScalar.Style.UNRESOLVED)) {
        map.problems().add(
            value.location(),
            "'" + name(key) + "." + entry.key() + "' must be " + expected + ", got " + value.describe());
        valid = false;
      }
    }
    return valid ? Optional.of(Collections.unmodifiableMap(values)) : Optional.empty();
  }

  /** Adds a problem at the value of the entry {@code entry} of the map at {@code key}. */
  public void problemInMap(String key, String entry, String message) {
    map.problems()
        .add(
            map.optionalMap(key)
                .flatMap(m -> m.entry(entry))
                .map(e -> e.value().location())
                .orElse(map.locationOf(key)),
            message);
  }

  /**
   * A path or URI. Paths without a scheme resolve against the module directory and come back
   * absolute; URIs like {@code s3://bucket/dir} come back unchanged.
   *
   * @param mustExist whether a local path must exist now
   */
  public Optional<String> requiredPath(String key, boolean mustExist) {
    return map.requiredString(key, "a file or directory path")
        .flatMap(
            text -> {
              if (URI_SCHEME.matcher(text).matches()) {
                return Optional.of(text);
              }
              Path resolved = moduleDirectory.resolve(text).toAbsolutePath().normalize();
              if (mustExist && !Files.exists(resolved)) {
                problem(
                    key,
                    map.quote(key, text)
                        + ", but "
                        + resolved
                        + " does not exist (relative paths resolve against the module directory)");
                return Optional.empty();
              }
              return Optional.of(resolved.toString());
            });
  }

  /**
   * A class of the module (or the runtime) that is a {@code supertype}. When {@code
   * needsNoArgConstructor}, it must also be concrete and have a public no-arg constructor.
   */
  public <T> Optional<Class<? extends T>> optionalClass(
      String key, Class<T> supertype, boolean needsNoArgConstructor) {
    Optional<String> name = map.optionalString(key, "a fully qualified class name");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          ClassChecks.load(name.get(), supertype, needsNoArgConstructor, classLoader, moduleName));
    } catch (ClassChecks.ClassProblem e) {
      problem(key, "'" + name(key) + "': " + e.getMessage());
      return Optional.empty();
    }
  }
}
