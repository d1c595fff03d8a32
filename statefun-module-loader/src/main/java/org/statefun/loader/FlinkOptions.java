package org.statefun.loader;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.statefun.core.config.StatefunOptions;

/**
 * Every {@link ConfigOption} Flink declares on the class path, found by reflection: the static
 * {@code ConfigOption} fields of every class in flink-core's {@code org.apache.flink.configuration}
 * package and of every class named {@code *Options} below {@code org.apache.flink} in the jars of
 * the class path (runtime, streaming, state backends, connectors), plus statefun's own options.
 * Fallback and deprecated keys count as known. Table API option classes are left out: their keys
 * are connector properties, not configuration keys.
 */
final class FlinkOptions {

  /**
   * Key prefixes whose keys Flink, its plugins or statefun read as open maps: any key below them is
   * accepted. File system plugins (s3, gs, azure, hadoop) and deployment integrations (kubernetes,
   * yarn) read keys that no option class on the local class path declares.
   */
  static final List<String> OPEN_PREFIXES =
      List.of(
          "metrics.reporter.",
          "env.java.opts.",
          "statefun.module.global-config.",
          "pipeline.global-job-parameters.",
          "containerized.master.env.",
          "containerized.taskmanager.env.",
          "fs.",
          "s3.",
          "s3a.",
          "presto.s3.",
          "gs.",
          "azure.",
          "flink.hadoop.",
          "hadoop.",
          "kubernetes.",
          "yarn.");

  /**
   * One declared option.
   *
   * @param option the option
   * @param valueType the {@code T} of its {@code ConfigOption<T>} field, e.g. {@code Duration}
   */
  record Declared(ConfigOption<?> option, Type valueType) {}

  private static final class Holder {
    static final FlinkOptions INSTANCE = scan(FlinkOptions.class.getClassLoader());
  }

  private final Map<String, Declared> byKey;
  private final Set<String> primaryKeys;
  private final Set<String> mapKeys;

  private FlinkOptions(Map<String, Declared> byKey, Set<String> primaryKeys, Set<String> mapKeys) {
    this.byKey = Collections.unmodifiableMap(byKey);
    this.primaryKeys = Collections.unmodifiableSet(primaryKeys);
    this.mapKeys = Collections.unmodifiableSet(mapKeys);
  }

  /** The options of this JVM's class path, scanned once. */
  static FlinkOptions get() {
    return Holder.INSTANCE;
  }

  /** The option declared with {@code key} as its key or as a fallback (or deprecated) key. */
  Optional<Declared> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /**
   * Whether Flink or statefun reads {@code key}: a declared key, a key of a map option, or an open
   * prefix.
   */
  boolean isKnown(String key) {
    if (byKey.containsKey(key) || OPEN_PREFIXES.stream().anyMatch(key::startsWith)) {
      return true;
    }
    // Map options also read "key.entry: value" (e.g. pipeline.global-job-parameters.x).
    for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
      if (mapKeys.contains(key.substring(0, dot))) {
        return true;
      }
    }
    return false;
  }

  /** The current keys of all options (not fallback keys), for did-you-mean hints. */
  Set<String> primaryKeys() {
    return primaryKeys;
  }

  static FlinkOptions scan(ClassLoader loader) {
    Set<String> classNames = new TreeSet<>();
    for (Path jar : jars()) {
      classNames.addAll(optionClassNames(jar));
    }
    Map<String, Declared> byKey = new HashMap<>();
    Set<String> primaryKeys = new TreeSet<>();
    Set<String> mapKeys = new TreeSet<>();
    List<Class<?>> holders = new ArrayList<>();
    holders.add(StatefunOptions.class);
    for (String name : classNames) {
      try {
        holders.add(Class.forName(name, false, loader));
      } catch (ClassNotFoundException | LinkageError e) {
        // a class whose dependencies are not on the class path declares nothing we can use
      }
    }
    for (Class<?> holder : holders) {
      for (Declared declared : declaredIn(holder)) {
        ConfigOption<?> option = declared.option();
        primaryKeys.add(option.key());
        byKey.putIfAbsent(option.key(), declared);
        for (FallbackKey fallback : option.fallbackKeys()) {
          byKey.putIfAbsent(fallback.getKey(), declared);
        }
        if (declared.valueType() instanceof ParameterizedType p && p.getRawType() == Map.class) {
          mapKeys.add(option.key());
        }
      }
    }
    return new FlinkOptions(byKey, primaryKeys, mapKeys);
  }

  /**
   * The static ConfigOption fields of {@code holder}; the class is initialized only if it has some.
   */
  private static List<Declared> declaredIn(Class<?> holder) {
    List<Declared> declared = new ArrayList<>();
    try {
      for (Field field : holder.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())
            && field.getType() == ConfigOption.class
            && field.trySetAccessible()
            && field.get(null) instanceof ConfigOption<?> option) {
          Type type =
              field.getGenericType() instanceof ParameterizedType p
                  ? p.getActualTypeArguments()[0]
                  : Object.class;
          declared.add(new Declared(option, type));
        }
      }
    } catch (IllegalAccessException | RuntimeException | LinkageError e) {
      // an option class that cannot be initialized here contributes nothing
    }
    return declared;
  }

  /** The jars of the class path, and those holding Flink's configuration and streaming classes. */
  private static Set<Path> jars() {
    Set<Path> jars = new LinkedHashSet<>();
    for (String entry :
        System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (entry.endsWith(".jar")) {
        jars.add(Path.of(entry));
      }
    }
    jarOf(ConfigOption.class).ifPresent(jars::add);
    jarOf(StreamExecutionEnvironment.class).ifPresent(jars::add);
    return jars;
  }

  private static Optional<Path> jarOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    try {
      return source == null || source.getLocation() == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()))
              .filter(p -> p.toString().endsWith(".jar"));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> optionClassNames(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.startsWith("org/apache/flink/")
            && name.endsWith(".class")
            && !name.contains("$")
            && !name.startsWith("org/apache/flink/shaded/")
            && !name.contains("/table/")
            && (name.lastIndexOf('/') == "org/apache/flink/configuration".length()
                    && name.startsWith("org/apache/flink/configuration/")
                || name.endsWith("Options.class"))) {
          names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    } catch (IOException e) {
      // an unreadable jar contributes nothing
    }
    return names;
  }
}
