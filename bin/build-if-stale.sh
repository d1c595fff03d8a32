#!/usr/bin/env bash
# Runs a quiet Maven build of this repository when its outputs are missing or older than its sources.
# Shared by bin/statefun (the runtime and the example modules) and benchmarks/run-java.sh (a benchmark).
#
#   bin/build-if-stale.sh --what TEXT --stamp FILE [--output PATTERN]... [--source PATH]... -- MAVEN_ARGS...
#
#   --what TEXT       what is built, for the one line printed before building
#   --stamp FILE      an output of the build; the build is stale when a source file, or a source directory
#                     (a file was added, removed or renamed in it), is newer than it.
#                     It is touched after each build (Maven leaves an up-to-date jar untouched)
#   --output PATTERN  another output that must exist (a glob, relative to the repository root)
#   --source PATTERN  files or directories (a glob, relative to the root) whose files the outputs are
#                     built from; a PATTERN that matches nothing is skipped
#   MAVEN_ARGS        the arguments for mvn, run in the repository root with -B
#
# Prints nothing when the outputs are up to date. On a failed build, prints the end of Maven's log and
# its path, and exits 1.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
  echo "usage: bin/build-if-stale.sh --what TEXT --stamp FILE [--output PATTERN]... [--source PATTERN]... -- MAVEN_ARGS..." >&2
  exit 2
}

what=""
stamp=""
outputs=()
sources=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --what | --stamp | --output | --source)
      [[ $# -ge 2 ]] || usage
      case "$1" in
        --what) what="$2" ;;
        --stamp) stamp="$2" ;;
        --output) outputs+=("$2") ;;
        --source) sources+=("$2") ;;
      esac
      shift 2
      ;;
    --)
      shift
      break
      ;;
    *) usage ;;
  esac
done
[[ -n "$what" && -n "$stamp" && $# -gt 0 ]] || usage
maven_args=("$@")

cd "$ROOT"

stale() {
  [[ -f "$stamp" ]] || return 0
  local pattern
  for pattern in "${outputs[@]+"${outputs[@]}"}"; do
    compgen -G "$pattern" >/dev/null || return 0
  done
  local existing=() path
  for pattern in "${sources[@]+"${sources[@]}"}"; do
    while IFS= read -r path; do
      existing+=("$path")
    done < <(compgen -G "$pattern" || true)
  done
  ((${#existing[@]})) || return 1
  [[ -n "$(find "${existing[@]}" -newer "$stamp" -print -quit)" ]]
}

stale || exit 0

echo "statefun: building $what (mvn ${maven_args[*]}, quietly)..." >&2
log="$(mktemp -t statefun-build.XXXXXX)"
if ! mvn -B -Dstyle.color=never "${maven_args[@]}" >"$log" 2>&1; then
  tail -n 40 "$log" >&2
  echo "statefun: the Maven build failed (full log: $log)" >&2
  exit 1
fi
rm -f "$log"
touch "$stamp"
