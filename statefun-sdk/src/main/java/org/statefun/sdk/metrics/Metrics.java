package org.statefun.sdk.metrics;

/**
 * The user metrics of one function type, from {@link org.statefun.sdk.Context#metrics()}. Metrics
 * are scoped to the function type and the worker (Flink subtask) that runs it: every worker of a
 * type has its own counter of a given name, and the runtime reports each through Flink's metric
 * system (every configured reporter, the web UI and the REST API) next to the runtime's own metrics
 * of the type.
 *
 * <p>Ask for a counter once (e.g. on the first invocation) and keep it: the same name always
 * returns the same counter, but the lookup costs more than the increment.
 */
public interface Metrics {

  /**
   * The counter called {@code name} of this function type, created on first use.
   *
   * @param name letters, digits, '_', '-' and '.'; not empty
   * @throws IllegalArgumentException when {@code name} is empty or has other characters
   */
  Counter counter(String name);
}
