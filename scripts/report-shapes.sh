#!/usr/bin/env bash
# `rollscope report` on every shape of List against jq and python3, in the same run: the
# standard generated List (pods-5000.json) and the shapes Tools/rollscope-bench/Shapes.swift
# writes (many containers, long env and big annotations, big status messages, real pods repeated,
# YAML, compact), 50-100 MB each. Per shape: size, rollscope `report --format json` and `report`
# (text) wall and CPU seconds, jq's and python3's, ratios; medians of interleaved rounds.
# Results: a table on stdout and in .bench/shapes.md (raw samples in .bench/shapes-raw.txt).
#
#   scripts/report-shapes.sh [--runs N] [--yaml-runs N] [--shapes "sidecars env ..."] [--regenerate]
#                            [--dynamic] [--rollscope PATH --bench PATH]
#
# --runs N          interleaved rounds (default 5)
# --yaml-runs N     rounds for the YAML shape, whose peers take a minute each (default 1, at most --runs)
# --shapes LIST     only these shapes (standard sidecars env status real yaml compact)
# --regenerate      rebuild every input even if it is there and up to date
# --dynamic         measure the build linked against the shared Swift libraries
# --rollscope PATH, --bench PATH
#                   binaries already built (scripts/bench.sh passes its own); otherwise this builds
#                   release into .build-bench (and .build-bench-static for the self-contained build)
#
# Wall and CPU seconds of each run come from `rollscope-bench timed` (wait4's rusage), stdout to
# /dev/null, the input in the page cache for every contender alike.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/.bench
IN=$OUT/inputs
RUNS=5
YAML_RUNS=1
SHAPES="standard sidecars env status real yaml compact"
REGENERATE=0
STATIC=1
RS=
RB=
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=$2; shift ;;
        --yaml-runs) YAML_RUNS=$2; shift ;;
        --shapes) SHAPES=$2; shift ;;
        --regenerate) REGENERATE=1 ;;
        --dynamic) STATIC=0 ;;
        --rollscope) RS=$2; shift ;;
        --bench) RB=$2; shift ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "report-shapes: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ "$YAML_RUNS" -gt "$RUNS" ] && YAML_RUNS=$RUNS

log() { echo "report-shapes: $*" >&2; }
mkdir -p "$OUT" "$IN"

# --- Build ----------------------------------------------------------------------------------------
if [ -z "$RS" ] || [ -z "$RB" ]; then
    . "$ROOT/scripts/build-release.sh"
    build_release
else
    BUILD="release, self-contained (--static-swift-stdlib)"
    case $RS in *static*) ;; *) BUILD="release, shared Swift libraries" ;; esac
fi

RAW=$OUT/shapes-raw.txt
: > "$RAW"
put() { echo "$1=$2" >> "$RAW"; }
NOTES=()

# --- Peers ----------------------------------------------------------------------------------------
HAVE_JQ=0; command -v jq >/dev/null && HAVE_JQ=1
HAVE_PY=0; HAVE_PYYAML=0; HAVE_YQ=0
if command -v python3 >/dev/null; then
    PY=$(python3 -c 'import sys; print(sys.executable)')   # the interpreter, not a pyenv shim
    HAVE_PY=1
    put python_version "$("$PY" --version 2>&1 | sed 's/Python //')"
    if "$PY" -c 'import yaml; yaml.CSafeLoader' 2>/dev/null; then
        HAVE_PYYAML=1
        put pyyaml_version "$("$PY" -c 'import yaml; print(yaml.__version__)')"
    fi
fi
command -v yq >/dev/null && { HAVE_YQ=1; put yq_version "$(yq --version 2>&1 | head -1)"; }
[ $HAVE_JQ = 1 ] && put jq_version "$(jq --version)"
[ $HAVE_JQ = 1 ] || NOTES+=("jq not installed: no jq ratio.")
[ $HAVE_PY = 1 ] || NOTES+=("python3 not installed: no python ratio.")
[ $HAVE_PYYAML = 1 ] || NOTES+=("PyYAML with libyaml (CSafeLoader) not installed: no python3 figure for YAML.")
[ $HAVE_YQ = 1 ] || NOTES+=("yq not installed: no yq figure for YAML.")

put date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
put host "$(uname -sr)"
put nproc "$(nproc)"
put load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
put commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD -- Sources Package.swift 2>/dev/null || echo '+changes')"
put runs "$RUNS"
put build "$BUILD"
put shapes "$SHAPES"

# --- Inputs ---------------------------------------------------------------------------------------
stamp() { (cd "$ROOT" && cat $* 2>/dev/null | sha256sum | cut -c1-16); }
RENDER='Sources/RolloutSim/Objects/*.swift Sources/RolloutSim/KubectlPrinter.swift Sources/RolloutSim/KubeYAML.swift
    Sources/RolloutSim/SimRandom.swift Sources/RolloutCore/JSON/JSONValue*.swift Sources/RolloutCore/JSON/JSONWriter.swift'
POD_STAMP=$(stamp "Tools/rollscope-bench/PodList.swift Sources/RolloutSim/Objects/*.swift Sources/RolloutSim/KubectlPrinter.swift
    Sources/RolloutSim/SimRandom.swift Sources/RolloutCore/JSON/JSONValue*.swift Sources/RolloutCore/JSON/JSONWriter.swift")
SHAPE_STAMP=$(stamp "Tools/rollscope-bench/PodList.swift Tools/rollscope-bench/Shapes.swift Tests/Fixtures/real/k9s-p*.json $RENDER")
file_of() {
    case $1 in
        standard) echo pods-5000.json ;;
        yaml) echo shape-yaml.yaml ;;
        *) echo "shape-$1.json" ;;
    esac
}
for shape in $SHAPES; do
    f=$(file_of "$shape")
    if [ $shape = standard ]; then group=pods; want=$POD_STAMP; else group=$shape; want=$SHAPE_STAMP; fi
    if [ $REGENERATE = 1 ] || [ ! -s "$IN/$f" ] || [ "$(cat "$IN/.stamp-$group" 2>/dev/null)" != "$want" ]; then
        log "generating $f"
        "$RB" generate "$IN" "$group"
        echo "$want" > "$IN/.stamp-$group"
    fi
    put "shape.$shape.bytes" "$(stat -c %s "$IN/$f")"
    put "shape.$shape.file" "$f"
    [ $shape = yaml ] && put "shape.$shape.format" yaml || put "shape.$shape.format" json
done
# Pods per shape, as the generator wrote them.
for shape in $SHAPES; do
    case $shape in
        standard) put "shape.$shape.pods" 5000 ;;
        *) put "shape.$shape.pods" "$(sed -n "s/^$shape //p" "$IN/shapes.manifest" 2>/dev/null | head -1)" ;;
    esac
done

# --- Measure --------------------------------------------------------------------------------------
SAMPLES=$OUT/shape-samples
rm -rf "$SAMPLES"; mkdir -p "$SAMPLES"
# measure KEY OK_STATUSES COMMAND...: one run; appends wall and CPU seconds to $SAMPLES/KEY.{wall,cpu}.
measure() {
    local key=$1 ok=$2; shift 2
    local line wall user sys status
    line=$("$RB" timed -- "$@" 2>> "$OUT/shapes-stderr.log")
    wall=$(echo "$line" | sed -n 's/.*wall=\([0-9.]*\).*/\1/p')
    user=$(echo "$line" | sed -n 's/.*user=\([0-9.]*\).*/\1/p')
    sys=$(echo "$line" | sed -n 's/.*sys=\([0-9.]*\).*/\1/p')
    status=$(echo "$line" | sed -n 's/.*status=\([0-9]*\).*/\1/p')
    case " $ok " in *" $status "*) ;; *) log "$key: '$*' exited with $status (see $OUT/shapes-stderr.log)"; exit 1 ;; esac
    echo "$wall" >> "$SAMPLES/$key.wall"
    awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.6f\n", u + s }' >> "$SAMPLES/$key.cpu"
}
: > "$OUT/shapes-stderr.log"
# One round over every shape: rollscope (json, text) and the peers, one after another.
round() {
    local i=$1 shape f
    for shape in $SHAPES; do
        f=$IN/$(file_of "$shape")
        # YAML: no warm-up round (its runs take tens of seconds), and only --yaml-runs rounds.
        if [ $shape = yaml ]; then
            [ "$i" = 0 ] || [ "$i" -gt "$YAML_RUNS" ] && continue
        fi
        # rollscope exits 1 when a finding is at or above --fail-on (error): a result, not a failure.
        measure "shape.$shape.json" "0 1" "$RS" report "$f" --format json
        measure "shape.$shape.text" "0 1" "$RS" report "$f"
        if [ $shape = yaml ]; then
            [ $HAVE_YQ = 1 ] && measure "shape.$shape.jq" 0 yq '.items|length' "$f"
            [ $HAVE_PYYAML = 1 ] && measure "shape.$shape.python" 0 "$PY" -c 'import yaml,sys; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)' "$f"
        else
            [ $HAVE_JQ = 1 ] && measure "shape.$shape.jq" 0 jq '.items|length' "$f"
            [ $HAVE_PY = 1 ] && measure "shape.$shape.python" 0 "$PY" -c 'import json,sys; json.load(open(sys.argv[1]))' "$f"
        fi
    done
}
for shape in $SHAPES; do cat "$IN/$(file_of "$shape")" > /dev/null; done   # page cache
log "warm-up round"
round 0
rm -f "$SAMPLES"/*
for ((i = 1; i <= RUNS; i++)); do
    log "round $i of $RUNS (load average $(cut -d' ' -f1 /proc/loadavg))"
    round "$i"
done
put load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
for s in "$SAMPLES"/*.wall "$SAMPLES"/*.cpu; do
    [ -e "$s" ] || continue
    put "$(basename "$s")" "$(tr '\n' ' ' < "$s" | sed 's/ $//')"
done
put notes "${NOTES[*]:-}"
echo
"$RB" shapes-summary "$RAW" "$OUT/shapes.md"
log "table written to $OUT/shapes.md (raw samples in $RAW)"
