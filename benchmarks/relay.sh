#!/usr/bin/env bash
# The relay benchmark: statefun relay vs the same logic as a plain Flink job.
#   benchmarks/relay.sh [records] [warm-up records]
# Its last line is: RESULT relay_msgs_per_s=<n> plain_msgs_per_s=<n> ratio=<relay/plain>
# JAVA_OPTS overrides the JVM flags (e.g. to add JFR).
exec "$(dirname "$0")/run-java.sh" org.statefun.benchmarks.relay.RelayBenchmark "$@"
