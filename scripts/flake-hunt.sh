#!/usr/bin/env bash
# Runs the browser tests N times in a row under a CPU load of one busy process per
# core, to show they never flake: a test that waits for the wrong thing, or for a
# fixed time, fails here sooner or later.
#   scripts/flake-hunt.sh [N=20] [LOG=/tmp/flake-hunt.log]
# One line per run in LOG (counts, seconds, load average), then the ids of any
# failing test; each run's full output is kept beside it (LOG.<run>). Exits 1 if
# any run had a failure or an error. The whole script is one { } block, read
# before it starts: bash reads a script as it goes, so an edit to this file during
# an hour of runs would otherwise change what the rest of it does.
{
set -u
cd "$(dirname "$0")/.."
runs=${1:-20}
log=${2:-/tmp/flake-hunt.log}

load=()
trap 'kill "${load[@]}" 2>/dev/null' EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$(nproc)"); do yes > /dev/null & load+=($!); done

: > "$log"
echo "# $(date -Is) $(git rev-parse --short HEAD) nproc=$(nproc) load=${#load[@]} busy processes" >> "$log"
bad=0
for run in $(seq "$runs"); do
    out="$log.$run"
    start=$(date +%s.%N)
    .venv/bin/python -m pytest tests/browser -q -n 2 -p no:randomly > "$out" 2>&1
    status=$?
    seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
    summary=$(grep -E '^=* ?[0-9]+ (passed|failed|error)' "$out" | tail -1 | tr -d '=')
    passed=$(grep -oE '[0-9]+ passed' <<< "$summary" | cut -d' ' -f1)
    failed=$(grep -oE '[0-9]+ (failed|errors?)' <<< "$summary" | awk '{ n += $1 } END { print n + 0 }')
    printf 'run %2d  exit %d  passed %s  failed %s  %.1f s  load %s\n' "$run" "$status" "${passed:-0}" \
        "${failed:-0}" "$seconds" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$log"
    grep -E '^(FAILED|ERROR) ' "$out" | sed 's/^/    /' >> "$log"
    [ "$status" -ne 0 ] && bad=1
done
exit "$bad"
}
