package org.statefun.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The command line of the universal job.
 *
 * @param modules the modules directory ({@code --modules}, default {@code modules})
 * @param parallelism {@code --parallelism}, if given
 * @param configDirectory {@code --config}, if given
 * @param properties every {@code -Dkey=value}, in order
 * @param stateDirectory {@code --state-dir}, if given (local runs only)
 * @param fresh whether {@code --fresh} was given: a local run starts with empty state
 * @param allowNonRestoredState whether {@code --allow-non-restored-state} was given
 * @param prometheusPort the port of {@code --metrics prometheus[:PORT]}, if given
 * @param help whether {@code --help} was given
 */
public record JobArguments(
    Path modules,
    OptionalInt parallelism,
    Optional<Path> configDirectory,
    Map<String, String> properties,
    Optional<Path> stateDirectory,
    boolean fresh,
    boolean allowNonRestoredState,
    OptionalInt prometheusPort,
    boolean help) {

  /** The port Flink's Prometheus reporter serves on by default, as in Flink's documentation. */
  public static final int DEFAULT_PROMETHEUS_PORT = 9249;

  /**
   * The help of {@code bin/statefun run} (bin/statefun prints the same Usage line and options, and
   * docs/cli.md tables them; CommandLineHelpIT checks that all three agree).
   */
  public static final String USAGE =
      String.join(
          "\n",
          "Usage: bin/statefun run [--modules DIR] [--parallelism N] [--config DIR] [-Dkey=value ...]",
          "                        [--state-dir DIR] [--fresh] [--allow-non-restored-state]",
          "                        [--metrics prometheus[:PORT]]",
          "",
          "Runs the stateful functions of every module in the modules directory as one Flink job.",
          "",
          "Options (each also as --option=value):",
          "  --modules DIR      the modules directory: one subdirectory per module, holding its",
          "                     module.yaml and/or jars (default: modules)",
          "  --parallelism N    the parallelism of the job (default: parallelism.default, locally the",
          "                     number of CPU cores)",
          "  --config DIR       read Flink and statefun options from DIR/config.yaml (default:",
          "                     ./config.yaml when it exists)",
          "  -Dkey=value        set any Flink or statefun.* option; wins over config.yaml. Options",
          "                     statefun.module.global-config.<k> reach every Java module's configure",
          "  --state-dir DIR    (local runs) keep checkpoints in DIR (default:",
          "                     .statefun/state/<name of the modules directory>-<hash of its path>)",
          "  --fresh            (local runs) start with empty state instead of resuming",
          "  --allow-non-restored-state",
          "                     (local runs) resume even if some saved state matches no function",
          "                     or ingress any more; that state is dropped",
          "  --metrics prometheus[:PORT]",
          "                     serve Flink's metrics (statefun's per function type, ingress and",
          "                     egress metrics among them) for Prometheus on",
          "                     http://localhost:PORT/metrics (default port 9249); see docs/metrics.md",
          "  --help             print this help",
          "",
          "Run outside a Flink cluster, the job starts an embedded one with the web UI on",
          "http://localhost:8081 (set -Drest.port=N to change it). There a failing job restarts at",
          "most 3 times, 1 s apart, unless restart-strategy.type is set; on a cluster, the cluster's",
          "restart strategy applies. On a cluster, pass the same options to statefun-job.jar.",
          "",
          "A local run checkpoints into its state directory (every 5 s unless",
          "execution.checkpointing.interval is set) and stops with a final savepoint on Ctrl-C",
          "(else the last checkpoint stays); the next run of the same modules resumes from it. A",
          "job that ends by itself (only bounded ingresses) leaves no checkpoint behind.");

  /** The options that take a value, which may also be given as {@code --option=value}. */
  private static final Set<String> VALUED =
      Set.of("--modules", "--config", "--parallelism", "--state-dir", "--metrics");

  public JobArguments {
    properties = Map.copyOf(properties);
  }

  /**
   * Parses {@code args}.
   *
   * @throws StartupException with {@link StartupException#USAGE} when they are malformed
   */
  public static JobArguments parse(String... given) {
    // --option=value is --option value; positions[i] is the 1-based position of args[i] in given.
    List<String> split = new ArrayList<>();
    List<Integer> positionList = new ArrayList<>();
    for (int g = 0; g < given.length; g++) {
      String arg = given[g];
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 2 && VALUED.contains(arg.substring(0, equals))) {
        split.add(arg.substring(0, equals));
        positionList.add(g + 1);
        arg = arg.substring(equals + 1);
      } else if (equals > 0 && (arg.startsWith("--help=") || arg.startsWith("-h="))) {
        throw usage(arg.substring(0, equals) + " takes no value");
      }
      split.add(arg);
      positionList.add(g + 1);
    }
    String[] args = split.toArray(String[]::new);
    int[] positions = positionList.stream().mapToInt(Integer::intValue).toArray();
    Path modules = Path.of("modules");
    OptionalInt parallelism = OptionalInt.empty();
    Optional<Path> config = Optional.empty();
    Map<String, String> properties = new LinkedHashMap<>();
    Optional<Path> stateDirectory = Optional.empty();
    boolean fresh = false;
    boolean allowNonRestoredState = false;
    OptionalInt prometheusPort = OptionalInt.empty();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--help", "-h" -> help = true;
        case "--modules" -> modules = Path.of(value(args, ++i, arg));
        case "--config" -> config = Optional.of(Path.of(value(args, ++i, arg)));
        case "--state-dir" -> stateDirectory = Optional.of(Path.of(value(args, ++i, arg)));
        case "--fresh" -> fresh = true;
        case "--allow-non-restored-state" -> allowNonRestoredState = true;
        case "--metrics" -> prometheusPort = OptionalInt.of(metrics(value(args, ++i, arg)));
        case "--parallelism" -> parallelism = OptionalInt.of(positive(value(args, ++i, arg)));
        case "-D" -> property(value(args, ++i, arg), positions[i], properties);
        default -> {
          if (arg.startsWith("-D")) {
            property(arg.substring(2), positions[i], properties);
          } else if (arg.startsWith("-")) {
            // An option's name, but not what follows '=': that may be a value.
            int equals = arg.indexOf('=');
            throw usage(
                "unknown argument '"
                    + (equals < 0 ? arg : arg.substring(0, equals + 1) + "…")
                    + "'");
          } else {
            // Not quoted: a stray value (e.g. the rest of an unquoted -D value with spaces) may be
            // a secret.
            throw usage(
                "unexpected argument "
                    + positions[i]
                    + ", which is not an option (a -D value with spaces needs quotes)");
          }
        }
      }
    }
    if (fresh && allowNonRestoredState) {
      throw usage(
          "--fresh and --allow-non-restored-state exclude each other: --fresh restores nothing");
    }
    return new JobArguments(
        modules,
        parallelism,
        config,
        properties,
        stateDirectory,
        fresh,
        allowNonRestoredState,
        prometheusPort,
        help);
  }

  /** The port of {@code --metrics prometheus[:PORT]}. */
  private static int metrics(String text) {
    if (text.equals("prometheus")) {
      return DEFAULT_PROMETHEUS_PORT;
    }
    if (text.startsWith("prometheus:")) {
      try {
        int port = Integer.parseInt(text.substring("prometheus:".length()));
        if (port >= 1 && port <= 65535) {
          return port;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw usage("--metrics prometheus:PORT needs a port from 1 to 65535, got '" + text + "'");
    }
    throw usage(
        "--metrics takes prometheus or prometheus:PORT (Flink's Prometheus reporter), got '"
            + text
            + "'; other reporters are set with -Dmetrics.reporter.<name>.* (docs/metrics.md)");
  }

  private static String value(String[] args, int index, String option) {
    if (index >= args.length || args[index].isEmpty() || args[index].startsWith("--")) {
      throw usage(option + " needs a value");
    }
    return args[index];
  }

  private static int positive(String text) {
    try {
      int value = Integer.parseInt(text);
      if (value >= 1) {
        return value;
      }
      throw usage("--parallelism must be a whole number of at least 1, got " + value);
    } catch (NumberFormatException e) {
      throw usage("--parallelism must be a whole number of at least 1");
    }
  }

  /** Messages never quote the assignment: without '=' there is no telling key from value. */
  private static void property(String assignment, int position, Map<String, String> properties) {
    int equals = assignment.indexOf('=');
    if (equals <= 0) {
      throw usage(
          "-D needs key=value, but argument "
              + position
              + (equals < 0 ? " has no '='" : " has no key before '='"));
    }
    properties.put(
        assignment.substring(0, equals).strip(), assignment.substring(equals + 1).strip());
  }

  private static StartupException usage(String problem) {
    return new StartupException(problem + "\n\n" + USAGE, StartupException.USAGE);
  }
}
