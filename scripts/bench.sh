#!/usr/bin/env bash
# rollscope benchmark, one command: builds release, generates the inputs if missing, and measures
# rollscope against its peers (jq, python3) in the same run, reporting ratios, since these
# machines are shared and noisy. Results: a table on stdout and in .bench/results.md.
#
#   scripts/bench.sh [--runs N] [--idle-seconds S] [--idle-events] [--profile] [--regenerate] [--no-shapes]
#
# --runs N          timings repeated N times, interleaved (default 5); median and min reported
# --idle-seconds S  length of each idle-CPU measurement (default 30)
# --idle-events     also measure idle watch with the rollout's ~12,000 events still listed (as
#                   for the hour after a rollout); heavier: its kubectl polls take about half a core
# --profile         also record `perf` of `rollscope report` into .bench/profile.txt
# --regenerate      rebuild every input even if it is there and up to date
# --no-shapes       skip scripts/report-shapes.sh (report on the other shapes of List: many
#                   containers, long env, big status messages, real pods, YAML, compact; about
#                   six minutes, most of it the YAML peers)
# --dynamic         measure a rollscope linked against the shared Swift libraries instead of the
#                   self-contained one (`swift build -c release --static-swift-stdlib`, the build
#                   README.md gives for copying to a jump host); it starts about 6 ms slower
#
# Builds in .build-bench and .build-bench-static (not .build), so it never waits on another
# build's lock.
#
# Shell, not Swift: it builds the binaries it measures and times them, and their peers (jq,
# python3, kubectl, tmux, /usr/bin/time), as whole processes from outside. The inputs and the
# in-process measurements are Swift (Tools/rollscope-bench).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.bench
IN=$OUT/inputs
RUNS=5
IDLE_SECONDS=30
PROFILE=0
REGENERATE=0
IDLE_EVENTS=0
STATIC=1
SHAPES=1
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --idle-seconds) IDLE_SECONDS=$2; shift ;;
        --profile) PROFILE=1 ;;
        --idle-events) IDLE_EVENTS=1 ;;
        --regenerate) REGENERATE=1 ;;
        --dynamic) STATIC=0 ;;
        --no-shapes) SHAPES=0 ;;
        -h|--help) sed -n '2,26p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

log() { echo "bench: $*" >&2; }
mkdir -p "$OUT" "$IN"
RAW=$OUT/raw.txt
: > "$RAW"
: > "$OUT/stderr.log"
put() { echo "$1=$2" >> "$RAW"; }
NOTES=()

# --- Build --------------------------------------------------------------------------------------
. "$ROOT/scripts/build-release.sh"
build_release

# --- Tools ----------------------------------------------------------------------------------------
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    log "installing Debian's time package for /usr/bin/time -v"
    if [ "$(id -u)" = 0 ]; then apt-get install -y -qq time >&2; else sudo apt-get install -y -qq time >&2; fi
fi
HAVE_JQ=0; command -v jq >/dev/null && HAVE_JQ=1
HAVE_PY=0
if command -v python3 >/dev/null; then
    # The interpreter itself, not a pyenv/asdf shim (a shim adds its own start-up to every run).
    PY=$(python3 -c 'import sys; print(sys.executable)')
    HAVE_PY=1
    put python_version "$("$PY" --version 2>&1 | sed 's/Python //')"
    put python_path "$PY"
fi
[ $HAVE_JQ = 1 ] && put jq_version "$(jq --version)"

put date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
put host "$(uname -sr)"
put nproc "$(nproc)"
put load "$(cut -d' ' -f1-3 /proc/loadavg)"
put commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- Sources Package.swift 2>/dev/null || echo '+changes')"
put runs "$RUNS"

# --- Inputs ---------------------------------------------------------------------------------------
# Each group is stamped with a hash of the code that generates it; stale groups are rebuilt.
# The patterns are expanded in the repository, wherever the script is run from.
stamp() { (cd "$ROOT" && cat $* 2>/dev/null | sha256sum | cut -c1-16); }
# Both groups render through RolloutSim's objects and printer and RolloutCore's JSON writer.
RENDER='Sources/RolloutSim/Objects/*.swift Sources/RolloutSim/KubectlPrinter.swift Sources/RolloutSim/SimRandom.swift
    Sources/RolloutCore/JSON/JSONValue*.swift Sources/RolloutCore/JSON/JSONWriter.swift'
POD_STAMP=$(stamp "Tools/rollscope-bench/PodList.swift $RENDER")
SIM_STAMP=$(stamp "Tools/rollscope-bench/Generate.swift Sources/RolloutSim/*.swift $RENDER Sources/RolloutLive/Recorder.swift Sources/RolloutCore/Recording/*.swift")
need() { # group stamp files...
    local group=$1 want=$2; shift 2
    [ $REGENERATE = 1 ] && return 0
    [ "$(cat "$IN/.stamp-$group" 2>/dev/null)" = "$want" ] || return 0
    for f in "$@"; do [ -s "$IN/$f" ] || return 0; done
    return 1
}
gen() { log "generating $1 inputs"; "$RB" generate "$IN" "$1"; echo "$2" > "$IN/.stamp-$1"; }
need pods "$POD_STAMP" pods-5000.json && gen pods "$POD_STAMP"
need rollout "$SIM_STAMP" rollout-300.watch.json rollout-300.events.json rollout-300.rollout rollout-300.snapshots.json rollout-300.manifest \
    && gen rollout "$SIM_STAMP"
need steady "$SIM_STAMP" steady-1000.pods.json && gen steady "$SIM_STAMP"

PODS=$IN/pods-5000.json
put input_bytes "$(stat -c %s "$PODS")"

# --- Helpers --------------------------------------------------------------------------------------
SAMPLES=$OUT/samples
rm -rf "$SAMPLES"; mkdir -p "$SAMPLES"
# Runs a command once with stdout to /dev/null and appends its wall seconds to $SAMPLES/NAME.
# Exit statuses in OK_STATUSES (default 0) count as success.
time_once() {
    local name=$1; shift
    local start end rc=0
    start=$EPOCHREALTIME
    "$@" > /dev/null 2>> "$OUT/stderr.log" || rc=$?
    end=$EPOCHREALTIME
    case " ${OK_STATUSES:-0} " in *" $rc "*) ;; *) log "$name: '$*' exited with $rc (see $OUT/stderr.log)"; exit 1 ;; esac
    awk -v s="${start/,/.}" -v e="${end/,/.}" 'BEGIN { printf "%.6f\n", e - s }' >> "$SAMPLES/$name"
}
median() { sort -g "$SAMPLES/$1" | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minimum() { sort -g "$SAMPLES/$1" | sed -n 1p; }
summarize() { put "$1_median" "$(median "$1")"; put "$1_min" "$(minimum "$1")"; }
peak_rss_kb() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { print $2 }'; }

# --- 1. report against jq and python3 -----------------------------------------------------------
log "report: rollscope vs jq vs python3 on $(basename "$PODS") ($RUNS interleaved rounds)"
cat "$PODS" > /dev/null   # the page cache holds the input for every contender alike
# One unmeasured warm-up each.
OK_STATUSES="0 1" "$RS" report "$PODS" --format json > /dev/null 2>&1 || true
[ $HAVE_JQ = 1 ] && jq '.items|length' "$PODS" > /dev/null
[ $HAVE_PY = 1 ] && "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$PODS"
for ((i = 1; i <= RUNS; i++)); do
    # rollscope exits 1 when a finding is at or above --fail-on (error): that is a result, not a failure.
    OK_STATUSES="0 1" time_once report_rollscope "$RS" report "$PODS" --format json
    [ $HAVE_JQ = 1 ] && time_once report_jq jq '.items|length' "$PODS"
    [ $HAVE_PY = 1 ] && time_once report_python "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$PODS"
done
summarize report_rollscope
[ $HAVE_JQ = 1 ] && summarize report_jq || NOTES+=("jq not installed: no jq ratio")
[ $HAVE_PY = 1 ] && summarize report_python || NOTES+=("python3 not installed: no python ratio")

log "peak memory (/usr/bin/time -v)"
put report_peak_rss_kb "$(peak_rss_kb "$RS" report "$PODS" --format json)"
[ $HAVE_JQ = 1 ] && put jq_peak_rss_kb "$(peak_rss_kb jq '.items|length' "$PODS")"
[ $HAVE_PY = 1 ] && put python_peak_rss_kb "$(peak_rss_kb "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$PODS")"

# --- 1b. report on every shape of List (scripts/report-shapes.sh, its own table) -----------------
if [ $SHAPES = 1 ]; then
    log "report on every shape of List (scripts/report-shapes.sh)"
    "$ROOT/scripts/report-shapes.sh" --runs "$RUNS" --rollscope "$RS" --bench "$RB" $([ $REGENERATE = 1 ] && echo --regenerate) > /dev/null
fi

# --- 2. replay: open to first frame -------------------------------------------------------------
log "replay: process start to first frame, recording and watch stream"
ff_once() { # name file
    local start end line
    start=$EPOCHREALTIME
    line=$("$RB" replay-first-frame "$2")
    end=$EPOCHREALTIME
    echo "$line" | sed -n 's/.*first_frame_seconds=\([0-9.]*\).*/\1/p' >> "$SAMPLES/$1"
    awk -v s="${start/,/.}" -v e="${end/,/.}" 'BEGIN { printf "%.6f\n", e - s }' >> "$SAMPLES/$1_wall"
    echo "$line" >> "$OUT/first-frame.log"
}
: > "$OUT/first-frame.log"
"$RB" replay-first-frame "$IN/rollout-300.rollout" > /dev/null   # warm-up
for ((i = 1; i <= RUNS; i++)); do
    ff_once ff_recording "$IN/rollout-300.rollout"
    ff_once ff_watch "$IN/rollout-300.watch.json"
done
for n in ff_recording ff_watch; do summarize $n; put ${n}_wall_median "$(median ${n}_wall)"; done

# --- 3. recording size ------------------------------------------------------------------------
put bytes_recording "$(stat -c %s "$IN/rollout-300.rollout")"
put bytes_watch "$(stat -c %s "$IN/rollout-300.watch.json")"
put bytes_snapshots "$(stat -c %s "$IN/rollout-300.snapshots.json")"
cat "$IN/rollout-300.manifest" >> "$RAW"   # snapshot_count, rollout_seconds, rollout_pods, ...

# --- 4. idle CPU of `rollscope watch` on 1000 pods -----------------------------------------------
FAKE_PID=
TMUX_SOCKET=rollscope-bench-$$
cleanup() {
    tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
    if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

fallback_reason=
if [ ! -d "$ROOT/Tools/FakeKubeAPI" ]; then fallback_reason="no FakeKubeAPI target in the package"
elif ! command -v kubectl >/dev/null; then fallback_reason="kubectl not installed"
elif ! command -v tmux >/dev/null; then fallback_reason="tmux not installed (rollscope watch needs a terminal)"
fi

# idle_watch PREFIX DIR SECONDS [fake-api flags]: FakeKubeAPI with the 1000 pods at rest, the real
# kubectl, `rollscope watch` in a private tmux server at 120x40; samples rollscope's CPU (and its
# kubectl children's) from /proc once the pods are on screen. Sets fallback_reason on failure.
idle_watch() {
    local prefix=$1 dir=$2 seconds=$3; shift 3
    rm -rf "$dir"; mkdir -p "$dir/home"
    "$RB" fake-api "$dir/kubeconfig" --seconds $((seconds + 300)) "$@" > "$dir/fake.out" 2> "$dir/fake.err" &
    FAKE_PID=$!
    for ((i = 0; i < 240; i++)); do grep -q fake_api_url "$dir/fake.out" 2>/dev/null && break; sleep 0.5; done
    if ! grep -q fake_api_url "$dir/fake.out"; then
        fallback_reason="FakeKubeAPI did not start (see $dir/fake.err)"
    else
        cat "$dir/fake.out" >&2
        tmux -L "$TMUX_SOCKET" -f /dev/null new-session -d -s idle -x 120 -y 40 \
            "exec env HOME='$dir/home' '$RS' watch deployment/web -n shop --kubeconfig '$dir/kubeconfig' --kubectl '$(command -v kubectl)' 2> '$dir/watch.err'"
        for ((i = 0; i < 180; i++)); do
            tmux -L "$TMUX_SOCKET" capture-pane -t idle -p 2>/dev/null | grep -q '1000/1000 ready' && break
            sleep 0.5
        done
        tmux -L "$TMUX_SOCKET" capture-pane -t idle -p > "$dir/screen-start.txt" 2>/dev/null || true
        if ! grep -q '1000/1000 ready' "$dir/screen-start.txt"; then
            fallback_reason="rollscope watch did not show the 1000 pods (see $dir/screen-start.txt)"
        else
            sleep 5   # the first event/slice polls settle
            local pid line
            pid=$(tmux -L "$TMUX_SOCKET" list-panes -t idle -F '#{pane_pid}')
            put ${prefix}_rss_start_kb "$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)"
            line=$("$RB" proc-cpu "$pid" --seconds "$seconds" --windows 3)
            put ${prefix}_rss_end_kb "$(awk '/VmRSS/ { print $2 }' /proc/$pid/status)"
            echo "$line" > "$dir/proc-cpu.txt"
            put ${prefix}_own_pct "$(echo "$line" | sed -n 's/.*own_cpu_percent=\([0-9.]*\).*/\1/p')"
            put ${prefix}_children_pct "$(echo "$line" | sed -n 's/.*children_cpu_percent=\([0-9.]*\).*/\1/p')"
            put ${prefix}_own_windows "$(echo "$line" | sed -n 's/.*own_cpu_percent_windows=\([0-9.,]*\).*/\1/p')"
            tmux -L "$TMUX_SOCKET" capture-pane -t idle -p > "$dir/screen-end.txt" 2>/dev/null || true
        fi
        tmux -L "$TMUX_SOCKET" kill-server 2>/dev/null || true
    fi
    kill "$FAKE_PID" 2>/dev/null || true
    wait "$FAKE_PID" 2>/dev/null || true
    FAKE_PID=
}

if [ -z "$fallback_reason" ]; then
    log "idle: FakeKubeAPI with 1000 pods at rest (no events), real kubectl, rollscope watch in tmux (120x40), ${IDLE_SECONDS} s"
    idle_watch idle "$OUT/idle" "$IDLE_SECONDS"
fi
[ -n "$fallback_reason" ] && { log "idle: $fallback_reason"; put idle_fallback_reason "$fallback_reason"; }
if [ $IDLE_EVENTS = 1 ] && [ -z "$fallback_reason" ]; then
    log "idle with the rollout's events still listed (--idle-events), ${IDLE_SECONDS} s"
    idle_watch idle_events "$OUT/idle-events" "$IDLE_SECONDS" --keep-events
fi

log "idle: the watch code path in-process (LiveSession drain + App.render, every 100 ms and every 1 s, ${IDLE_SECONDS} s each)"
: > "$OUT/idle-inprocess.txt"
for every in 0.1 1; do
    line=$("$RB" idle-inprocess "$IN/steady-1000.pods.json" --seconds "$IDLE_SECONDS" --every $every)
    echo "$line" >> "$OUT/idle-inprocess.txt"
    key=idle_inprocess; [ $every = 1 ] && key=idle_inprocess_1s
    put ${key}_pct "$(echo "$line" | sed -n 's/.*idle_inprocess_cpu_percent=\([0-9.]*\).*/\1/p')"
    put ${key}_ms_per_frame "$(echo "$line" | sed -n 's/.*ms_per_frame=\([0-9.]*\).*/\1/p')"
done

# --- 5. Where report's time goes -----------------------------------------------------------------
log "phases of report (in-process)"
"$RB" phases "$PODS" --repeat 3 > "$OUT/phases.txt"
if [ $PROFILE = 1 ]; then
    if command -v perf >/dev/null; then
        log "perf record of rollscope report"
        rm -f "$OUT/perf.data" "$OUT/perf.data.old"
        perf record -q -F 1999 -g -o "$OUT/perf.data" "$RS" report "$PODS" --format json > /dev/null 2>> "$OUT/stderr.log" || true
        perf report -i "$OUT/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | grep '%' \
            | swift demangle --simplified | sed -n 's/  */ /g; 1,80p' > "$OUT/profile.txt" || true
        log "profile in $OUT/profile.txt"
    else
        NOTES+=("perf not installed: no profile")
    fi
fi

put notes "${NOTES[*]:-}"
echo
"$RB" summarize "$RAW" "$OUT/results.md"
if [ $SHAPES = 1 ] && [ -s "$OUT/shapes.md" ]; then
    { echo; echo "## report on every shape of List"; echo; cat "$OUT/shapes.md"; } | tee -a "$OUT/results.md"
fi
echo
log "table written to $OUT/results.md (raw values in $RAW)"
