package org.statefun.loader.yaml;

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
import java.util.regex.Pattern;
import org.statefun.loader.classes.ClassChecks;
import org.statefun.loader.spi.InvalidSpecException;
import org.statefun.loader.spi.SpecReader;

/**
 * The {@link SpecReader} of a module.yaml {@code spec:} map: problems are reported with the file,
 * line and column of the value they are about.
 */
public final class YamlSpecReader implements SpecReader {

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
  public YamlSpecReader(
      YamlMap spec,
      String path,
      Problems problems,
      String moduleName,
      Path moduleDirectory,
      ClassLoader classLoader) {
    this(new MapReader(spec, path, problems), moduleName, moduleDirectory, classLoader);
  }

  private YamlSpecReader(
      MapReader map, String moduleName, Path moduleDirectory, ClassLoader classLoader) {
    this.map = map;
    this.moduleName = Objects.requireNonNull(moduleName, "moduleName");
    this.moduleDirectory = Objects.requireNonNull(moduleDirectory, "moduleDirectory");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.problemsBefore = map.problems().size();
  }

  /** A reader of {@code nested}, named {@code path}, reporting where this one does. */
  private YamlSpecReader nested(YamlMap nested, String path, List<String> allowedKeys) {
    MapReader reader = new MapReader(nested, path, map.problems());
    if (!allowedKeys.isEmpty()) {
      reader.allowOnly(allowedKeys);
    }
    return new YamlSpecReader(reader, moduleName, moduleDirectory, classLoader);
  }

  @Override
  public List<String> keys() {
    return List.copyOf(map.map().entries().keySet());
  }

  @Override
  public Optional<SpecReader> optionalObject(String key, List<String> allowedKeys) {
    return map.optionalMap(key).map(m -> nested(m, name(key), allowedKeys));
  }

  @Override
  public Optional<List<SpecReader>> optionalObjectList(String key, List<String> allowedKeys) {
    Optional<YamlList> list = map.optionalList(key);
    if (list.isEmpty()) {
      return Optional.empty();
    }
    List<SpecReader> items = new ArrayList<>();
    for (int i = 0; i < list.get().items().size(); i++) {
      YamlNode item = list.get().items().get(i);
      String name = name(key) + "[" + i + "]";
      if (item instanceof YamlMap nested) {
        items.add(nested(nested, name, allowedKeys));
      } else {
        map.problems().add(item.location(), "'" + name + "' must be a map, got " + item.describe());
      }
    }
    return Optional.of(Collections.unmodifiableList(items));
  }

  @Override
  public String moduleName() {
    return moduleName;
  }

  @Override
  public Path moduleDirectory() {
    return moduleDirectory;
  }

  @Override
  public ClassLoader classLoader() {
    return classLoader;
  }

  @Override
  public String name(String key) {
    return map.name(key);
  }

  @Override
  public boolean has(String key) {
    return map.has(key);
  }

  @Override
  public void problem(String key, String message) {
    map.problem(key, message);
  }

  @Override
  public void missing(String key, String expected) {
    map.missing(key, expected);
  }

  @Override
  public void requireValid() {
    if (map.problems().size() > problemsBefore || map.hasUnresolved()) {
      throw new InvalidSpecException();
    }
  }

  @Override
  public Optional<String> requiredString(String key, String expected) {
    return map.requiredString(key, expected);
  }

  @Override
  public Optional<String> optionalString(String key, String expected) {
    return map.optionalString(key, expected);
  }

  @Override
  public Optional<Long> requiredLong(String key) {
    return map.requiredLong(key);
  }

  @Override
  public Optional<Long> optionalLong(String key) {
    return map.optionalLong(key);
  }

  @Override
  public OptionalDouble optionalPositiveDouble(String key) {
    Optional<Double> value = map.optionalDouble(key);
    if (value.isPresent() && !(value.get() > 0)) {
      problem(key, "'" + name(key) + "' must be greater than 0, got " + value.get());
      return OptionalDouble.empty();
    }
    return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
  }

  @Override
  public Optional<Boolean> optionalBoolean(String key) {
    return map.optionalBoolean(key);
  }

  @Override
  public Optional<String> optionalChoice(String key, List<String> choices) {
    return map.optionalChoice(key, choices);
  }

  @Override
  public Optional<Duration> optionalDuration(String key) {
    return map.optionalString(key, "a duration like 10s")
        .flatMap(
            text -> {
              Optional<Duration> duration = Durations.parse(text);
              if (duration.isEmpty()) {
                problem(key, map.quote(key, text) + "; expected " + Durations.EXPECTED);
              }
              return duration;
            });
  }

  @Override
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
      } else if (!(item instanceof YamlScalar scalar
          && scalar.style() == YamlScalar.Style.UNRESOLVED)) {
        map.problems()
            .add(
                item.location(), "'" + name + "' must be " + expected + ", got " + item.describe());
        valid = false;
      }
    }
    if (valid && items.isEmpty() && !map.hasUnresolved()) {
      problem(key, "'" + name(key) + "' is empty; give at least one item (" + expected + ")");
      valid = false;
    }
    return valid ? Optional.of(Collections.unmodifiableList(items)) : Optional.empty();
  }

  @Override
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
      } else if (!(value instanceof YamlScalar scalar
          && scalar.style() == YamlScalar.Style.UNRESOLVED)) {
        map.problems()
            .add(
                value.location(),
                "'"
                    + name(key)
                    + "."
                    + entry.key()
                    + "' must be "
                    + expected
                    + ", got "
                    + value.describe());
        valid = false;
      }
    }
    return valid ? Optional.of(Collections.unmodifiableMap(values)) : Optional.empty();
  }

  @Override
  public void problemInMap(String key, String entry, String message) {
    map.problems()
        .add(
            map.optionalMap(key)
                .flatMap(m -> m.entry(entry))
                .map(e -> e.value().location())
                .orElse(map.locationOf(key)),
            message);
  }

  @Override
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

  @Override
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
