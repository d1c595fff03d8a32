package org.statefun.core.config;

import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/** The {@code statefun.*} options, read from the Flink configuration of the job. */
public final class StatefunOptions {
  private StatefunOptions() {}

  /**
   * Keys with this prefix are not options: each entry reaches every Java module's {@code
   * configure}, without the prefix.
   */
  public static final String GLOBAL_CONFIG_PREFIX = "statefun.module.global-config.";

  /**
   * In-flight async operations per subtask. When reached, the subtask runs no further invocations
   * and takes no new ingress records until operations complete; results and timers keep being
   * processed.
   */
  public static final ConfigOption<Integer> ASYNC_MAX_PER_TASK =
      ConfigOptions.key("statefun.async.max-per-task")
          .intType()
          .defaultValue(1024)
          .withDescription(
              "Maximum number of in-flight async operations per subtask; at the limit the subtask"
                  + " pauses its invocations and backpressures its ingresses.");

  /**
   * Invocations a subtask runs in one go before it hands its thread back to Flink (checkpoint
   * barriers, timers, async results, cancellation), so a message cycle cannot capture the task.
   */
  public static final ConfigOption<Integer> DISPATCH_BATCH_SIZE =
      ConfigOptions.key("statefun.dispatch.batch-size")
          .intType()
          .defaultValue(1000)
          .withDescription(
              "Function invocations a subtask runs before it yields its thread to checkpoints,"
                  + " timers and other work, an invocation counting as the messages it sends (at"
                  + " least 1); also the backlog of queued messages above which it holds back new"
                  + " ingress records.");

  /**
   * Memory per subtask for messages waiting for their function beyond the first few thousand;
   * beyond it they spill to Flink's temporary directories.
   */
  public static final ConfigOption<MemorySize> DISPATCH_QUEUE_MEMORY_SIZE =
      ConfigOptions.key("statefun.dispatch.queue.memory.size")
          .memoryType()
          .noDefaultValue()
          .withDescription(
              "In-memory budget per subtask for queued messages (serialized); the rest spills to"
                  + " disk. Default: 1/32 of the TaskManager's heap, between 4 MB and 64 MB.");

  /**
   * Memory per subtask for loop messages logged while a checkpoint is open; beyond it they spill to
   * Flink's temporary directories.
   */
  public static final ConfigOption<MemorySize> FEEDBACK_MEMORY_SIZE =
      ConfigOptions.key("statefun.feedback.memory.size")
          .memoryType()
          .noDefaultValue()
          .withDescription(
              "In-memory budget per subtask for loop messages logged into an open checkpoint;"
                  + " the rest spills to disk. Default: 1/32 of the TaskManager's heap, between 4 MB"
                  + " and 64 MB.");

  /**
   * Every option above: the {@code statefun.*} keys a configuration may set besides global config.
   */
  public static final List<ConfigOption<?>> ALL =
      List.of(
          ASYNC_MAX_PER_TASK,
          DISPATCH_BATCH_SIZE,
          DISPATCH_QUEUE_MEMORY_SIZE,
          FEEDBACK_MEMORY_SIZE);
}
