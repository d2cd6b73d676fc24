#!/usr/bin/env bash
# Regenerate the PNG pictures in screenshots/ from a real terminal emulator running the TUI.
#
#   scripts/screenshots.sh [NAME...]     (all pictures, or only those named: help report-html)
#
# Installs what it needs with apt-get when missing (as root, or through sudo): Debian's xvfb,
# xterm, x11-apps (xwd), netpbm, fonts-dejavu-core and tmux. Builds rollscope (swift build).
#
# For each picture a private tmux server (socket "rollscope-shots") runs rollscope in a pane of
# the picture's size, and an xterm of exactly that many columns and rows, on a private Xvfb
# display, attaches to it. Keys go in with `tmux send-keys`; `tmux capture-pane` checks that the
# screen shows what the picture is meant to show; once the xterm has stopped changing, xwd takes
# its window (the terminal and its padding, no desktop) and netpbm writes screenshots/NAME.png.
#
# Why xterm under Xvfb: the picture is what a terminal emulator draws, with its own font
# rendering, colours and line drawing, not our idea of one; the packages are small and need no
# browser. Converting tmux's capture to HTML and taking it with a browser would show the
# converter's idea of a terminal instead (CSS line boxes leave seams between rows of box-drawing
# and block glyphs), and bring a converter from outside Debian.
#
# The terminal: DejaVu Sans Mono at 20 px, TERM=xterm-256color, LANG=C.UTF-8, and a dark
# 16-colour palette; rollscope inside tmux sees TERM=tmux-256color. forceXftHeight makes a cell
# exactly as high as the font, so the full block of a timeline row meets the row below without
# a seam; boldColors off shows the colours rollscope asks for (bold does not brighten them).
#
# The HTML report's picture is Debian's Chromium, headless, with a fresh profile and no
# network (html_shot): the page as a browser draws it.
#
# Every capture is checked; any failure stops the script with a non-zero status. Rerunnable:
# pictures are overwritten, a stale tmux server from an earlier run is killed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SOCKET=rollscope-shots
SESSION=shots
OUT=$ROOT/screenshots
FIX=Tests/Fixtures
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf
WORK=$(mktemp -d "${TMPDIR:-/tmp}/rollscope-shots.XXXXXX")
WRITTEN=()
ONLY=("$@")
XVFB_PID= XDISPLAY= XTERM_PID= WINDOW=

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'screenshots.sh: %s\n' "$*" >&2; exit 1; }

tm() { tmux -L "$SOCKET" "$@"; }
# stop_terminal: end the tmux server (the xterm attached to it exits with it) and wait until
# both are gone, so that the next server can take the socket
stop_terminal() {
    local server i
    server=$(tm display-message -p '#{pid}' 2>/dev/null) || server=
    tm kill-server >/dev/null 2>&1 || true
    for ((i = 0; i < 100; i++)); do
        [[ -n $server ]] && kill -0 "$server" 2>/dev/null || break
        sleep 0.05
    done
    if [[ -n $XTERM_PID ]]; then kill "$XTERM_PID" 2>/dev/null || true; wait "$XTERM_PID" 2>/dev/null || true; fi
    XTERM_PID= WINDOW=
}
cleanup() {
    stop_terminal
    if [[ -n $XVFB_PID ]]; then kill "$XVFB_PID" 2>/dev/null || true; wait "$XVFB_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# need WHAT:PACKAGE...: apt-get install each PACKAGE whose WHAT (a command, or an absolute
# path) is missing
need() {
    local pair what missing=() sudo=()
    for pair in "$@"; do
        what=${pair%%:*}
        if [[ $what == /* ]]; then [[ -e $what ]] && continue
        else command -v "$what" >/dev/null && continue; fi
        missing+=("${pair#*:}")
    done
    ((${#missing[@]})) || return 0
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    say "installing ${missing[*]}"
    [[ $(id -u) -eq 0 ]] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
        "${sudo[@]}" apt-get update
        "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
    fi
    for pair in "$@"; do
        what=${pair%%:*}
        [[ -e $what ]] || command -v "$what" >/dev/null || die "$what is still missing"
    done
}

# wrote FILE: note a picture for the closing list
wrote() { WRITTEN+=("$1"); }

# wanted NAME: whether this run makes the picture NAME (all when none were named)
wanted() { ((${#ONLY[@]} == 0)) || [[ " ${ONLY[*]} " == *" $1 "* ]]; }

# --- prerequisites --------------------------------------------------------------------------

command -v swift >/dev/null || die "swift is not on PATH"
need tmux:tmux Xvfb:xvfb xterm:xterm xwd:x11-apps xwdtopnm:netpbm pnmtopng:netpbm "$FONT:fonts-dejavu-core"

say "swift build"
swift build --product rollscope
BIN=$(swift build --show-bin-path)/rollscope
[[ -x $BIN ]] || die "$BIN was not built"
# shorter in the pane's command line; the pane starts in $ROOT
if [[ $BIN == "$ROOT"/* ]]; then BIN=${BIN#"$ROOT"/}; fi

mkdir -p "$OUT"

# --- the terminal ---------------------------------------------------------------------------

# xvfb: a private X display (the first free number), once; sets XDISPLAY
xvfb() {
    [[ -n $XVFB_PID ]] && return 0
    local fd i
    exec {fd}>"$WORK/display"
    Xvfb -displayfd "$fd" -screen 0 2048x1536x24 -nolisten tcp >"$WORK/xvfb.log" 2>&1 &
    XVFB_PID=$!
    exec {fd}>&-
    for ((i = 0; i < 100; i++)); do
        [[ -s $WORK/display ]] && break
        kill -0 "$XVFB_PID" 2>/dev/null || { cat "$WORK/xvfb.log" >&2; die "Xvfb did not start"; }
        sleep 0.05
    done
    XDISPLAY=:$(tr -d '[:space:]' <"$WORK/display")
    [[ $XDISPLAY != : ]] || die "Xvfb gave no display number"
}

XTERM_LOOK=(
    -fa 'DejaVu Sans Mono:pixelsize=20' -tn xterm-256color +sb -b 8
    -bg '#1e1e1e' -fg '#d4d4d4'
    -xrm 'XTerm*forceXftHeight: true' -xrm 'XTerm*boldColors: false'
)
# the 16 ANSI colours, xterm-like, for a #1e1e1e background
PALETTE=(
    '#000000' '#cd3131' '#0dbc79' '#e5e510' '#2472c8' '#bc3fbc' '#11a8cd' '#e5e5e5'
    '#666666' '#f14c4c' '#23d18b' '#f5f543' '#3b8eea' '#d670d6' '#29b8db' '#ffffff'
)
for i in "${!PALETTE[@]}"; do XTERM_LOOK+=(-xrm "XTerm*color$i: ${PALETTE[i]}"); done

# start COLS ROWS NOCOLOR COMMAND: a fresh tmux server running COMMAND in a COLS x ROWS pane
# (NOCOLOR 1 sets NO_COLOR=1), and an xterm of the same size attached to it
start() {
    local cols=$1 rows=$2 nocolor=$3 cmd=$4 i nc=()
    stop_terminal
    [[ $nocolor == 1 ]] && nc=(-e NO_COLOR=1)
    printf '%s\n' 'set -g status off' 'set -g remain-on-exit on' \
        'set -g default-terminal tmux-256color' >"$WORK/tmux.conf"
    # The server copies this environment; a locale override would make rollscope draw ASCII.
    env -u LC_ALL -u LC_CTYPE -u TMUX -u NO_COLOR -u DISPLAY tmux -L "$SOCKET" -f "$WORK/tmux.conf" \
        new-session -d -s "$SESSION" -c "$ROOT" -x "$cols" -y "$rows" \
        -e LANG=C.UTF-8 "${nc[@]}" "exec $cmd"
    START_US=${EPOCHREALTIME/./}

    xvfb
    rm -f "$WORK/window"
    env -u LC_ALL -u LC_CTYPE -u TMUX DISPLAY="$XDISPLAY" XENVIRONMENT=/dev/null LANG=C.UTF-8 \
        xterm "${XTERM_LOOK[@]}" -geometry "${cols}x${rows}+0+0" \
        -e sh -c 'printf %s "$WINDOWID" >"$1.tmp" && mv "$1.tmp" "$1"; exec tmux -L "$2" attach -t "$3"' \
        sh "$WORK/window" "$SOCKET" "$SESSION" >"$WORK/xterm.log" 2>&1 &
    XTERM_PID=$!
    for ((i = 0; i < 100; i++)); do
        if [[ -s $WORK/window && $(tm list-clients -F '#{client_width}x#{client_height}' 2>/dev/null) == "${cols}x${rows}" ]]; then
            WINDOW=$(<"$WORK/window")
            return 0
        fi
        kill -0 "$XTERM_PID" 2>/dev/null || { cat "$WORK/xterm.log" >&2; die "xterm exited"; }
        sleep 0.05
    done
    tm list-clients >&2 || true
    die "no ${cols}x${rows} xterm attached to the tmux session within 5 s"
}

# xterm_shot NAME: the xterm's window, once two dumps 0.2 s apart are the same, to $OUT/NAME.png
xterm_shot() {
    local name=$1 png=$OUT/$1.png sum prev= i
    for ((i = 0; i < 25; i++)); do
        DISPLAY=$XDISPLAY xwd -silent -id "$WINDOW" >"$WORK/$name.xwd" || die "$name: xwd failed"
        sum=$(cksum <"$WORK/$name.xwd")
        [[ $sum == "$prev" ]] && break
        prev=$sum
        sleep 0.2
    done
    ((i < 25)) || die "$name: the terminal was still changing after 5 s"
    xwdtopnm <"$WORK/$name.xwd" 2>"$WORK/netpbm.log" | pnmtopng -compression 9 >"$png" 2>>"$WORK/netpbm.log" ||
        { cat "$WORK/netpbm.log" >&2; die "$name: converting to PNG failed"; }
    wrote "$png"
}

# --- the screen -----------------------------------------------------------------------------

# plain text of the pane (no escapes)
pane_text() { tm capture-pane -p -t "$SESSION"; }

# fail if rollscope has exited (the pane stays, showing its last screen)
alive() {
    [[ $(tm display-message -p -t "$SESSION" '#{pane_dead}') != 1 ]] && return 0
    printf '%s\n' "--- rollscope exited; the pane shows:" >&2
    pane_text | sed '/^$/d' >&2
    die "rollscope exited"
}

# wait_for REGEX [SECONDS]: until the pane shows REGEX (extended grep)
wait_for() {
    local re=$1 limit=${2:-15} i
    for ((i = 0; i < limit * 20; i++)); do
        alive
        if pane_text | grep -Eq -- "$re"; then return 0; fi
        sleep 0.05
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
        sleep 0.2
    done
}

# capture NAME: the pane with attributes into $WORK/NAME.ansi and as plain text into
# $WORK/NAME.txt, once two captures 0.2 s apart are the same
capture() {
    local name=$1 prev= i
    for ((i = 0; i < 25; i++)); do
        alive
        tm capture-pane -p -e -N -t "$SESSION" >"$WORK/$name.ansi"
        [[ -s $WORK/$name.ansi ]] || die "empty capture for $name"
        [[ $(<"$WORK/$name.ansi") == "$prev" ]] && break
        prev=$(<"$WORK/$name.ansi")
        sleep 0.2
    done
    ((i < 25)) || die "$name: the screen was still changing after 5 s"
    sed 's/\x1b\[[0-9;:]*m//g' "$WORK/$name.ansi" >"$WORK/$name.txt"
}

# expect NAME REGEX...: the capture NAME must show every REGEX
expect() {
    local name=$1 re
    shift
    for re in "$@"; do
        if ! grep -Eq -- "$re" "$WORK/$name.txt"; then
            printf '%s\n' "--- capture $name:" >&2
            cat "$WORK/$name.txt" >&2
            die "$name: the capture does not show /$re/"
        fi
    done
}

# demo_mid_rollout TEXT: the header says some new pods are ready and some still starting
# ("new 2/4 ready") and at least two old pods terminating, and a preStop bar (▓) is drawn
demo_mid_rollout() {
    local text=$1 ready total term
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
#    At speed 4 that is about 6-7 s in. From 6 s on, rollscope is stopped (SIGSTOP) and the
#    frozen screen checked; the first one that shows it is the picture (at most 12 s), so a
#    slow start does not give a wrong picture and the screen cannot move while it is taken.
if wanted demo-mid-rollout; then
name=demo-mid-rollout
say "$name"
start 120 40 0 "$BIN demo sigkill --speed 4"
wait_for "$HEADER"
pid=$(tm display-message -p -t "$SESSION" '#{pane_pid}')
ok=
while :; do
    elapsed_ms=$(( (${EPOCHREALTIME/./} - START_US) / 1000 ))
    ((elapsed_ms < 12000)) || break
    if ((elapsed_ms >= 6000)); then
        alive
        kill -STOP "$pid"
        tm capture-pane -p -t "$SESSION" >"$WORK/$name.txt"
        if demo_mid_rollout "$(<"$WORK/$name.txt")"; then ok=1; break; fi
        kill -CONT "$pid"
    fi
    sleep 0.25
done
if [[ -z $ok ]]; then
    cat "$WORK/$name.txt" >&2 || true
    die "$name: no screen with new pods ready and starting and old pods terminating within 12 s"
fi
say "$name: taken at $((elapsed_ms / 1000)).$((elapsed_ms % 1000 / 100)) s"
expect "$name" 'LIVE' '▓' '█'
xterm_shot "$name"
kill -CONT "$pid"
fi

# 2. The sigkill replay, second old pod selected, detail pane enlarged: SIGKILL, exit 137.
if wanted replay-sigkill-detail; then
name=replay-sigkill-detail
say "$name"
start 120 40 0 "$SIGKILL_REPLAY"
wait_for "$HEADER"
keys j Enter
wait_for 'Pod web-7d4b9c8f6d-fj9nt'
capture "$name"
expect "$name" 'SIGKILL' '137'
xterm_shot "$name"
fi

# 3. The no-prestop replay (pods, events, EndpointSlices, ingress-nginx log) at 80x24.
if wanted replay-80x24; then
name=replay-80x24
say "$name"
start 80 24 0 "$BIN replay $FIX/no-prestop/pods-watch.json $FIX/no-prestop/events.json $FIX/no-prestop/endpointslices-watch.json --signals $FIX/no-prestop/ingress-nginx.log"
wait_for "$HEADER"
capture "$name"
expect "$name" 'web-7d4b9c8f6d' 'web-5f8d7c9b4a'
xterm_shot "$name"
fi

# 4. The sigkill replay without colours (NO_COLOR=1): attributes and glyphs only.
if wanted monochrome; then
name=monochrome
say "$name"
start 100 30 1 "$SIGKILL_REPLAY"
wait_for "$HEADER"
capture "$name"
if grep -Eq $'\x1b\\[[0-9;]*(3[0-7]|9[0-7]|4[0-7]|10[0-7]|[34]8;[0-9;]+)m' "$WORK/$name.ansi"; then
    die "$name: the capture has colours although NO_COLOR=1"
fi
xterm_shot "$name"
fi

# 5. The sigkill replay with the key help open.
if wanted help; then
name=help
say "$name"
start 100 30 0 "$SIGKILL_REPLAY"
wait_for "$HEADER"
keys '?'
wait_for 'enlarge the detail pane'
capture "$name"
expect "$name" 'Keys'
xterm_shot "$name"
fi

stop_terminal

# --- the browser ----------------------------------------------------------------------------

# html_shot NAME WIDTH HEIGHT FILE: the top WIDTH x HEIGHT of the page FILE, as Chromium
# (headless, a fresh profile, its background services off, every host unresolvable and a
# closed loopback port as proxy) draws it, to $OUT/NAME.png
html_shot() {
    local name=$1 width=$2 height=$3 file=$4 png=$OUT/$1.png
    rm -f "$png"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --proxy-server=127.0.0.1:9 --host-resolver-rules='MAP * ~NOTFOUND' \
        --user-data-dir="$WORK/chromium" --window-size="$width,$height" --screenshot="$png" \
        "file://$file" >"$WORK/chromium.log" 2>&1 || { cat "$WORK/chromium.log" >&2; die "$name: chromium failed"; }
    [[ -s $png ]] || die "$name: chromium wrote no picture"
    wrote "$png"
}

# 6. The HTML report of the sigkill rollout: header, verdict, timeline, findings.
if wanted report-html; then
name=report-html
say "$name"
need chromium:chromium
$BIN report $FIX/sigkill/pods-watch.json $FIX/sigkill/events.json --format html --fail-on never -o "$WORK/$name.html" ||
    die "$name: rollscope report failed"
grep -q 'grace-exceeded' "$WORK/$name.html" || die "$name: the report has no grace-exceeded finding"
html_shot "$name" 1280 1240 "$WORK/$name.html"
fi

# --- report ---------------------------------------------------------------------------------

say "wrote:"
for png in "${WRITTEN[@]}"; do
    # width and height: the first two 4-byte big-endian numbers of the IHDR chunk
    read -r w h < <(od -An -tu1 -j16 -N8 "$png" |
        awk '{ print $1*16777216 + $2*65536 + $3*256 + $4, $5*16777216 + $6*65536 + $7*256 + $8 }')
    printf '%s  %sx%s  %s bytes\n' "${png#"$ROOT"/}" "$w" "$h" "$(wc -c <"$png")"
done
