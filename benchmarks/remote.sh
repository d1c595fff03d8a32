#!/usr/bin/env bash
# The remote relay benchmark: the relay with both functions served over HTTP by the official StateFun Java SDK
# (in the same JVM, on localhost) next to the embedded relay.
#   benchmarks/remote.sh [records, default 1000000] [warm-up records]
# Its last line is: RESULT remote_msgs_per_s=<n> embedded_msgs_per_s=<n> ratio=<remote/embedded>
# JAVA_OPTS overrides the JVM flags (e.g. to add JFR).
if [[ $# -eq 0 ]]; then
  set -- 1000000
fi
exec "$(dirname "$0")/run-java.sh" org.statefun.benchmarks.relay.RemoteBenchmark "$@"
