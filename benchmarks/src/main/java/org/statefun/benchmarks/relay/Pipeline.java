package org.statefun.benchmarks.relay;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One way of running the relay logic on Flink. */
interface Pipeline {

  /** Short name for the results table. */
  String name();

  /**
   * Adds the job to {@code env}: {@code records} source records, leading to exactly {@link
   * #egressRecords(long)} egress records counted by a {@link CountingSink}; calls {@link
   * Probe#markIngress()} per source record.
   */
  void define(StreamExecutionEnvironment env, long records);

  /** The egress records {@code records} source records must lead to. */
  long egressRecords(long records);
}
