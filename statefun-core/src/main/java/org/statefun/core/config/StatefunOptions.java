package org.statefun.core.config;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

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
}
