package org.statefun.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Every check statefun makes on a job's configuration, in one place, each returning one message per
 * problem (empty when there is none):
 *
 * <ul>
 *   <li>{@link #unknownStatefunKeys}: {@code statefun.*} keys that are not {@link StatefunOptions},
 *       with a did-you-mean hint. The loader runs it at start-up, before modules load.
 *   <li>{@link #unsupportedSettings}: settings under which the function loop cannot work. The
 *       translator runs it before it adds the first operator.
 * </ul>
 *
 * Callers decide how to fail: the loader with a start-up error next to its own option checks, the
 * translator with a {@code TranslationException}.
 */
public final class ConfigurationValidator {
  private ConfigurationValidator() {}

  /** RocksDB's timer option; read by key so that core does not depend on the RocksDB backend. */
  static final ConfigOption<String> ROCKSDB_TIMER_SERVICE =
      ConfigOptions.key("state.backend.rocksdb.timer-service.factory")
          .stringType()
          .noDefaultValue();

  /**
   * One message per {@code statefun.*} key (in key order) that is neither an option of {@link
   * StatefunOptions} nor a global module config entry, so that a misspelled option fails instead of
   * being ignored.
   */
  public static List<String> unknownStatefunKeys(ReadableConfig config) {
    Set<String> known = new TreeSet<>();
    StatefunOptions.ALL.forEach(option -> known.add(option.key()));
    List<String> unknown = new ArrayList<>();
    for (String key : new TreeSet<>(config.toMap().keySet())) {
      if (key.startsWith("statefun.")
          && !key.startsWith(StatefunOptions.GLOBAL_CONFIG_PREFIX)
          && !known.contains(key)) {
        String hint = DidYouMean.hint(key, known);
        unknown.add(
            "unknown option '"
                + key
                + "'"
                + (hint.isEmpty() ? "; statefun options: " : hint + " Statefun options: ")
                + String.join(", ", known)
                + ", "
                + StatefunOptions.GLOBAL_CONFIG_PREFIX
                + "<key>");
      }
    }
    return unknown;
  }

  /**
   * One message per setting under which the loop would lose or stall messages, or never run: BATCH
   * mode, unaligned checkpoints, RocksDB with heap timers, and statefun counts below 1.
   *
   * @throws IllegalArgumentException when one of these options has a value that cannot be parsed
   *     (the loader reports those before; Flink would fail on them anyway)
   */
  public static List<String> unsupportedSettings(ReadableConfig config) {
    List<String> problems = new ArrayList<>();
    if (config.get(ExecutionOptions.RUNTIME_MODE) == RuntimeExecutionMode.BATCH) {
      problems.add(
          "execution.runtime-mode is BATCH, but stateful functions message each other in a loop,"
              + " which only runs in STREAMING mode; remove the option or set it to STREAMING");
    }
    if (config.get(CheckpointingOptions.ENABLE_UNALIGNED)) {
      problems.add(
          "execution.checkpointing.unaligned.enabled is true, but messages in the function loop are"
              + " only checkpointed exactly once with aligned checkpoints; set it to false");
    }
    String backend = config.get(StateBackendOptions.STATE_BACKEND);
    String timers = config.get(ROCKSDB_TIMER_SERVICE);
    if (backend != null
        && backend.toLowerCase(Locale.ROOT).contains("rocksdb")
        && "heap".equalsIgnoreCase(timers)) {
      problems.add(
          ROCKSDB_TIMER_SERVICE.key()
              + " is HEAP, but with RocksDB the loop head writes in-flight messages into raw keyed"
              + " state, where heap timers would also have to go; remove the option or set it to"
              + " ROCKSDB");
    }
    atLeastOne(config, StatefunOptions.ASYNC_MAX_PER_TASK, problems);
    atLeastOne(config, StatefunOptions.DISPATCH_BATCH_SIZE, problems);
    return problems;
  }

  private static void atLeastOne(
      ReadableConfig config, ConfigOption<Integer> option, List<String> problems) {
    int value = config.get(option);
    if (value < 1) {
      problems.add(option.key() + " must be at least 1, got " + value);
    }
  }
}
