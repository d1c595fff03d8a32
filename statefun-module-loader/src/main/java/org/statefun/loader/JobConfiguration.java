package org.statefun.loader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.statefun.core.config.ConfigurationValidator;
import org.statefun.core.config.StatefunOptions;
import org.statefun.loader.modules.ModuleClassLoader;

/**
 * The job's configuration: {@code config.yaml} (from {@code --config DIR}, else the working
 * directory when it has one), then {@code -Dkey=value}, then {@code --parallelism}. Messages name
 * keys and where they were set, never values.
 */
public final class JobConfiguration {
  private JobConfiguration() {}

  /** Options with this prefix reach every Java module's {@code configure}, without the prefix. */
  public static final String GLOBAL_CONFIG_PREFIX = StatefunOptions.GLOBAL_CONFIG_PREFIX;

  /**
   * Packages that Flink's class loaders always take from their parent, added to {@code
   * classloader.parent-first-patterns.additional}: the runtime's packages, so a module jar can
   * never shadow them. This applies to the embedded cluster; on a Flink cluster set it in its
   * config.yaml.
   */
  /** The reporter {@code --metrics prometheus} configures, under the name {@code prom}. */
  static final String PROMETHEUS_FACTORY_KEY = "metrics.reporter.prom.factory.class";

  static final String PROMETHEUS_PORT_KEY = "metrics.reporter.prom.port";

  /**
   * Off, so that labels keep function types and ingress and egress ids as they are ({@code
   * function="ns/name"}, not {@code ns_name}); Prometheus allows any UTF-8 in label values.
   */
  static final String PROMETHEUS_FILTER_KEY = "metrics.reporter.prom.filterLabelValueCharacters";

  static final String PROMETHEUS_FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  static final List<String> PARENT_FIRST_PATTERNS = ModuleClassLoader.RUNTIME_PACKAGES;

  /** {@link #load(JobArguments, Path, PrintStream)} with warnings on {@code System.err}. */
  public static Configuration load(JobArguments arguments, Path workingDirectory) {
    return load(arguments, workingDirectory, System.err);
  }

  /**
   * Builds the configuration for {@code arguments}. Keys that no Flink option declares get a
   * warning (Flink would ignore them); values that their option cannot parse are errors.
   *
   * @param workingDirectory where a default {@code config.yaml} is looked for
   * @param warnings where warnings about unknown keys go, one line each
   * @throws StartupException when the config directory or file cannot be read, a {@code statefun.*}
   *     key is unknown, or a value cannot be parsed
   */
  public static Configuration load(
      JobArguments arguments, Path workingDirectory, PrintStream warnings) {
    Configuration configuration = new Configuration();
    Path directory = arguments.configDirectory().orElse(workingDirectory);
    Path file = directory.resolve(GlobalConfiguration.FLINK_CONF_FILENAME);
    if (Files.isRegularFile(file)) {
      try {
        configuration.addAll(GlobalConfiguration.loadConfiguration(directory.toString()));
      } catch (RuntimeException e) {
        throw new StartupException(
            "Cannot read " + ConfigFileErrors.describe(file, e), StartupException.INVALID);
      }
    } else if (arguments.configDirectory().isPresent()) {
      throw new StartupException(
          "--config " + directory + ": there is no " + file.getFileName() + " in that directory",
          StartupException.INVALID);
    }
    configuration.addAll(Configuration.fromMap(arguments.properties()));
    Function<String, String> source =
        key -> arguments.properties().containsKey(key) ? "-D" : file.toString();
    FlinkOptions options = FlinkOptions.get();
    FlinkOptionChecks.unknownKeys(configuration, source, options).forEach(warnings::println);
    List<String> problems =
        new ArrayList<>(ConfigurationValidator.unknownStatefunKeys(configuration));
    problems.addAll(FlinkOptionChecks.invalidValues(configuration, source, options));
    if (!problems.isEmpty()) {
      throw new StartupException(String.join("\n", problems), StartupException.INVALID);
    }
    arguments.parallelism().ifPresent(p -> configuration.set(CoreOptions.DEFAULT_PARALLELISM, p));
    arguments
        .prometheusPort()
        .ifPresent(
            port ->
                configuration.addAll(
                    Configuration.fromMap(
                        Map.of(
                            PROMETHEUS_FACTORY_KEY,
                            PROMETHEUS_FACTORY,
                            PROMETHEUS_PORT_KEY,
                            Integer.toString(port),
                            PROMETHEUS_FILTER_KEY,
                            "false"))));
    List<String> parentFirst =
        new ArrayList<>(
            configuration.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL));
    PARENT_FIRST_PATTERNS.stream().filter(p -> !parentFirst.contains(p)).forEach(parentFirst::add);
    configuration.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, parentFirst);
    return configuration;
  }

  /** The {@code statefun.module.global-config.*} entries, without the prefix. */
  public static Map<String, String> globalModuleConfiguration(Configuration configuration) {
    Map<String, String> global = new LinkedHashMap<>();
    configuration
        .toMap()
        .forEach(
            (key, value) -> {
              if (key.startsWith(GLOBAL_CONFIG_PREFIX)) {
                global.put(key.substring(GLOBAL_CONFIG_PREFIX.length()), value);
              }
            });
    return global;
  }
}
