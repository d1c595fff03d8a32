package org.statefun.core.dispatch;

import java.util.function.LongConsumer;
import org.statefun.sdk.metrics.Metrics;

/**
 * The runtime's metrics of one function type on one subtask, kept in plain fields that the
 * dispatcher increments on its task thread (a field increment per message, nothing looked up by
 * name); {@link DispatchOperator} reports them through Flink's metric system. Resolved once per
 * function type and kept with its {@link LiveFunction}.
 */
final class FunctionMetrics {

  /**
   * One invocation in this many is timed (the first of each run of them), so that timing costs two
   * clock reads per {@value} messages rather than per message.
   */
  static final int TIMED_EVERY = 16;

  /** Invocations: messages from ingresses, functions, delayed messages and async results. */
  long messagesIn;

  /** Messages its functions sent to ids of this subtask (queued here, never serialized). */
  long messagesOutLocal;

  /** Messages its functions sent to ids of other subtasks (through the loop). */
  long messagesOutLoop;

  /** Messages its functions sent to egresses. */
  long messagesOutEgress;

  /** Delayed messages its functions sent that are neither delivered nor cancelled yet. */
  long delayedPending;

  /** Async operations its functions registered that have not completed yet. */
  long asyncInFlight;

  private final LongConsumer invocationTimes;
  private final Metrics user;

  /**
   * @param invocationTimes takes the duration in nanoseconds of each timed invocation
   * @param user the metrics the type's functions get from {@code Context.metrics()}
   */
  FunctionMetrics(LongConsumer invocationTimes, Metrics user) {
    this.invocationTimes = invocationTimes;
    this.user = user;
  }

  /** Metrics that go nowhere, for tests. */
  static FunctionMetrics unreported() {
    return new FunctionMetrics(nanos -> {}, new org.statefun.core.metrics.LocalMetrics());
  }

  /**
   * Counts an invocation; returns the clock reading to time it from, or 0 when this one is not
   * timed.
   */
  long beginInvocation() {
    return (++messagesIn & (TIMED_EVERY - 1)) == 1 ? System.nanoTime() : 0L;
  }

  /** Ends an invocation {@link #beginInvocation()} started at {@code start}. */
  void endInvocation(long start) {
    if (start != 0L) {
      invocationTimes.accept(System.nanoTime() - start);
    }
  }

  Metrics user() {
    return user;
  }
}
