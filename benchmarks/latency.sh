#!/usr/bin/env bash
# The latency benchmark: end-to-end latency of the statefun relay and of the plain Flink job at a fixed
# input rate (parallelism 2, hashmap state, checkpoint every 1 s; the first 5 s of each run are warm-up).
#   benchmarks/latency.sh [rate msgs/s, default 50000] [seconds, default 30]
# Its last line is: RESULT relay_p50_ms=<x> relay_p99_ms=<x> plain_p50_ms=<x> plain_p99_ms=<x>
# JAVA_OPTS overrides the JVM flags (e.g. to add JFR).
exec "$(dirname "$0")/run-java.sh" org.statefun.benchmarks.relay.LatencyBenchmark "$@"
