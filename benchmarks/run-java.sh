#!/usr/bin/env bash
# Runs a benchmark main class: benchmarks/run-java.sh <main class> [args...]
# Builds the benchmark (quietly) when it is missing or older than the sources, then runs it.
# JAVA_OPTS overrides the JVM flags (e.g. to add JFR).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

jar="benchmarks/target/statefun-benchmarks-0.1.0-SNAPSHOT.jar"
classpath_file="benchmarks/target/classpath.txt"

stale() {
  [[ ! -f "$jar" || ! -f "$classpath_file" ]] && return 0
  # Any source or POM newer than the jar (the runtime changes under the benchmark too).
  [[ -n "$(find pom.xml statefun-core/pom.xml statefun-core/src/main benchmarks/pom.xml benchmarks/src \
          -newer "$jar" -type f -print -quit)" ]]
}

if stale; then
  echo "building the benchmark (mvn package -pl benchmarks -am) ..." >&2
  # In the reactor, statefun-core resolves to its freshly built jar; each module writes its own
  # target/classpath.txt.
  mvn -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile=target/classpath.txt >&2
fi

# A fixed heap makes peak-heap figures comparable between runs and machines.
main_class="$1"
shift
exec java ${JAVA_OPTS:--Xms2g -Xmx2g} \
  -cp "$jar:$(cat "$classpath_file")" \
  "$main_class" "$@"
