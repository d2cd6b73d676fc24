#!/usr/bin/env bash
# Fuzzes rollscope's decoders with libFuzzer: every input goes through input loading (JSON,
# streams, watch lines, YAML, recordings), the signal parser, the correlator and all report
# writers (Tools/rollscope-fuzz). A Swift trap, a sanitizer error, a hang or runaway memory
# is a failure: the script exits non-zero and prints the saved input's path.
#
#   scripts/fuzz.sh [run] [--time S] [--no-asan] [--corpus DIR]   fuzz for S seconds (default 120)
#   scripts/fuzz.sh replay FILE|DIR...                            run each input once (regressions)
#   scripts/fuzz.sh build                                         only build the fuzzer
#   scripts/fuzz.sh seeds DIR                                     only write the seed corpus to DIR
#
# --time S       fuzzing time in seconds, the first run of the seeds included (also FUZZ_TIME)
# --no-asan      without AddressSanitizer: about twice the executions per second, but an
#                out-of-bounds read through an unsafe pointer goes unnoticed (also FUZZ_ASAN=0)
# --corpus DIR   keep the inputs libFuzzer finds in DIR and start from them next time
#                (default: a temporary folder, deleted afterwards)
#
# Seeds: every file of Tests/Fixtures, some cut to single watch lines or
# shorter prefixes, recordings and input+signal pairs assembled from them, and 300 well-formed
# inputs with extreme values made from the simulator's objects (`rollscope-fixtures fuzz-seeds`);
# keys from scripts/fuzz.dict. FUZZ_FLAGS adds libFuzzer flags (e.g. -use_value_profile=1).
# An input is one file; a line `#rollscope-fuzz:signals` starts a signal file inside it.
# Crashes, timeouts and ooms land in .build-fuzz/artifacts/ (FUZZ_ARTIFACTS); each one found
# should become a fixture in Tests/Fixtures/regressions/.
#
# Builds release with -sanitize=fuzzer[,address] in .build-fuzz (.build-fuzz-noasan without
# ASan), never in .build, so it never waits on or disturbs the ordinary build.
#
# Shell, not Swift: it builds with sanitizer flags and drives libFuzzer's own driver (a separate
# process that may crash); the seed inputs are Swift (rollscope-fixtures fuzz-seeds).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
FIXTURES=$ROOT/Tests/Fixtures
MODE=run
TIME=${FUZZ_TIME:-120}
ASAN=${FUZZ_ASAN:-1}
CORPUS=${FUZZ_CORPUS:-}
MAX_LEN=65536
ARGS=()
if [ $# -gt 0 ]; then
    case $1 in run|replay|build|seeds) MODE=$1; shift ;; esac
fi
while [ $# -gt 0 ]; do
    case $1 in
        --time) TIME=$2; shift ;;
        --no-asan) ASAN=0 ;;
        --corpus) CORPUS=$2; shift ;;
        -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz: unknown option $1" >&2; exit 2 ;;
        *) ARGS+=("$1") ;;
    esac
    shift
done

log() { echo "fuzz: $*" >&2; }

if [ "$ASAN" = 1 ]; then
    SCRATCH=$ROOT/.build-fuzz
    SANITIZE=fuzzer,address
    # libyaml (C) is instrumented too: coverage guides mutations through it, and ASan watches it.
    CFLAGS=(-Xcc -fsanitize=fuzzer-no-link,address)
else
    SCRATCH=$ROOT/.build-fuzz-noasan
    SANITIZE=fuzzer
    CFLAGS=(-Xcc -fsanitize=fuzzer-no-link)
fi
ARTIFACTS=${FUZZ_ARTIFACTS:-$ROOT/.build-fuzz/artifacts}
BIN=$SCRATCH/release/rollscope-fuzz

build() {
    local start=$SECONDS
    log "building rollscope-fuzz (-sanitize=$SANITIZE) in ${SCRATCH#"$ROOT"/}"
    # -D FUZZING swaps the replaying main for one that hands over to libFuzzer's driver,
    # declared with @_extern(c) (experimental feature Extern).
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product rollscope-fuzz \
        -Xswiftc "-sanitize=$SANITIZE" -Xswiftc -DFUZZING \
        -Xswiftc -enable-experimental-feature -Xswiftc Extern "${CFLAGS[@]}" 2>&1) \
        | grep -v -e '^\[[0-9]*/[0-9]*\]' -e 'prohibited flag(s)' -e "Cannot export local symbol '__asan" >&2 || true
    [ -x "$BIN" ] || { log "build failed"; exit 1; }
    log "build took $((SECONDS - start)) s"
}

# The seed corpus, assembled from the fixtures into $1.
seeds() {
    local out=$1 f name n i
    mkdir -p "$out"
    while IFS= read -r -d '' f; do
        name=${f#"$FIXTURES"/}
        name=${name//\//_}
        cp "$f" "$out/$name"
        # Shorter prefixes (cut mid-object: the "ignored the rest" paths) and, for files of
        # long lines (watch streams, JSON Lines), each of the first lines on its own.
        for n in 2048 16384; do
            [ "$(wc -c < "$f")" -gt $((n * 2)) ] && head -c $n "$f" > "$out/$name.head$n"
        done
        if [ "$(wc -l < "$f")" -ge 3 ] && [ "$(head -n 1 "$f" | wc -c)" -gt 300 ]; then
            for i in 1 2 3 4 5 6; do
                sed -n "${i}p" "$f" > "$out/$name.line$i"
                [ -s "$out/$name.line$i" ] || rm -f "$out/$name.line$i"
            done
            head -n 12 "$f" | tail -n 4 > "$out/$name.lines9-12"
        fi
    done < <(find "$FIXTURES" -type f -print0 | sort -z)

    local marker='#rollscope-fuzz:signals'
    # Pods with the signals that name their IPs or pods.
    { head -n 8 "$FIXTURES/ip-reuse/pods-watch.json"; echo "$marker"; cat "$FIXTURES/ip-reuse/signals.jsonl"; } > "$out/combo-ip-reuse"
    { head -n 6 "$FIXTURES/healthy/pods-watch.json"; echo "$marker"; head -n 40 "$FIXTURES/no-prestop/ingress-nginx.log"; } > "$out/combo-nginx"
    { cat "$FIXTURES/healthy/endpointslices.json"; echo "$marker"; tail -n 20 "$FIXTURES/no-prestop/ingress-nginx.log"; } > "$out/combo-slices"
    # Recordings (rollscope.recording/1): watch lines, signal lines and a note, each timed.
    {
        echo '{"schema":"rollscope.recording/1","startedAt":"2026-11-20T10:00:00Z","target":"deployment/web","namespace":"default","context":null,"mode":"watch","tool":"rollscope","redacted":["env"]}'
        head -n 5 "$FIXTURES/healthy/pods-watch.json" \
            | sed 's/^{"type":"\([A-Z]*\)","object":/{"t":"2026-11-20T10:00:01.5Z","kind":"pod","type":"\1","object":/'
        head -n 3 "$FIXTURES/no-prestop/ingress-nginx.log" | sed 's/\\/\\\\/g; s/"/\\"/g; s/^/{"t":"2026-11-20T10:00:02Z","kind":"signal","source":"ingress-nginx","line":"/; s/$/"}/'
        sed 's/\\/\\\\/g; s/"/\\"/g; s/^/{"t":"2026-11-20T10:00:03Z","kind":"signal","source":"jsonl","line":"/; s/$/"}/' "$FIXTURES/ip-reuse/signals.jsonl"
        echo '{"t":"2026-11-20T10:00:04Z","kind":"note","text":"kubectl: Unauthorized"}'
        sed -n 7p "$FIXTURES/healthy/pods-watch.json" \
            | sed 's/^{"type":"\([A-Z]*\)","object":/{"t":"2026-11-20T10:00:05Z","kind":"pod","type":"\1","object":/'
        echo '{"t":"2026-11-20T10:00:06Z","kind":"list","object":{"kind":"PodList","items":[]}}'
        printf '{"t":"2026-11-20T10:00:07Z","kind":"pod","type":"MODIF'   # cut off, as after a crash
    } > "$out/recording"
    head -c 600 "$out/recording" > "$out/recording.head"
    # Tiny inputs for each shape, so mutations start small.
    printf '{"kind":"PodList","items":[]}' > "$out/tiny-podlist"
    printf '{"type":"ERROR","object":{"kind":"Status","status":"Failure","message":"too old resource version","reason":"Expired","code":410}}\n' > "$out/tiny-watch-error"
    printf 'kind: Pod\nmetadata:\n  name: p\n  creationTimestamp: 2026-11-20T10:00:00Z\nstatus:\n  phase: Running\n  podIP: 10.0.0.1\n---\nkind: Event\ninvolvedObject: {kind: Pod, name: p}\nreason: Killing\nlastTimestamp: "2026-11-20T10:00:01Z"\n' > "$out/tiny-yaml"
    # Small, well-formed inputs with extreme values: the simulator's objects, fields dropped and
    # odd values put in (rollscope-fixtures fuzz-seeds; an ordinary debug build, up to date in CI).
    (cd "$ROOT" && swift build --product rollscope-fixtures 2>&1) | grep -v -e '^\[[0-9]*/[0-9]*\]' -e 'prohibited flag(s)' >&2 || true
    "$ROOT/.build/debug/rollscope-fixtures" fuzz-seeds "$out" 1 300 || log "no generated seeds: rollscope-fixtures failed"
    log "seed corpus: $(find "$out" -type f | wc -l) inputs"
}

# libFuzzer needs crash signals the Swift runtime's backtracer would otherwise take (the
# target resets them too); leaks are not failures (the Swift runtime keeps caches for good).
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0}
COMMON=(-timeout=10 -rss_limit_mb=2048 -max_len=$MAX_LEN -detect_leaks=0 ${FUZZ_FLAGS:-})

case $MODE in
build)
    build
    ;;
seeds)
    [ ${#ARGS[@]} -eq 1 ] || { echo "usage: scripts/fuzz.sh seeds DIR" >&2; exit 2; }
    seeds "${ARGS[0]}"
    ;;
replay)
    [ ${#ARGS[@]} -gt 0 ] || { echo "usage: scripts/fuzz.sh replay FILE|DIR..." >&2; exit 2; }
    files=()
    for a in "${ARGS[@]}"; do
        if [ -d "$a" ]; then
            while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$a" -type f -print0 | sort -z)
        else
            files+=("$a")
        fi
    done
    build
    log "replaying ${#files[@]} inputs"
    work=$(mktemp -d "${TMPDIR:-/tmp}/rollscope-fuzz.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    # One at a time, so a crash names its input and the rest still run.
    failed=()
    for f in "${files[@]}"; do
        if ! "$BIN" "${COMMON[@]}" -artifact_prefix="$work/" "$f" > "$work/replay.log" 2>&1; then
            grep -E "Swift runtime failure|Fatal error|ERROR: |deadly signal|timeout|out-of-memory|^ +#([4-9]|1[0-1]) .* in " "$work/replay.log" | head -12 >&2 || true
            failed+=("$f")
        fi
    done
    if [ ${#failed[@]} -gt 0 ]; then
        log "FAILED on ${#failed[@]} of ${#files[@]} inputs:"
        printf '  %s\n' "${failed[@]}" >&2
        exit 1
    fi
    log "all ${#files[@]} inputs ran cleanly"
    ;;
run)
    build
    work=$(mktemp -d "${TMPDIR:-/tmp}/rollscope-fuzz.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    seeds "$work/seeds" 2>&1
    [ -n "$CORPUS" ] || CORPUS=$work/corpus
    mkdir -p "$CORPUS" "$ARTIFACTS"
    before=$(find "$ARTIFACTS" -type f | sort)
    log "fuzzing for $TIME s (max_len $MAX_LEN, timeout 10 s, rss limit 2048 MB); log in $work/fuzz.log"
    start=$SECONDS
    set +e
    "$BIN" "${COMMON[@]}" -max_total_time="$TIME" -dict="$ROOT/scripts/fuzz.dict" \
        -artifact_prefix="$ARTIFACTS/" -print_final_stats=1 "$CORPUS" "$work/seeds" > "$work/fuzz.log" 2>&1
    rc=$?
    set -e
    grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb|slowest_unit_time_sec)' "$work/fuzz.log" >&2 || true
    new=$(comm -13 <(echo "$before") <(find "$ARTIFACTS" -type f | sort) | grep -E '/(crash|timeout|oom|leak)-' || true)
    if [ $rc -ne 0 ] || [ -n "$new" ]; then
        grep -E -A 12 'Fatal error|==ERROR|ERROR: libFuzzer|deadly signal|ALARM|out-of-memory' "$work/fuzz.log" | head -40 >&2 || true
        log "FAILED after $((SECONDS - start)) s (libFuzzer exit $rc); the input is saved as:"
        [ -n "$new" ] && printf '  %s\n' $new >&2
        log "replay it with: scripts/fuzz.sh replay ${new:-FILE}"
        exit 1
    fi
    log "no crash, hang or oom in $((SECONDS - start)) s"
    ;;
esac
