#!/usr/bin/env bash
# The prober's own CPU on the real binary, one command:
#
#   scripts/probe-cpu.sh [--seconds 30] [--rounds 3]
#
# Runs `rollscope record --probe` (the self-contained release build) against a loopback front
# door (python3's http.server, a process of its own, so its CPU is not counted) with kubectl
# replaced by /bin/false: the session then only retries with back-off, so what rollscope spends
# is the prober's. Measures rollscope's user+system CPU from /proc over each run, without
# --probe, at 10/s and at 50/s, interleaved over the rounds, and, as the peer in the same run,
# curl (one process a request, the usual shell prober) for the same number of requests.
#
# Shell, not Swift: it times whole processes from outside, as scripts/bench.sh does.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SECS=30
ROUNDS=3
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) SECS=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        *) echo "usage: scripts/probe-cpu.sh [--seconds 30] [--rounds 3]" >&2; exit 2 ;;
    esac
    shift
done

SCRATCH=$ROOT/.build-bench-static
swift build -c release --static-swift-stdlib --scratch-path "$SCRATCH" --product rollscope >&2
RS=$SCRATCH/release/rollscope
TICK=$(getconf CLK_TCK)
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# The front door: a small page, on a free port.
mkdir -p "$WORK/www"
printf 'ok\n' > "$WORK/www/index.html"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$WORK/www" && exec python3 -m http.server "$PORT" --bind 127.0.0.1 2> "$WORK/access.log" > /dev/null) &
SERVER_PID=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
requests() { grep -c '"GET ' "$WORK/access.log" || true; }

# run LABEL [probe flags]: prints "LABEL cpu_seconds requests".
run() {
    local label=$1; shift
    "$RS" record deployment/web -n shop --kubectl /bin/false --record "$WORK/$label.rollout" \
        --timeout "$((SECS + 10))s" "$@" 2> /dev/null &
    local pid=$!
    sleep 2
    local t0 r0 t1 r1
    t0=$(cpu_ticks $pid); r0=$(requests)
    sleep "$SECS"
    t1=$(cpu_ticks $pid); r1=$(requests)
    kill -TERM $pid; wait $pid 2>/dev/null || true
    rm -f "$WORK/$label.rollout"
    echo "$label $(awk -v a="$t0" -v b="$t1" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) / t }') $((r1 - r0))"
}

# curl, one process a request, for N requests: prints "curl cpu_seconds N" (the CPU of the
# curls this shell waited for: its own children's, so $BASHPID, the subshell running it).
peer() {
    local n=$1 me=$BASHPID start end
    start=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$me/stat")
    for _ in $(seq "$n"); do curl -s -o /dev/null "$URL"; done
    end=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$me/stat")
    echo "curl $(awk -v a="$start" -v b="$end" -v t="$TICK" 'BEGIN { printf "%.2f", (b - a) / t }') $n"
}

for round in $(seq "$ROUNDS"); do
    echo "round $round" >&2
    run none
    run probe10 --probe "$URL" --probe-rate 10/s
    run probe50 --probe "$URL" --probe-rate 50/s
    peer 300
done | tee "$WORK/raw.txt" >&2

echo
echo "Over ${SECS} s a run, ${ROUNDS} rounds, medians (CPU seconds = user + system):"
awk -v secs="$SECS" '
    { cpu[$1] = cpu[$1] " " $2; req[$1] = req[$1] " " $3 }
    function median(list,   a, n, i, j, t) {
        n = split(list, a, " ")
        for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
        return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    END {
        base = median(cpu["none"])
        printf "| run | CPU s | share of a core | requests | CPU ms a request (less the run without --probe) |\n"
        printf "| --- | --- | --- | --- | --- |\n"
        printf "| no --probe | %.2f | %.2f%% | 0 | |\n", base, 100 * base / secs
        for (k = 10; k <= 50; k += 40) {
            name = "probe" k; c = median(cpu[name]); r = median(req[name])
            printf "| --probe-rate %d/s | %.2f | %.2f%% | %d | %.3f |\n", k, c, 100 * c / secs, r, (r > 0 ? 1000 * (c - base) / r : 0)
        }
        c = median(cpu["curl"]); r = median(req["curl"])
        printf "| curl, a process a request (peer) | %.2f | | %d | %.3f |\n", c, r, 1000 * c / r
    }' "$WORK/raw.txt"
