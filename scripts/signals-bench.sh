#!/usr/bin/env bash
# Signal parser throughput, against wc -l and grep -c on the same file in the same run (these
# machines are shared and noisy: compare ratios). The input is a mixed-format access log the
# simulator writes (`rollscope-bench signal-log`): one rollout at 1,500 requests a second, every
# request once in each of the eleven proxy formats, interleaved line by line (about 560 MB,
# 955,000 lines), and its pod watch.
#
#   scripts/signals-bench.sh [--runs N] [--regenerate]
#
# Measured, interleaved, N times (default 5), medians reported:
#   wc -l FILE                                  (counting lines: the floor)
#   grep -c ' 503 ' FILE                        (scanning every line for a pattern)
#   rollscope-bench signal-parse FILE           (the parser alone, in process)
#   rollscope report pods-watch.json --signals FILE --format json   (the real binary, end to end)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.bench/signals
RUNS=5
REGENERATE=0
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --regenerate) REGENERATE=1 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) echo "signals-bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
log() { echo "signals-bench: $*" >&2; }

cd "$ROOT"
log "building release"
swift build -c release --product rollscope >&2
swift build -c release --product rollscope-bench >&2
BIN=$(swift build -c release --show-bin-path)
mkdir -p "$OUT"
if [ $REGENERATE = 1 ] || [ ! -f "$OUT/signals.log" ]; then
    log "generating $OUT/signals.log"
    "$BIN/rollscope-bench" signal-log "$OUT"
fi
LOG=$OUT/signals.log
cat "$LOG" > /dev/null   # in the page cache for every contender
RAW=$OUT/raw.txt
: > "$RAW"
measure() {  # name command...
    local name=$1; shift
    # Not to /dev/null: GNU grep stops at the first match when its output goes nowhere.
    /usr/bin/time -f "$name %e %U %S" -a -o "$RAW" "$@" > "$OUT/out.txt"
}
for run in $(seq "$RUNS"); do
    log "round $run of $RUNS"
    measure wc wc -l "$LOG"
    measure grep grep -c ' 503 ' "$LOG"
    measure parse "$BIN/rollscope-bench" signal-parse "$LOG" --repeat 1
    measure report "$BIN/rollscope" report "$OUT/pods-watch.json" --signals "$LOG" --format json --fail-on never
done
LINES=$(wc -l < "$LOG")
BYTES=$(stat -c %s "$LOG")
python3 - "$RAW" "$LINES" "$BYTES" <<'PY'
import sys, statistics
raw, lines, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = {}
for line in open(raw):
    parts = line.split()
    if len(parts) != 4: continue
    name, e, u, s = parts[0], float(parts[1]), float(parts[2]), float(parts[3])
    rows.setdefault(name, []).append((e, u + s))
med = {k: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for k, v in rows.items()}
print(f"{lines:,} lines, {size / 1e6:.0f} MB, {len(rows['wc'])} rounds (medians)")
print("| command | seconds | CPU seconds | lines/s | vs wc -l | vs grep -c |")
print("| --- | --- | --- | --- | --- | --- |")
for name, title in [("wc", "wc -l"), ("grep", "grep -c ' 503 '"), ("parse", "signal parser (in process)"),
                    ("report", "rollscope report --signals (end to end)")]:
    e, c = med[name]
    print(f"| {title} | {e:.2f} | {c:.2f} | {lines / e / 1e6:.2f} M | {e / med['wc'][0]:.1f}x | {e / med['grep'][0]:.1f}x |")
PY
