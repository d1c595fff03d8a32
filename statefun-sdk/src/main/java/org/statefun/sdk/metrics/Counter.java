package org.statefun.sdk.metrics;

/**
 * A counter of a function type, from {@link Metrics#counter(String)}. Only use it on the thread
 * that invokes the function (during an invocation, or in code it calls directly): counters are not
 * thread-safe, which keeps them as cheap as a field increment.
 */
public interface Counter {

  /** Adds one. */
  void inc();

  /** Adds {@code n} (which may be negative). */
  void inc(long n);

  /** Subtracts one. */
  void dec();

  /** Subtracts {@code n}. */
  void dec(long n);

  /** The current count. */
  long count();
}
