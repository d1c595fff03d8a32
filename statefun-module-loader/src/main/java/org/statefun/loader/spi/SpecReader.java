package org.statefun.loader.spi;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Reads the {@code spec:} of one ingress or egress for its kind, and records its problems. Every
 * accessor reports a problem (at the file, line and column of the value) instead of throwing and
 * returns empty; a kind reads all its keys, then calls {@link #requireValid()} before it builds
 * anything, so that a user sees every problem of a spec at once.
 *
 * <p>The loader creates the reader; a kind only uses it. Keys are the names under {@code spec:};
 * messages name them with {@link #name(String)}, e.g. {@code ingresses[0].spec.topics}.
 */
public interface SpecReader {

  /** The name of the module whose module.yaml holds the spec. */
  String moduleName();

  /** The module's directory; relative paths resolve against it. */
  Path moduleDirectory();

  /** The module's class loader; class names resolve through it. */
  ClassLoader classLoader();

  /** How {@code key} is named in messages, e.g. {@code ingresses[0].spec.path}. */
  String name(String key);

  /** Whether the spec holds {@code key}. */
  boolean has(String key);

  /** Reports a problem at the value of {@code key} (at the spec when the key is absent). */
  void problem(String key, String message);

  /** Reports a problem at the value of the entry {@code entry} of the map at {@code key}. */
  void problemInMap(String key, String entry, String message);

  /** Reports that {@code key} is missing; {@code expected} says what it should hold. */
  void missing(String key, String expected);

  /**
   * Throws when any problem was reported for this spec (by the kind or by an accessor), or when the
   * spec holds a value whose {@code ${VAR}} could not be substituted (already reported).
   *
   * @throws InvalidSpecException when the spec has problems
   */
  void requireValid();

  /**
   * A scalar as text (numbers and booleans as their text); missing is a problem. {@code expected}
   * says what it should be.
   */
  Optional<String> requiredString(String key, String expected);

  /**
   * A scalar as text (numbers and booleans as their text), when given. {@code expected} says what
   * it should be.
   */
  Optional<String> optionalString(String key, String expected);

  /** A whole number; missing is a problem. */
  Optional<Long> requiredLong(String key);

  /** A whole number, when given. */
  Optional<Long> optionalLong(String key);

  /** A number greater than zero, when given. */
  OptionalDouble optionalPositiveDouble(String key);

  /** {@code true} or {@code false}, when given. */
  Optional<Boolean> optionalBoolean(String key);

  /** One of {@code choices}, when given; a near miss gets a did-you-mean hint. */
  Optional<String> optionalChoice(String key, List<String> choices);

  /**
   * A positive duration written as a whole number and a unit ({@code 500ms}, {@code 10s}, {@code
   * 5m}, {@code 1h}), when given.
   */
  Optional<Duration> optionalDuration(String key);

  /**
   * A list of non-empty strings, when given; a single string counts as a list of one.
   *
   * @param expected what each item should be, for messages, e.g. {@code a topic name}
   */
  Optional<List<String>> optionalStringList(String key, String expected);

  /**
   * A map from names to scalar values (numbers and booleans as their text), in document order, when
   * given.
   *
   * @param expected what each value should be, for messages, e.g. {@code a client property value}
   */
  Optional<Map<String, String>> optionalStringMap(String key, String expected);

  /** The keys the spec holds, in document order. */
  List<String> keys();

  /**
   * The map at {@code key} as a reader of its own, when given: its keys are named {@code
   * key.<entry>} in messages, it reports into this spec, and {@link #requireValid()} of this spec
   * covers it. For nested objects such as StateFun's {@code startupPosition: {type: …}}.
   *
   * @param allowedKeys the keys the map may hold; any other key is reported with a did-you-mean
   *     hint. Empty allows any key (then read them with {@link #keys()}).
   */
  Optional<SpecReader> optionalObject(String key, List<String> allowedKeys);

  /**
   * The list of maps at {@code key}, each as a reader of its own (named {@code key[i]}), when
   * given; an item that is not a map is reported and left out (so the other items are still read,
   * and {@link #requireValid()} fails).
   *
   * @param allowedKeys the keys each map may hold, as for {@link #optionalObject}
   */
  Optional<List<SpecReader>> optionalObjectList(String key, List<String> allowedKeys);

  /**
   * A path or URI; missing is a problem. Paths without a scheme resolve against the module
   * directory and come back absolute; URIs like {@code s3://bucket/dir} come back unchanged.
   *
   * @param mustExist whether a local path must exist now
   */
  Optional<String> requiredPath(String key, boolean mustExist);

  /**
   * A class of the module (or the runtime) that is a {@code supertype}, when given. With {@code
   * needsNoArgConstructor}, it must also be public, concrete and have a public no-arg constructor.
   */
  <T> Optional<Class<? extends T>> optionalClass(
      String key, Class<T> supertype, boolean needsNoArgConstructor);
}
