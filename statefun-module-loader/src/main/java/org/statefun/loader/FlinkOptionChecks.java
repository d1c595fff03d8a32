package org.statefun.loader;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.statefun.loader.yaml.DidYouMean;

/**
 * Checks the options of a job's configuration against {@link FlinkOptions}: a value Flink cannot
 * parse is an error naming the key and what it expects (never the value, which may be a secret); a
 * key Flink does not know is a warning with a did-you-mean hint, since Flink silently ignores it.
 * {@code statefun.*} keys are left to {@link JobConfiguration}, which rejects unknown ones.
 */
final class FlinkOptionChecks {
  private FlinkOptionChecks() {}

  /**
   * One message per key (in key order) whose value its option cannot parse, e.g. "option
   * 'parallelism.default' (from -D) must be a whole number".
   *
   * @param source where a key was set, e.g. "-D" or "config.yaml"
   */
  static List<String> invalidValues(
      Configuration configuration, Function<String, String> source, FlinkOptions options) {
    List<String> problems = new ArrayList<>();
    for (String key : new TreeSet<>(configuration.keySet())) {
      options
          .find(key)
          .ifPresent(
              declared -> {
                try {
                  configuration.getOptional(declared.option());
                } catch (IllegalArgumentException e) {
                  problems.add(
                      "option '"
                          + key
                          + "' (from "
                          + source.apply(key)
                          + ") must be "
                          + expected(declared.valueType()));
                }
              });
    }
    return problems;
  }

  /**
   * One warning per key (in key order) that no option declares, with the closest known key as a
   * hint.
   */
  static List<String> unknownKeys(
      Configuration configuration, Function<String, String> source, FlinkOptions options) {
    List<String> warnings = new ArrayList<>();
    for (String key : new TreeSet<>(configuration.keySet())) {
      if (key.startsWith("statefun.") || options.isKnown(key)) {
        continue;
      }
      warnings.add(
          "statefun: WARNING: '"
              + key
              + "' (from "
              + source.apply(key)
              + ") is not a Flink option and has no effect"
              + DidYouMean.hint(key, options.primaryKeys()));
    }
    return warnings;
  }

  /** What a value of {@code type} looks like, for messages. */
  static String expected(Type type) {
    if (type instanceof ParameterizedType p) {
      if (p.getRawType() == List.class) {
        return "a list separated by ';' whose items are each "
            + expected(p.getActualTypeArguments()[0]);
      }
      if (p.getRawType() == Map.class) {
        return "a map written as key1:value1,key2:value2";
      }
    }
    if (!(type instanceof Class<?> c)) {
      return "a value of type " + type.getTypeName();
    }
    if (c == Duration.class) {
      return "a duration such as 10 s, 500 ms or 5 min";
    }
    if (c == Integer.class || c == Long.class) {
      return "a whole number";
    }
    if (c == Double.class || c == Float.class) {
      return "a number";
    }
    if (c == Boolean.class) {
      return "true or false";
    }
    if (c == MemorySize.class) {
      return "a memory size such as 512 mb or 2 gb";
    }
    if (c.isEnum()) {
      return "one of: "
          + Arrays.stream(c.getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.joining(", "));
    }
    return "a value of type " + c.getSimpleName();
  }
}
