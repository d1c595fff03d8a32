#!/usr/bin/env bash
# What checkpointing costs the relay: the statefun relay with a checkpoint every second vs none,
# and the same for the plain Flink pipeline as the baseline.
#   benchmarks/checkpoint-cost.sh [records] [warm-up records]
# Its last line is:
#   RESULT checkpointed_msgs_per_s=<n> unchecked_msgs_per_s=<n> ratio=<checkpointed/unchecked> plain_ratio=<the same, plain>
exec "$(dirname "$0")/run-java.sh" org.statefun.benchmarks.relay.CheckpointCostBenchmark "$@"
