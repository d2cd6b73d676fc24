#!/usr/bin/env bash
# The accelerated soak of a long `rollscope watch`, one command: builds the benchmark in release
# (into .build-bench, like bench.sh) and feeds a generated day of namespace churn (six
# Deployments rolled every ~15 minutes, an autoscaler, a Job every 10 minutes, events,
# EndpointSlices, 502s: ~100,000 pod changes) through the live session's ingestion into the UI's
# store, drawing the screen as the TUI does. Prints element counts and RSS every simulated hour,
# then a summary: start/middle/end, first vs last quarter, wall time, cost per change and per
# frame, pruning cost.
#
#   scripts/soak.sh [--hours 24] [--keep-rollouts 5 | --no-prune] [--render-every 5] [--sample-minutes 60]
#
# --render-every N  draw (and rebuild the model) on every Nth drain that brought data; 1 is what
#                   the TUI does, larger samples the frame cost and runs faster.
# --no-prune        the same without any retention, to see what it would cost otherwise.
#
# Shell, not Swift: it only builds the release benchmark and runs it under /usr/bin/time; the
# churn and the measurements are Swift (Tools/Soak, Tools/rollscope-bench).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCRATCH=$ROOT/.build-bench
case "${1:-}" in -h|--help) sed -n '2,17p' "$0"; exit 0 ;; esac
# The bench takes the first occurrence of an option: the caller's, then these defaults.
ARGS=("$@" --hours 24 --render-every 5 --sample-minutes 60)
echo "soak: building release into $SCRATCH" >&2
swift build -c release --scratch-path "$SCRATCH" --product rollscope-bench 2>&1 \
    | grep -v -e 'prohibited flag(s)' -e '^\[' >&2 || true
[ -x "$SCRATCH/release/rollscope-bench" ] || { echo "soak: build failed" >&2; exit 1; }
if /usr/bin/time -v true >/dev/null 2>&1; then
    /usr/bin/time -v "$SCRATCH/release/rollscope-bench" soak "${ARGS[@]}" 2> >(grep -E 'Maximum resident|Elapsed|User time' >&2)
else
    "$SCRATCH/release/rollscope-bench" soak "${ARGS[@]}"
fi
