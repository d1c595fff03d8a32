package org.statefun.benchmarks.relay;

/**
 * The addressing both pipelines share, so they compute exactly the same thing: record {@code i}
 * goes to instance {@code i % IDS} of the first stage, which passes it on to a scrambled instance
 * of the second stage (so most hops change subtask, as real function-to-function traffic does).
 */
final class RelayLogic {

  /** Distinct instances per stage. */
  static final long IDS = 10_000;

  private RelayLogic() {}

  /** The first-stage instance of source record {@code value}. */
  static long firstHop(long value) {
    return value % IDS;
  }

  /** The second-stage instance a first-stage instance {@code id} sends to. */
  static long secondHop(long id) {
    return (id * 31 + 7) % IDS;
  }
}
