package org.statefun.core.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** The {@code statefun.*} options, read from the Flink configuration of the job. */
public final class StatefunOptions {
  private StatefunOptions() {}

  /**
   * In-flight async operations per subtask. When reached, the subtask stops taking new input until
   * operations complete; results and timers keep being processed.
   */
  public static final ConfigOption<Integer> ASYNC_MAX_PER_TASK =
      ConfigOptions.key("statefun.async.max-per-task")
          .intType()
          .defaultValue(1024)
          .withDescription(
              "Maximum number of in-flight async operations per subtask before its input is"
                  + " backpressured.");

  /**
   * Memory per subtask for loop messages logged while a checkpoint is open; beyond it they spill
   * to Flink's temporary directories.
   */
  public static final ConfigOption<MemorySize> FEEDBACK_MEMORY_SIZE =
      ConfigOptions.key("statefun.feedback.memory.size")
          .memoryType()
          .defaultValue(MemorySize.ofMebiBytes(32))
          .withDescription(
              "In-memory budget per subtask for loop messages logged into an open checkpoint;"
                  + " the rest spills to disk.");
}
