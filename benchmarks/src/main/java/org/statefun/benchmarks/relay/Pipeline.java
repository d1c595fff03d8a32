package org.statefun.benchmarks.relay;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** One way of running the relay logic on Flink. */
interface Pipeline {

  /** Short name for the results table. */
  String name();

  /**
   * Adds the job to {@code env}: {@code records} source records, each leading to exactly one egress
   * record counted by a {@link CountingSink}; calls {@link Probe#markIngress()} per source record.
   */
  void define(StreamExecutionEnvironment env, long records);
}
