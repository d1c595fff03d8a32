package org.statefun.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.junit.jupiter.api.Test;

class ConfigurationValidatorTest {

  private static final String OPTIONS =
      "statefun.async.max-per-task, statefun.dispatch.batch-size, statefun.dispatch.queue.memory.size,"
          + " statefun.feedback.memory.size, statefun.module.global-config.<key>";

  private static Configuration of(String... keysAndValues) {
    Configuration config = new Configuration();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      config.setString(keysAndValues[i], keysAndValues[i + 1]);
    }
    return config;
  }

  @Test
  void allListsEveryOptionOfStatefunOptions() throws IllegalAccessException {
    List<ConfigOption<?>> declared = new ArrayList<>();
    for (Field field : StatefunOptions.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == ConfigOption.class) {
        declared.add((ConfigOption<?>) field.get(null));
      }
    }
    assertThat(StatefunOptions.ALL).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void statefunOptionsGlobalConfigAndOtherKeysAreKnown() {
    Configuration config =
        of(
            "statefun.async.max-per-task", "8",
            "statefun.dispatch.batch-size", "10",
            "statefun.dispatch.queue.memory.size", "8 mb",
            "statefun.feedback.memory.size", "8 mb",
            "statefun.module.global-config.anything.at.all", "x",
            "parallelism.default", "2",
            "no.such.flink.option", "y");
    assertThat(ConfigurationValidator.unknownStatefunKeys(config)).isEmpty();
  }

  @Test
  void aMisspelledStatefunKeyGetsTheClosestOptionAndTheList() {
    assertThat(ConfigurationValidator.unknownStatefunKeys(of("statefun.asnyc.max-per-task", "5")))
        .containsExactly(
            "unknown option 'statefun.asnyc.max-per-task'; did you mean 'statefun.async.max-per-task'?"
                + " Statefun options: "
                + OPTIONS);
  }

  @Test
  void anUnknownStatefunKeyWithNothingCloseGetsTheList() {
    assertThat(ConfigurationValidator.unknownStatefunKeys(of("statefun.colour", "red")))
        .containsExactly("unknown option 'statefun.colour'; statefun options: " + OPTIONS);
  }

  @Test
  void everyUnknownStatefunKeyIsReportedInKeyOrder() {
    assertThat(
            ConfigurationValidator.unknownStatefunKeys(
                of(
                    "statefun.zeta",
                    "1",
                    "statefun.dispatch.batchsize",
                    "2",
                    "statefun.alpha",
                    "3")))
        .containsExactly(
            "unknown option 'statefun.alpha'; statefun options: " + OPTIONS,
            "unknown option 'statefun.dispatch.batchsize'; did you mean 'statefun.dispatch.batch-size'?"
                + " Statefun options: "
                + OPTIONS,
            "unknown option 'statefun.zeta'; statefun options: " + OPTIONS);
  }

  @Test
  void theDefaultsAndStreamingSettingsAreSupported() {
    assertThat(ConfigurationValidator.unsupportedSettings(new Configuration())).isEmpty();
    assertThat(
            ConfigurationValidator.unsupportedSettings(
                of(
                    "execution.runtime-mode", "STREAMING",
                    "execution.checkpointing.unaligned.enabled", "false",
                    "state.backend.type", "rocksdb",
                    "state.backend.rocksdb.timer-service.factory", "ROCKSDB",
                    "statefun.async.max-per-task", "1",
                    "statefun.dispatch.batch-size", "1")))
        .isEmpty();
    assertThat(
            ConfigurationValidator.unsupportedSettings(
                of(
                    "state.backend.type",
                    "hashmap",
                    "state.backend.rocksdb.timer-service.factory",
                    "HEAP")))
        .as("heap timers are only a problem with RocksDB")
        .isEmpty();
  }

  @Test
  void batchModeIsUnsupported() {
    Configuration config = new Configuration();
    config.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
    assertThat(ConfigurationValidator.unsupportedSettings(config))
        .containsExactly(
            "execution.runtime-mode is BATCH, but stateful functions message each other in a loop,"
                + " which only runs in STREAMING mode; remove the option or set it to STREAMING");
  }

  @Test
  void unalignedCheckpointsAreUnsupported() {
    Configuration config = new Configuration();
    config.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    assertThat(ConfigurationValidator.unsupportedSettings(config))
        .containsExactly(
            "execution.checkpointing.unaligned.enabled is true, but messages in the function loop are"
                + " only checkpointed exactly once with aligned checkpoints; set it to false");
  }

  @Test
  void rocksDbWithHeapTimersIsUnsupportedWhateverTheCase() {
    assertThat(
            ConfigurationValidator.unsupportedSettings(
                of(
                    "state.backend.type",
                    "RocksDB",
                    "state.backend.rocksdb.timer-service.factory",
                    "heap")))
        .containsExactly(
            "state.backend.rocksdb.timer-service.factory is HEAP, but with RocksDB the loop head"
                + " writes in-flight messages into raw keyed state, where heap timers would also have"
                + " to go; remove the option or set it to ROCKSDB");
  }

  @Test
  void countsBelowOneAreUnsupported() {
    assertThat(
            ConfigurationValidator.unsupportedSettings(
                of("statefun.async.max-per-task", "0", "statefun.dispatch.batch-size", "-5")))
        .containsExactly(
            "statefun.async.max-per-task must be at least 1, got 0",
            "statefun.dispatch.batch-size must be at least 1, got -5");
  }

  @Test
  void everyUnsupportedSettingIsReportedInAFixedOrder() {
    assertThat(
            ConfigurationValidator.unsupportedSettings(
                of(
                    "statefun.dispatch.batch-size", "0",
                    "state.backend.type", "rocksdb",
                    "state.backend.rocksdb.timer-service.factory", "HEAP",
                    "execution.checkpointing.unaligned.enabled", "true",
                    "execution.runtime-mode", "BATCH")))
        .extracting(problem -> problem.substring(0, problem.indexOf(' ')))
        .containsExactly(
            "execution.runtime-mode",
            "execution.checkpointing.unaligned.enabled",
            "state.backend.rocksdb.timer-service.factory",
            "statefun.dispatch.batch-size");
  }

  @Test
  void aValueThatCannotBeParsedIsLeftToWhoeverParsesTheConfiguration() {
    assertThatThrownBy(
            () ->
                ConfigurationValidator.unsupportedSettings(
                    of("statefun.async.max-per-task", "many")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
