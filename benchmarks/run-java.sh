#!/usr/bin/env bash
# Runs a benchmark main class: benchmarks/run-java.sh <main class> [args...]
# Builds the benchmark (quietly, bin/build-if-stale.sh) when it is missing or older than the sources, then
# runs it.
# JAVA_OPTS overrides the JVM flags (e.g. to add JFR).
set -euo pipefail
if [[ $# -lt 1 ]]; then
  echo "usage: benchmarks/run-java.sh <main class> [args...]" >&2
  exit 2
fi
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

jar="benchmarks/target/statefun-benchmarks-0.1.0-SNAPSHOT.jar"
classpath_file="benchmarks/target/classpath.txt"

# Any source or POM newer than the jar rebuilds it (the runtime changes under the benchmark too). In the
# reactor, statefun-core resolves to its freshly built jar; each module writes its own target/classpath.txt.
bin/build-if-stale.sh --what "the benchmark" --stamp "$jar" --output "$classpath_file" \
  --source pom.xml --source 'statefun-core/pom.xml' --source 'statefun-core/src/main' \
  --source 'statefun-sdk/pom.xml' --source 'statefun-sdk/src/main' \
  --source 'statefun-remote/pom.xml' --source 'statefun-remote/src/main' \
  --source benchmarks/pom.xml --source benchmarks/src \
  -- -pl benchmarks -am package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt

# A fixed heap makes peak-heap figures comparable between runs and machines.
main_class="$1"
shift
exec java ${JAVA_OPTS:--Xms2g -Xmx2g} \
  -cp "$jar:$(cat "$classpath_file")" \
  "$main_class" "$@"
