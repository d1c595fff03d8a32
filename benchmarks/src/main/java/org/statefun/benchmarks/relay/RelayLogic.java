package org.statefun.benchmarks.relay;

import java.io.Serializable;

/**
 * The addressing both pipelines share, so they compute exactly the same thing: record {@code i}
 * goes to instance {@code i % ids} of the first stage, which passes it on to {@code fanOut}
 * consecutive instances, starting at a scrambled one, of the second stage (so most hops change
 * subtask, as real function-to-function traffic does). Every second-stage instance emits one egress
 * record per message, so {@code n} source records make {@code n * fanOut} egress records.
 *
 * @param ids distinct instances per stage
 * @param fanOut second-stage instances each first-stage invocation sends to, at most {@code ids}
 */
record RelayLogic(long ids, int fanOut) implements Serializable {

  /** 10,000 instances per stage, one message per hop: the relay benchmark's figures of record. */
  static final RelayLogic DEFAULT = new RelayLogic(10_000, 1);

  /** Keeps {@code id * 31} far from overflowing. */
  static final long MAX_IDS = 1L << 40;

  RelayLogic {
    if (ids < 1 || ids > MAX_IDS || fanOut < 1 || fanOut > ids) {
      throw new IllegalArgumentException(
          "need 1 <= fan-out <= ids, got ids " + ids + ", fan-out " + fanOut);
    }
  }

  /** The first-stage instance of source record {@code value}. */
  long firstHop(long value) {
    return value % ids;
  }

  /**
   * The {@code j}-th ({@code 0 <= j < fanOut}) second-stage instance first-stage instance {@code
   * id} sends to. For {@code j = 0} a permutation of {@code [0, ids)} (when {@code ids} is not a
   * multiple of 31); the {@code fanOut} targets of one {@code id} are distinct.
   */
  long secondHop(long id, int j) {
    return (id * 31 + 7 + j) % ids;
  }

  /** Egress records (and second-stage invocations) {@code records} source records make. */
  long egressRecords(long records) {
    return records * fanOut;
  }
}
