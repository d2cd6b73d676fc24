#!/usr/bin/env bash
# `rollscope watch -A` at cluster scale: CPU of rollscope and of its kubectl children, idle and
# during a rollout, through the real kubectl against the loopback API (FakeKubeAPI serving
# SimCluster: 40 namespaces, 3,120 pods, churn, one rolling update in namespace shop), with the
# real TUI in a private tmux server. CPU seconds are read from /proc over a fixed time
# (rollscope-bench proc-cpu); each round is a fresh server and a fresh rollscope; medians of the
# rounds are reported.
#
#   scripts/bench-allns.sh [--rounds 3] [--seconds 20] [--namespaces 40] [--replicas 26] [--churn 2]
#
# --rounds N       fresh runs (default 3); medians reported, every round in the raw file
# --seconds S      length of each measurement, idle and during the rollout (default 20)
# --namespaces N   quiet namespaces (3 Deployments each, default 40)
# --replicas N     pods per quiet Deployment (default 26: 3,120 pods with 40 namespaces)
# --churn R        quiet pods re-written per second across the cluster (default 2)
#
# Results: a table on stdout and in .bench/allns/results.md, raw values in .bench/allns/raw.txt.
# Builds release into .build-bench (as scripts/bench.sh does).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.bench/allns
ROUNDS=3
SECONDS_EACH=20
NAMESPACES=40
REPLICAS=26
CHURN=2
while [ $# -gt 0 ]; do
    case $1 in
        --rounds) ROUNDS=$2; shift ;;
        --seconds) SECONDS_EACH=$2; shift ;;
        --namespaces) NAMESPACES=$2; shift ;;
        --replicas) REPLICAS=$2; shift ;;
        --churn) CHURN=$2; shift ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "bench-allns: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
log() { echo "bench-allns: $*" >&2; }
for tool in kubectl tmux; do command -v $tool >/dev/null || { log "$tool is not installed"; exit 1; }; done

STATIC=0   # the shared-library build, as the other live benchmarks measure
. "$ROOT/scripts/build-release.sh"
build_release

mkdir -p "$OUT"
RAW=$OUT/raw.txt
: > "$RAW"
put() { echo "$1=$2" >> "$RAW"; }
SOCKET=rollscope-bench-allns-$$
FAKE_PID=
cleanup() {
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

WORKLOADS=$((NAMESPACES * 3 + 1))
# The rollout starts this long after the server: rollscope's start, 5 s to settle, the idle
# measurement, and slack for a loaded machine.
LEAD=$((SECONDS_EACH + 40))
put date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
put host "$(uname -sr)"
put nproc "$(nproc)"
put load "$(cut -d' ' -f1-3 /proc/loadavg)"
put commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
put kubectl "$(kubectl version --client 2>/dev/null | head -1)"
put config "namespaces=$NAMESPACES replicas=$REPLICAS pods=$((NAMESPACES * 3 * REPLICAS)) churn_per_second=$CHURN seconds=$SECONDS_EACH rounds=$ROUNDS"

field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
screen() { tmux -L "$SOCKET" capture-pane -t allns -p 2>/dev/null || true; }

for ((round = 1; round <= ROUNDS; round++)); do
    dir=$OUT/round-$round
    rm -rf "$dir"; mkdir -p "$dir/home"
    "$RB" fake-cluster "$dir/kubeconfig" --seconds $((LEAD + SECONDS_EACH + 200)) --namespaces "$NAMESPACES" --replicas "$REPLICAS" \
        --churn "$CHURN" --lead "$LEAD" --rollout-replicas 12 > "$dir/fake.out" 2> "$dir/fake.err" &
    FAKE_PID=$!
    for ((i = 0; i < 120; i++)); do grep -q fake_api_url "$dir/fake.out" 2>/dev/null && break; sleep 0.5; done
    grep -q fake_api_url "$dir/fake.out" || { log "FakeKubeAPI did not start (see $dir/fake.err)"; exit 1; }
    started=$(date +%s)
    cat "$dir/fake.out" >&2
    tmux -L "$SOCKET" -f /dev/null new-session -d -s allns -x 120 -y 40 \
        "exec env HOME='$dir/home' '$RS' watch -A --kubeconfig '$dir/kubeconfig' --kubectl '$(command -v kubectl)' 2> '$dir/watch.err'"
    for ((i = 0; i < 120; i++)); do screen | grep -q "$WORKLOADS in $((NAMESPACES + 1)) namespaces" && break; sleep 0.5; done
    screen > "$dir/screen-start.txt"
    grep -q "$WORKLOADS in $((NAMESPACES + 1)) namespaces" "$dir/screen-start.txt" \
        || { log "rollscope watch -A did not show the $WORKLOADS workloads (see $dir/screen-start.txt)"; exit 1; }
    put round${round}_first_screen_seconds "$(( $(date +%s) - started ))"
    sleep 5
    pid=$(tmux -L "$SOCKET" list-panes -t allns -F '#{pane_pid}')
    idle=$("$RB" proc-cpu "$pid" --seconds "$SECONDS_EACH" --windows 1)
    echo "$idle" > "$dir/idle.txt"
    screen | grep -q "1 rolling" && { log "round $round: the rollout began during the idle measurement; raise the lead"; exit 1; }
    put round${round}_idle_own_cpu_seconds "$(echo "$idle" | field own_cpu_seconds)"
    put round${round}_idle_children_cpu_seconds "$(echo "$idle" | field children_cpu_seconds)"
    put round${round}_rss_kb "$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)"
    # Wait for the rollout (it starts LEAD seconds after the server) and see it on screen.
    for ((i = 0; i < 2 * (LEAD + 30); i++)); do screen | grep -q "1 rolling" && break; sleep 0.5; done
    screen > "$dir/screen-rollout.txt"
    grep -q "1 rolling" "$dir/screen-rollout.txt" || { log "the rollout did not show (see $dir/screen-rollout.txt)"; exit 1; }
    rolling=$("$RB" proc-cpu "$pid" --seconds "$SECONDS_EACH" --windows 1)
    echo "$rolling" > "$dir/rollout.txt"
    screen > "$dir/screen-end.txt"
    grep -q "1 rolling" "$dir/screen-end.txt" || log "round $round: the rollout ended within the measurement"
    put round${round}_rollout_own_cpu_seconds "$(echo "$rolling" | field own_cpu_seconds)"
    put round${round}_rollout_children_cpu_seconds "$(echo "$rolling" | field children_cpu_seconds)"
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
    FAKE_PID=
    log "round $round: idle $(echo "$idle" | field own_cpu_seconds) s own, $(echo "$idle" | field children_cpu_seconds) s kubectl; rollout $(echo "$rolling" | field own_cpu_seconds) s own, $(echo "$rolling" | field children_cpu_seconds) s kubectl (over ${SECONDS_EACH} s)"
done

median() { sed -n "s/^round[0-9]*_$1=//p" "$RAW" | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
pct() { awk -v s="$1" -v w="$SECONDS_EACH" 'BEGIN { printf "%.1f", 100 * s / w }'; }
{
    echo "# watch -A at cluster scale"
    echo
    echo "$(sed -n 's/^config=//p' "$RAW"); $(sed -n 's/^date=//p' "$RAW"), $(sed -n 's/^nproc=//p' "$RAW") cores, load $(sed -n 's/^load=//p' "$RAW"), commit $(sed -n 's/^commit=//p' "$RAW")"
    echo
    echo "| phase | rollscope CPU s (% of a core) | kubectl children CPU s (% of a core) |"
    echo "| --- | --- | --- |"
    for phase in idle rollout; do
        own=$(median ${phase}_own_cpu_seconds); kids=$(median ${phase}_children_cpu_seconds)
        echo "| $phase, ${SECONDS_EACH} s | $own ($(pct "$own")%) | $kids ($(pct "$kids")%) |"
    done
    echo
    echo "Medians of $ROUNDS rounds; first screen with every workload after $(median first_screen_seconds) s; rollscope resident $(median rss_kb) KiB."
} | tee "$OUT/results.md"
