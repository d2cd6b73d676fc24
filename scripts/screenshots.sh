#!/usr/bin/env bash
# Regenerate the PNG pictures in screenshots/ from real tmux captures of the rollscope TUI.
#
#   scripts/screenshots.sh
#
# Builds rollscope (swift build), then for each picture starts a private tmux server
# (socket "rollscope-shots") of a fixed size, runs rollscope in it, sends keys, captures the
# pane with `tmux capture-pane -p -e -N` and renders the capture to PNG with
# scripts/render_screenshot.py (Python standard library + Pillow; /usr/bin/python3 with
# Debian's python3-pil, installed with apt-get when missing). Every capture is checked for
# what the picture is meant to show; any failure stops the script with a non-zero status.
# Rerunnable: pictures are overwritten, a stale server from an earlier run is killed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

PY=/usr/bin/python3
RENDER=$ROOT/scripts/render_screenshot.py
SOCKET=rollscope-shots
SESSION=shots
OUT=$ROOT/screenshots
FIX=Tests/Fixtures
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rollscope-shots.XXXXXX")
WRITTEN=()

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'screenshots.sh: %s\n' "$*" >&2; exit 1; }

tm() { tmux -L "$SOCKET" "$@"; }
kill_server() { tm kill-server >/dev/null 2>&1 || true; }
cleanup() { kill_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites --------------------------------------------------------------------------

command -v tmux >/dev/null || die "tmux is not installed"
command -v swift >/dev/null || die "swift is not on PATH"
[[ -x $PY ]] || die "$PY is missing (Debian's python3)"
[[ -f $FONT ]] || die "$FONT is missing (apt-get install fonts-dejavu-core)"

if ! "$PY" -c 'import PIL.Image, PIL.ImageDraw, PIL.ImageFont' 2>/dev/null; then
    say "installing python3-pil"
    SUDO=()
    [[ $(id -u) -eq 0 ]] || SUDO=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    if ! "${SUDO[@]}" apt-get install -y python3-pil; then
        "${SUDO[@]}" apt-get update
        "${SUDO[@]}" apt-get install -y python3-pil
    fi
    "$PY" -c 'import PIL.Image, PIL.ImageDraw, PIL.ImageFont' || die "Pillow still not importable by $PY"
fi

say "swift build"
swift build
BIN_DIR=$(swift build --show-bin-path)
BIN=$BIN_DIR/rollscope
[[ -x $BIN ]] || die "$BIN was not built"
# shorter in the pane's command line; the pane starts in $ROOT
if [[ $BIN == "$ROOT"/* ]]; then BIN=${BIN#"$ROOT"/}; fi

mkdir -p "$OUT"

# --- helpers --------------------------------------------------------------------------------

# plain text of the pane (no escapes)
pane_text() { tm capture-pane -p -t "$SESSION"; }

# start COLS ROWS NO_COLOR COMMAND: a fresh private server running COMMAND in a COLS x ROWS pane
start() {
    local cols=$1 rows=$2 nocolor=$3 cmd=$4
    kill_server
    # The server copies this environment; a locale override would make rollscope draw ASCII.
    env -u LC_ALL -u LC_CTYPE -u TMUX tmux -L "$SOCKET" -f /dev/null \
        new-session -d -s "$SESSION" -c "$ROOT" -x "$cols" -y "$rows" \
        -e LANG=C.UTF-8 -e "NO_COLOR=$nocolor" "$cmd; sleep 600"
    START_US=${EPOCHREALTIME/./}
}

# wait_for REGEX [SECONDS]: until the pane shows REGEX (extended grep)
wait_for() {
    local re=$1 limit=${2:-15} i text
    for ((i = 0; i < limit * 10; i++)); do
        text=$(pane_text) || die "the tmux server is gone"
        if grep -Eq -- "$re" <<<"$text"; then return 0; fi
        # rollscope gone (the pane now runs the trailing sleep): it failed to start
        if [[ $(tm display-message -p -t "$SESSION" '#{pane_current_command}') == sleep ]]; then
            printf '%s\n' "--- rollscope exited; the pane shows:" >&2
            printf '%s\n' "$text" | sed '/^$/d' >&2
            die "rollscope exited before showing /$re/"
        fi
        sleep 0.1
    done
    printf '%s\n' "--- pane after ${limit}s, still no /$re/:" >&2
    pane_text >&2 || true
    die "timed out waiting for /$re/"
}

# keys KEY...: send each key (tmux key names: Enter, Tab, j, ?), pausing between them
keys() {
    local k
    for k in "$@"; do
        tm send-keys -t "$SESSION" "$k"
        sleep 0.3
    done
}

# capture NAME: the pane with attributes, into $WORK/NAME.ansi
capture() {
    tm capture-pane -p -e -N -t "$SESSION" >"$WORK/$1.ansi"
    [[ -s $WORK/$1.ansi ]] || die "empty capture for $1"
}

# expect NAME REGEX...: the capture NAME (escapes removed) must match every REGEX
expect() {
    local name=$1 re
    shift
    sed 's/\x1b\[[0-9;:]*m//g' "$WORK/$name.ansi" >"$WORK/$name.txt"
    for re in "$@"; do
        if ! grep -Eq -- "$re" "$WORK/$name.txt"; then
            printf '%s\n' "--- capture $name:" >&2
            cat "$WORK/$name.txt" >&2
            die "$name: the capture does not show /$re/"
        fi
    done
}

# render NAME COLS ROWS: $WORK/NAME.ansi -> screenshots/NAME.png
render() {
    local name=$1 cols=$2 rows=$3
    "$PY" "$RENDER" "$WORK/$name.ansi" "$OUT/$name.png" --cols "$cols" --rows "$rows"
    WRITTEN+=("$OUT/$name.png")
    kill_server
}

# demo_mid_rollout CAPTURE: the header says some new pods are ready and some still starting
# ("new 2/4 ready") and at least two old pods terminating, and a preStop bar (▓) is drawn
demo_mid_rollout() {
    local text ready total term
    text=$(sed 's/\x1b\[[0-9;:]*m//g' "$1")
    [[ $text =~ new\ ([0-9]+)/([0-9]+)\ ready ]] || return 1
    ready=${BASH_REMATCH[1]} total=${BASH_REMATCH[2]}
    [[ $text =~ stopping\ ([0-9]+) ]] || return 1
    term=${BASH_REMATCH[1]}
    ((ready >= 1 && ready < total && term >= 2)) && [[ $text == *▓* ]]
}

HEADER='rollscope .*shop/web'
SIGKILL_REPLAY="$BIN replay $FIX/sigkill/pods-watch.json $FIX/sigkill/events.json"

# --- the pictures ---------------------------------------------------------------------------

# 1. The live demo mid-rollout: old pods terminating (preStop), new ones starting, some ready.
#    At speed 4 that is about 6-7 s in; the capture is polled from 6 s until the header
#    says so (at most 12 s), so a slow start does not give a wrong picture.
name=demo-mid-rollout
say "$name"
start 120 40 "" "$BIN demo sigkill --speed 4"
wait_for "$HEADER"
ok=
while :; do
    elapsed_ms=$(( (${EPOCHREALTIME/./} - START_US) / 1000 ))
    ((elapsed_ms < 12000)) || break
    if ((elapsed_ms >= 6000)); then
        capture "$name"
        if demo_mid_rollout "$WORK/$name.ansi"; then ok=1; break; fi
    fi
    sleep 0.25
done
if [[ -z $ok ]]; then
    sed 's/\x1b\[[0-9;:]*m//g' "$WORK/$name.ansi" >&2 || true
    die "$name: no capture with new pods ready and starting and old pods terminating within 12 s"
fi
say "$name: captured at $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"
expect "$name" 'LIVE' '▓' '█'
render "$name" 120 40

# 2. The sigkill replay, second old pod selected, detail pane enlarged: SIGKILL, exit 137.
name=replay-sigkill-detail
say "$name"
start 120 40 "" "$SIGKILL_REPLAY"
wait_for "$HEADER"
keys j Enter
sleep 0.5
capture "$name"
expect "$name" 'Pod web-7d4b9c8f6d-fj9nt' 'SIGKILL' '137'
render "$name" 120 40

# 3. The no-prestop replay (pods, events, EndpointSlices, ingress-nginx log) at 80x24.
name=replay-80x24
say "$name"
start 80 24 "" "$BIN replay $FIX/no-prestop/pods-watch.json $FIX/no-prestop/events.json $FIX/no-prestop/endpointslices-watch.json --signals $FIX/no-prestop/ingress-nginx.log"
wait_for "$HEADER"
sleep 0.5
capture "$name"
expect "$name" 'web-7d4b9c8f6d' 'web-5f8d7c9b4a'
render "$name" 80 24

# 4. The sigkill replay without colours (NO_COLOR=1): attributes and glyphs only.
name=monochrome
say "$name"
start 100 30 1 "$SIGKILL_REPLAY"
wait_for "$HEADER"
sleep 0.5
capture "$name"
if grep -Eq $'\x1b\\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7]|[34]8;[0-9;]+)m' "$WORK/$name.ansi"; then
    die "$name: the capture has colours although NO_COLOR=1"
fi
render "$name" 100 30

# 5. The sigkill replay with the key help open.
name=help
say "$name"
start 100 30 "" "$SIGKILL_REPLAY"
wait_for "$HEADER"
keys '?'
sleep 0.5
capture "$name"
expect "$name" 'Keys' 'enlarge the detail pane'
render "$name" 100 30

# --- report ---------------------------------------------------------------------------------

say "wrote:"
"$PY" - "${WRITTEN[@]}" <<'EOF'
import os, sys
from PIL import Image
for path in sys.argv[1:]:
    with Image.open(path) as im:
        w, h = im.size
    print(f"{os.path.relpath(path)}  {w}x{h}  {os.path.getsize(path)} bytes")
EOF
