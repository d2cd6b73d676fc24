#!/usr/bin/env bash
# The terminal UI at scale, one command: the release rollscope replays generated
# `kubectl get pods -o json` Lists (1k, 5k, 20k, 50k pods; three workloads mid-rollout among
# eight) in a real terminal (a private tmux server at 120x40), and a recording in which pods
# keep changing (live-like feeding: the replay plays it at x1, so observations keep arriving).
# It measures, from /proc, never from inside rollscope:
#   - first frame: from starting the pane until tmux shows the timeline (polled every 10 ms)
#   - resident memory (VmRSS) once drawn, against the input file's size
#   - idle CPU, % of a core, over --idle-seconds
#   - CPU per key press for j/k, `,`/`.` (cursor step), `/` filter (`/ w e b Enter Esc`),
#     `+`/`-` (zoom): utime+stime over --keys presses sent at once, minus idle, per key
#   - playing: CPU, % of a core, while the recording plays and its changes arrive
# Each figure is the median of --rounds rounds. The machine is shared: the load average is
# printed with the table.
#
#   scripts/tui-bench.sh [--sizes "1000 5000 20000 50000"] [--rounds 3] [--keys 60]
#                        [--idle-seconds 10] [--no-build] [--out FILE]
#
# Inputs are generated into .bench/tui (rollscope-bench pod-list / churn-recording, deterministic)
# and kept. Binaries: .build/release (built unless --no-build); RS= and RB= override them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=$ROOT/.bench/tui
SIZES="1000 5000 20000 50000"
ROUNDS=3
KEYS=60
IDLE_SECONDS=10
BUILD=1
OUTFILE=$ROOT/.bench/tui-results.md
while [ $# -gt 0 ]; do
    case $1 in
        --sizes) SIZES=$2; shift ;;
        --rounds) ROUNDS=$2; shift ;;
        --keys) KEYS=$2; shift ;;
        --idle-seconds) IDLE_SECONDS=$2; shift ;;
        --no-build) BUILD=0 ;;
        --out) OUTFILE=$2; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "tui-bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

log() { echo "tui-bench: $*" >&2; }
command -v tmux >/dev/null || { log "tmux is needed"; exit 2; }
mkdir -p "$DIR"
if [ $BUILD = 1 ]; then
    log "building release"
    (cd "$ROOT" && swift build -c release --product rollscope >&2 && swift build -c release --product rollscope-bench >&2)
fi
RS=${RS:-$ROOT/.build/release/rollscope}
RB=${RB:-$ROOT/.build/release/rollscope-bench}
SOCKET=rollscope-tui-bench-$$
HZ=$(getconf CLK_TCK)
tm() { tmux -L "$SOCKET" "$@"; }
cleanup() { tm kill-server 2>/dev/null || true; }
trap cleanup EXIT

now() { date +%s.%N; }
# cpu PID: utime+stime in seconds
cpu() { awk -v hz="$HZ" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
calc() { awk "BEGIN { printf \"%.${2:-2}f\", $1 }"; }

# start FILE MARK: rollscope replay FILE in a fresh 120x40 pane; waits until MARK is on screen.
# Sets PID and FIRST (seconds from starting the pane to the first frame with MARK).
start() {
    local file=$1 mark=$2 t0 i
    t0=$(now)
    tm -f /dev/null new-session -d -s b -x 120 -y 40 "exec '$RS' replay '$file' 2>'$DIR/replay.err'"
    FIRST=nan
    for ((i = 0; i < 6000; i++)); do
        if tm capture-pane -t b -p 2>/dev/null | grep -q -- "$mark"; then FIRST=$(calc "$(now) - $t0" 3); break; fi
        sleep 0.01
    done
    PID=$(tm list-panes -t b -F '#{pane_pid}')
    [ "$FIRST" = nan ] && { log "no '$mark' on screen after 60 s:"; tm capture-pane -t b -p >&2; cat "$DIR/replay.err" >&2; exit 1; }
    return 0
}
stop() { tm kill-server 2>/dev/null || true; sleep 0.3; }

# settle: waits until the process used under 2 ticks in 0.3 s (the keys sent are done).
settle() {
    local a b
    a=$(cpu "$PID")
    while sleep 0.3; do
        b=$(cpu "$PID")
        [ "$(calc "($b - $a) * $HZ < 2" 0)" = 1 ] && break
        a=$b
    done
}

# idle_pct SECONDS
idle_pct() {
    local c0 t0 c1 t1
    c0=$(cpu "$PID"); t0=$(now); sleep "$1"; c1=$(cpu "$PID"); t1=$(now)
    calc "100 * ($c1 - $c0) / ($t1 - $t0)" 3
}

# per_key IDLE_PCT KEY...: sends the keys (repeated to at least $KEYS), returns ms per key.
per_key() {
    local idle=$1; shift
    local seq=() n=0 c0 t0 c1 t1
    while [ $n -lt "$KEYS" ]; do seq+=("$@"); n=$((n + $#)); done
    settle
    c0=$(cpu "$PID"); t0=$(now)
    tm send-keys -t b "${seq[@]}"
    settle
    c1=$(cpu "$PID"); t1=$(now)
    calc "1000 * (($c1 - $c0) - ($idle / 100) * ($t1 - $t0)) / $n" 2
}

ROWS=()
row() { ROWS+=("$1"); echo "$1" >&2; }

for n in $SIZES; do
    file=$DIR/pods-$n.json
    [ -s "$file" ] || "$RB" pod-list "$n" "$file"
    size_mb=$(calc "$(stat -c %s "$file") / 1e6" 1)
    first=(); rss=(); idle=(); kj=(); kstep=(); kfilter=(); kzoom=()
    for ((r = 0; r < ROUNDS; r++)); do
        start "$file" "Timeline"
        first+=("$FIRST")
        settle
        rss+=("$(rss_kb "$PID")")
        i=$(idle_pct "$IDLE_SECONDS"); idle+=("$i")
        kj+=("$(per_key "$i" j j j k k k)")
        kstep+=("$(per_key "$i" , , , . . .)")
        kfilter+=("$(per_key "$i" / w e b Enter Escape)")
        kzoom+=("$(per_key "$i" + + + - - -)")
        stop
    done
    # Live-like: the same List, then 10 pod changes a second, played at x1 from its start.
    churn=$DIR/churn-$n.rollout
    [ -s "$churn" ] || "$RB" churn-recording "$n" "$churn" --seconds 900 --rate 10
    play=()
    for ((r = 0; r < ROUNDS; r++)); do
        start "$churn" "Timeline"
        settle
        tm send-keys -t b g
        sleep 1
        tm send-keys -t b Space
        sleep 3
        play+=("$(idle_pct "$IDLE_SECONDS")")
        stop
    done
    m_first=$(printf '%s\n' "${first[@]}" | median)
    m_rss=$(printf '%s\n' "${rss[@]}" | median)
    rss_mb=$(calc "$m_rss * 1024 / 1e6" 0)
    row "| $n | $size_mb MB | $m_first s | $rss_mb MB ($(calc "$m_rss * 1024 / $(stat -c %s "$file")" 2)x) | $(printf '%s\n' "${idle[@]}" | median)% | $(printf '%s\n' "${kj[@]}" | median) ms | $(printf '%s\n' "${kstep[@]}" | median) ms | $(printf '%s\n' "${kfilter[@]}" | median) ms | $(printf '%s\n' "${kzoom[@]}" | median) ms | $(printf '%s\n' "${play[@]}" | median)% |"
done

{
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "\`scripts/tui-bench.sh --sizes \"$SIZES\" --rounds $ROUNDS --keys $KEYS --idle-seconds $IDLE_SECONDS\`"
    echo
    echo "| pods | List | first frame | resident memory | idle CPU (% of a core) | \`j\`/\`k\` | \`,\`/\`.\` | \`/\` filter | \`+\`/\`-\` | playing 10 changes/s (% of a core) |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    printf '%s\n' "${ROWS[@]}"
} | tee "$OUTFILE"
