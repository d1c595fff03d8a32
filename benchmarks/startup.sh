#!/usr/bin/env bash
# The start-up benchmark: how long a warm `bin/statefun run` takes from the command to the first
# greeting of a one-module greeter (4 names, a file ingress, a print egress), and where that time goes.
#   benchmarks/startup.sh [runs per variant, default 5]
# Each run starts with --fresh state on a free web UI port. Runs alternate between the class-data
# archive bin/statefun records after a build (statefun-distribution/target/statefun-classes.jsa) and
# the JDK's default archive only (JAVA_OPTS=-Xshare:auto), after one unmeasured run of each.
# Phases, from the run's log (bin/statefun's log4j timestamps, ms):
#   script    the command until the JVM starts (bash, the stale-build check)
#   load      JVM start until the modules are loaded and the summary printed
#   cluster   until the embedded Flink cluster has started
#   deploy    until the job's tasks run
#   first     until the first greeting is printed
# Its last line is: RESULT archive_ms=<median> no_archive_ms=<median> ratio=<archive/no archive>
set -euo pipefail
runs="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t statefun-startup.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# The greeter module of bin/statefun's class recording: the jar of examples/greeter.
greeter="$root/examples/greeter/target/greeter.jar"
mkdir -p "$work/modules/greeter"
cat >"$work/modules/greeter/module.yaml" <<'YAML'
version: 1
functions: [{ type: demo/greeter, class: org.statefun.examples.greeter.GreeterFn }]
ingresses: [{ id: demo/names, kind: file, spec: { path: names.txt } }]
routers: [{ ingress: demo/names, target: demo/greeter, id: value }]
egresses: [{ id: demo/greetings, kind: print }]
YAML
printf '%s\n' Alice Bob Carol Alice >"$work/modules/greeter/names.txt"

# Builds what is stale and records the class archive; then the greeter jar exists.
"$root/bin/statefun" validate --modules "$root/modules" >/dev/null
cp "$greeter" "$work/modules/greeter/"

millis() { date -d "$1" +%s%3N; }

# The log4j timestamp (as epoch ms) of the first log line matching $2 in log $1.
logged_at() {
  local line
  line="$(grep -m1 -e "$2" "$1" || true)"
  [[ -n "$line" ]] || { echo "startup.sh: no line matching '$2' in $1" >&2; exit 1; }
  millis "$(cut -c1-23 <<<"$line" | tr ',' '.')"
}

# One run; prints: total script load cluster deploy first (ms).
run_once() {
  local log_dir="$work/log-$1"
  rm -rf "$log_dir" "$work/state"
  local started line first=""
  started="$(date +%s%3N)"
  coproc RUN {
    cd "$work"
    STATEFUN_LOG_DIR="$log_dir" exec "$root/bin/statefun" run --modules modules --fresh \
      --state-dir state -Drest.port=0 2>&1
  }
  local pid="$RUN_PID"
  while IFS= read -r line <&"${RUN[0]}"; do
    if [[ "$line" == Hello* ]]; then
      first="$(date +%s%3N)"
      break
    fi
  done
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ -n "$first" ]] || { echo "startup.sh: the run printed no greeting (logs in $log_dir)" >&2; exit 1; }
  local log
  log="$(ls -1t "$log_dir"/statefun-run-*.log | head -1)"
  local jvm loaded cluster running
  jvm="$(millis "$(grep -m1 -o 'startup: JVM started at .*' "$log" | cut -d' ' -f5)")"
  loaded="$(logged_at "$log" 'startup: modules loaded')"
  cluster="$(logged_at "$log" 'Flink Mini Cluster started successfully')"
  running="$(logged_at "$log" 'switched from state CREATED to RUNNING')"
  echo "$((first - started)) $((jvm - started)) $((loaded - jvm)) $((cluster - loaded)) $((running - cluster)) $((first - running))"
}

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

JAVA_OPTS="${JAVA_OPTS:-}" run_once warm-archive >/dev/null
JAVA_OPTS="-Xshare:auto ${JAVA_OPTS:-}" run_once warm-plain >/dev/null

printf '%-12s %4s %8s %8s %8s %8s %8s %8s\n' variant run total script load cluster deploy first
: >"$work/archive.txt"
: >"$work/plain.txt"
for ((i = 1; i <= runs; i++)); do
  result="$(JAVA_OPTS="${JAVA_OPTS:-}" run_once "archive-$i")"
  echo "$result" >>"$work/archive.txt"
  printf '%-12s %4d %8s %8s %8s %8s %8s %8s\n' archive "$i" $result
  result="$(JAVA_OPTS="-Xshare:auto ${JAVA_OPTS:-}" run_once "plain-$i")"
  echo "$result" >>"$work/plain.txt"
  printf '%-12s %4d %8s %8s %8s %8s %8s %8s\n' no-archive "$i" $result
done

echo "medians (ms):"
for variant in archive plain; do
  row=""
  for column in 1 2 3 4 5 6; do
    row+="$(cut -d' ' -f"$column" "$work/$variant.txt" | median) "
  done
  printf '%-12s %4s %8s %8s %8s %8s %8s %8s\n' "$variant" "" $row
done
archive="$(cut -d' ' -f1 "$work/archive.txt" | median)"
plain="$(cut -d' ' -f1 "$work/plain.txt" | median)"
echo "RESULT archive_ms=$archive no_archive_ms=$plain ratio=$(awk -v a="$archive" -v p="$plain" 'BEGIN { printf "%.2f", a / p }')"
