# shellcheck shell=bash
# desktop.sh — a real desktop for the application tests in tests/apps/.
#
# Sourced (never executed) by tests/apps/APP.sh after setting APP:
#
#   APP=evince
#   . "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
#   app_document "$HOME/Documents/sbox-doc.pdf" pdf
#   app_check "$HOME/Documents/sbox-doc.pdf"
#   done_testing
#
# It brings up, as the calling (unprivileged) user and only for this test,
# what a minimal window-manager desktop gives an application: an X server
# (Xvfb, with an MIT cookie in an XAUTHORITY file), a Wayland compositor
# (weston, drawing with pixman so that screenshots show what clients drew,
# into a window on an Xvfb of its own: a virtual screen with a keyboard and
# a pointer, so that the desktop has a seat, as every real one has; weston's
# headless backend has none, and inkscape and imv-wayland crash without
# one), a session bus, PulseAudio with a null sink, a runtime
# directory and two scratch homes, one for each run. There is no system bus: DBUS_SYSTEM_BUS_ADDRESS
# names a socket that does not exist. Everything started here is killed when
# the test ends (kill_at_exit).
#
# app_check runs `sbox APP [FILE]` twice, as a user would, with the network
# as the profile has it: on X11 (DISPLAY only, with ~/.config/user-dirs.dirs,
# FILE in the XDG directory the profile grants) and on Wayland
# (WAYLAND_DISPLAY, and DISPLAY for Xwayland, without user-dirs.dirs, FILE
# copied straight into the home, which no grant reaches: the profile's
# FileArguments= alone makes it visible). Each run
# passes when the application maps a top-level window of at least 200x150
# (X11: xwininfo; Wayland: a screenshot that differs from the empty desktop
# in as many pixels), when the window title names FILE (X11: WM_NAME;
# Wayland: xdg_toplevel.set_title in the compositor's protocol log), and when
# `sbox --kill` leaves no process of the sandbox behind. A screenshot of
# each run, scaled to 640 pixels wide, goes to $SBOX_APPS_SHOTS/APP-x11.png
# and APP-wayland.png.
#
# Variables a test may set before app_check:
#   APP_ARGS     extra arguments before FILE (an array)
#   APP_TITLE    what the window title must contain (default: FILE's name)
#   APP_TIMEOUT  seconds to wait for the window (default 40)
#   APP_CMD_X11, APP_CMD_WAYLAND  the command a user types on each (default
#                APP; imv ships one binary for each)
#   APP_SHOT     the screenshots' name (default APP)

_apps_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_apps_lib=$_apps_here/libtest.sh
[ -f "$_apps_lib" ] || _apps_lib=${SBOX_TESTS_SRCDIR:-$_apps_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_apps_lib"

: "${APP:?set APP before sourcing desktop.sh}"
APP_TIMEOUT=${APP_TIMEOUT:-40}
APP_TITLE=${APP_TITLE:-}
APP_CMD_X11=${APP_CMD_X11:-$APP}
APP_CMD_WAYLAND=${APP_CMD_WAYLAND:-$APP}
APP_SHOT=${APP_SHOT:-$APP}
declare -p APP_ARGS >/dev/null 2>&1 || APP_ARGS=()

have () { command -v "$1" >/dev/null 2>&1; }

# The Debian package that ships APP, from tests/apps/packages.
app_package ()
{
  local list=$_apps_here/packages
  [ -f "$list" ] || list=${SBOX_APPS_PACKAGES:-}
  [ -n "$list" ] && [ -f "$list" ] && awk -v a="$1" '$1 == a { $1 = ""; sub(/^ /, ""); print }' "$list"
}

if ! have "$APP_CMD_X11" || ! have "$APP_CMD_WAYLAND"; then
  pkg=$(app_package "$APP")
  skip_all "$APP not installed${pkg:+ (Debian: $pkg; make check-apps installs it)}"
fi
for tool in Xvfb Xwayland xauth xwininfo weston weston-screenshooter dbus-daemon pulseaudio pactl convert compare; do
  have "$tool" || skip_all "$tool is not installed (see ./bootstrap's package list)"
done
# /usr/local/bin may hold a stand-in convert: use ImageMagick's own.
CONVERT=convert
COMPARE=compare
[ -x /usr/bin/convert ] && CONVERT=/usr/bin/convert
[ -x /usr/bin/compare ] && COMPARE=/usr/bin/compare

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$_apps_here/../integration}/../../profiles}
SHOTS=${SBOX_APPS_SHOTS:-$SBOX_TMP/screenshots}
mkdir -p "$SHOTS" || bail_out "cannot create $SHOTS"
LOGS=$SBOX_TMP/logs
mkdir -p "$LOGS"

# The desktop's environment: nothing of the caller's session leaks in.
RUN=$SBOX_TMP/run
mkdir -m 0700 "$RUN" || bail_out "cannot create $RUN"
export XDG_RUNTIME_DIR=$RUN
unset DISPLAY XAUTHORITY WAYLAND_DISPLAY WAYLAND_SOCKET DBUS_SESSION_BUS_ADDRESS \
  PULSE_SERVER PULSE_CLIENTCONFIG XDG_SESSION_TYPE XDG_CURRENT_DESKTOP SSH_AUTH_SOCK \
  XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_STATE_HOME
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SBOX_TMP/no-system-bus
export LANG=${LANG:-C.UTF-8}
# Two scratch homes: the X11 run's, with user-dirs.dirs, and the Wayland
# run's, without (each run also starts with no state the other left in the
# profile's private home).
HOME_WL=$SBOX_TMP/home-wayland
for h in "$HOME" "$HOME_WL"; do
  mkdir -p "$h/.config" "$h/Documents" "$h/Pictures" "$h/Music" "$h/Videos" "$h/Downloads" "$h/Desktop"
done
# shellcheck disable=SC2016
printf '%s\n' 'XDG_DESKTOP_DIR="$HOME/Desktop"' 'XDG_DOWNLOAD_DIR="$HOME/Downloads"' \
  'XDG_DOCUMENTS_DIR="$HOME/Documents"' 'XDG_MUSIC_DIR="$HOME/Music"' \
  'XDG_PICTURES_DIR="$HOME/Pictures"' 'XDG_VIDEOS_DIR="$HOME/Videos"' \
  >"$HOME/.config/user-dirs.dirs"
WIDTH=1024
HEIGHT=640

# _start NAME CMD...: a peer in the background, its output in $LOGS/NAME.
_start ()
{
  local name=$1
  shift
  "$@" >"$LOGS/$name" 2>&1 </dev/null &
  kill_at_exit $!
  eval "PID_$name=\$!"
  disown $!
}

# _peer_failed WHAT NAME: say why a peer did not come up, then give up.
_peer_failed ()
{
  diag "$1 did not start; its output:"
  diag "$(tail -n 15 "$LOGS/$2" 2>/dev/null)"
  bail_out "$1 did not start"
}

# --- the peers -------------------------------------------------------------------------------

# X11: an Xvfb with a cookie of its own (start_xvfb).
start_xvfb 200 299 -br -screen 0 "${WIDTH}x${HEIGHT}x24" || bail_out "Xvfb did not start"
XN=$XVFB_DISPLAY
X_ENV=(DISPLAY=":$XN" XAUTHORITY="$XVFB_AUTH")

# Wayland: desktop-shell with a plain background and no panel (no clock that
# would change the empty desktop), no input-method helper; the debug
# extension lets weston-screenshooter read the output, and the "proto" log
# scope records what clients ask (the titles they set).
WL=wayland-sbox-apps-$$
cat >"$SBOX_TMP/weston.ini" <<EOF
[core]
shell=desktop-shell.so
idle-time=0
xwayland=true

[shell]
background-color=0xff204060
panel-position=none
locking=false
animation=none
startup-animation=none

[input-method]
path=
EOF
start_xvfb 200 299 -screen 0 "${WIDTH}x${HEIGHT}x24" || bail_out "weston's Xvfb did not start"
_start weston env DISPLAY=":$XVFB_DISPLAY" XAUTHORITY="$XVFB_AUTH" \
  weston --backend=x11-backend.so --use-pixman --width="$WIDTH" --height="$HEIGHT" \
  --socket="$WL" --idle-time=0 --config="$SBOX_TMP/weston.ini" --debug \
  --logger-scopes=log,proto --log="$LOGS/weston-protocol"

# The session bus: a private dbus-daemon (start_session_bus) at the usual
# place in the runtime directory.
start_session_bus "unix:path=$RUN/bus" || bail_out "dbus-daemon did not start"

# PulseAudio without the system's configuration: the native protocol at its
# usual place in the runtime directory and a null sink to play into.
mkdir -m 0700 "$RUN/pulse"
_start pulse pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
  --log-target=stderr --disallow-exit \
  --load="module-native-protocol-unix socket=$RUN/pulse/native" \
  --load="module-null-sink sink_name=sbox_null"

if ! wait_for 20 test -S "$RUN/$WL"; then
  diag "weston's log:" "$(grep -v '\[proto\]' "$LOGS/weston-protocol" 2>/dev/null | tail -n 15)"
  _peer_failed "weston" weston
fi
# Xwayland, for the X11 clients of the Wayland desktop (weston starts the
# server when the first of them connects).
_xwayland_display () { sed -n 's/.*xserver listening on display \(:[0-9]*\)$/\1/p' "$LOGS/weston-protocol" | head -n 1; }
_xwayland_up () { [ -n "$(_xwayland_display)" ]; }
if ! wait_for 20 _xwayland_up; then
  diag "weston's log:" "$(grep -v '\[proto\]' "$LOGS/weston-protocol" 2>/dev/null | tail -n 15)"
  _peer_failed "weston's Xwayland" weston
fi
XWN=$(_xwayland_display)
export DBUS_SESSION_BUS_ADDRESS=unix:path=$RUN/bus
wait_for 10 pactl info || _peer_failed "pulseaudio" pulse
diag "desktop: X11 :$XN, Wayland $WL (Xwayland $XWN), session bus $RUN/bus, PulseAudio $RUN/pulse/native, no system bus"

# --- documents -------------------------------------------------------------------------------

# app_document PATH KIND: write a small document of KIND (pdf, png, svg,
# text, fodt, html, y4m) at PATH.
app_document ()
{
  local path=$1 kind=$2
  mkdir -p "$(dirname "$path")"
  case $kind in
    pdf)
      python3 - "$path" <<'PY'
import sys
text = b"BT /F1 28 Tf 40 160 Td (sbox test document) Tj ET"
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 300] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
out, offsets = b"%PDF-1.4\n", []
for number, body in enumerate(objs, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY
      ;;
    png)
      # A red-green gradient with a blue disc: easy to recognise in a
      # screenshot, and far more than a handful of colours.
      python3 - "$path" <<'PY'
import struct, sys, zlib
w, h = 320, 240
rows = []
for y in range(h):
    row = bytearray([0])
    for x in range(w):
        disc = (x - 160) ** 2 + (y - 120) ** 2 < 60 ** 2
        row += bytes((40, 60, 220) if disc else (x * 255 // w, y * 255 // h, 60))
    rows.append(bytes(row))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
open(sys.argv[1], "wb").write(png)
PY
      ;;
    svg)
      cat >"$path" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240">
  <rect x="10" y="10" width="140" height="100" fill="#c82828"/>
  <circle cx="230" cy="150" r="70" fill="#2838c8"/>
  <text x="20" y="220" font-size="28" font-family="sans-serif">sbox test</text>
</svg>
EOF
      ;;
    text)
      printf 'sbox test document\n\nThis file was written by the application tests.\n' >"$path"
      ;;
    fodt)
      cat >"$path" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
  <office:body>
    <office:text>
      <text:h text:outline-level="1">sbox test document</text:h>
      <text:p>This file was written by the application tests.</text:p>
    </office:text>
  </office:body>
</office:document>
EOF
      ;;
    html)
      cat >"$path" <<'EOF'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>sbox rendered page</title></head>
<body style="background:#2a6; color:#fff; font-family:sans-serif">
<h1>sbox test page</h1><p>Rendered from a local file inside the sandbox.</p>
</body></html>
EOF
      ;;
    y4m)
      # Raw YUV 4:2:0 video, 320x240 at 4 frames a second for 25 seconds
      # (players size their window to the video): a white bar moving across
      # three bands of shaded green.
      python3 - "$path" <<'PY'
import sys
w, h, frames = 320, 240, 100
u = bytes([90]) * (w // 2 * h // 2)
v = bytes([110]) * (w // 2 * h // 2)
ramp = {base: bytes(base + x // 5 for x in range(w)) for base in (40, 100, 160)}
with open(sys.argv[1], "wb") as f:
    f.write(b"YUV4MPEG2 W%d H%d F4:1 Ip A1:1 C420jpeg\n" % (w, h))
    for n in range(frames):
        bar = (n * 8) % (w - 16)
        y = b"".join(ramp[base][:bar] + b"\xff" * 16 + ramp[base][bar + 16:]
                     for base in (40, 100, 160) for _ in range(h // 3))
        f.write(b"FRAME\n" + y + u + v)
PY
      ;;
    *) bail_out "app_document: unknown kind $kind" ;;
  esac
  [ -s "$path" ] || bail_out "cannot write the test document $path"
}

# --- what is on the screen ---------------------------------------------------------------------

# x11_windows: one line "WIDTHxHEIGHT TITLE" per viewable top-level window
# of at least 200x150 (with no window manager, top-level means a child of
# the root window).
x11_windows ()
{
  local id
  for id in $(env "${X_ENV[@]}" xwininfo -root -children 2>/dev/null | awk '$1 ~ /^0x/ { print $1 }'); do
    env "${X_ENV[@]}" xwininfo -id "$id" 2>/dev/null | awk '
      /^xwininfo: Window id:/ { t = $0; sub(/^xwininfo: Window id: 0x[0-9a-f]+ /, "", t)
                                 sub(/^"/, "", t); sub(/"$/, "", t) }
      /^  Width:/ { w = $2 } /^  Height:/ { h = $2 }
      /^  Map State:/ { m = $3 }
      END { if (m == "IsViewable" && w >= 200 && h >= 150) print w "x" h " " t }'
  done
}

# wl_titles: every title a Wayland client gave a toplevel, in order, then
# the names of the windows of the X11 clients on Xwayland.
wl_titles ()
{
  sed -n 's/.*xdg_toplevel@[0-9]*\.set_title("\(.*\)")$/\1/p' "$LOGS/weston-protocol" 2>/dev/null
  _xwayland_titles | sed 's/^/Xwayland: /'
}

_xwayland_titles ()
{
  DISPLAY=$XWN timeout 5 xwininfo -root -tree 2>/dev/null \
    | sed -n 's/^ *0x[0-9a-f]* "\(.*\)": (.*/\1/p' | grep -v '^Weston WM$'
}

# wl_screenshot OUT: the compositor's output as a PNG.
wl_screenshot ()
{
  local dir=$SBOX_TMP/wl-shot shots
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$dir" && WAYLAND_DISPLAY=$WL timeout 10 weston-screenshooter) >/dev/null 2>&1 || return 1
  shots=("$dir"/*.png)
  [ -e "${shots[0]}" ] && mv "${shots[0]}" "$1"
}

x11_screenshot ()
{
  env "${X_ENV[@]}" timeout 10 import -window root "$1" 2>/dev/null
}

# differing_pixels A B: how many pixels of two screenshots differ.
differing_pixels ()
{
  local n
  n=$("$COMPARE" -metric AE "$1" "$2" null: 2>&1 >/dev/null)
  printf '%.0f\n' "${n%% *}" 2>/dev/null || echo 0
}

# colours PNG: how many distinct colours the picture has (a black or blank
# window has one or two).
colours ()
{
  "$CONVERT" "$1" -format '%k' info: 2>/dev/null || echo 0
}

# _keep SHOT NAME: the screenshot, 640 pixels wide, in $SHOTS/NAME.
_keep ()
{
  "$CONVERT" "$1" -resize 640x "$SHOTS/$2" 2>/dev/null || cp "$1" "$SHOTS/$2"
}

# --- one start of the application ------------------------------------------------------------

# _descendants PID: PID's processes, recursively (the sandbox's included).
_descendants ()
{
  local pid child children
  for pid in "$@"; do
    read -r -a children < <(cat /proc/"$pid"/task/*/children 2>/dev/null | tr '\n' ' ')
    for child in "${children[@]}"; do
      echo "$child"
      _descendants "$child"
    done
  done
}

# _instance_of LAUNCHER: the id of the sandbox that sbox process started.
_instance_of ()
{
  HOME=$_RUN_HOME "$SBOX" --list=json 2>/dev/null | python3 -c '
import json, sys
for i in json.load(sys.stdin):
    if i.get("launcher-pid") == int(sys.argv[1]):
        print(i["id"])' "$1"
}

# _app_window MODE: the window of the application is there (and titled),
# for wait_for.
_app_window ()
{
  case $1 in
    x11)
      _WINDOWS=$(x11_windows)
      [ -n "$_WINDOWS" ] || return 1
      [ -z "$_NEEDLE" ] || [[ "$_WINDOWS" == *"$_NEEDLE"* ]]
      ;;
    wayland)
      _TITLES=$(wl_titles)
      [ -z "$_NEEDLE" ] || [[ "$_TITLES" == *"$_NEEDLE"* ]] || return 1
      wl_screenshot "$SBOX_TMP/wl-now.png" || return 1
      _DIFF=$(differing_pixels "$SBOX_TMP/wayland-empty.png" "$SBOX_TMP/wl-now.png")
      [ "$_DIFF" -ge 30000 ]
      ;;
  esac
}

# _wait_window SECONDS MODE: poll _app_window for up to SECONDS of wall time
# (a poll takes a screenshot on Wayland: far longer than wait_for's step).
_wait_window ()
{
  local end=$((SECONDS + $1))
  while [ "$SECONDS" -lt "$end" ]; do
    _app_window "$2" 2>/dev/null && return 0
    # sbox ended: nothing will come (its output says why).
    kill -0 "$_LAUNCHER" 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

# app_run MODE FILE...: start `sbox APP [ARGS] [FILE]` on MODE (x11 or
# wayland) and check its window, title, screenshot and stop.
app_run ()
{
  local mode=$1
  shift
  local file=${1:-} env_mode=() label needle log=$LOGS/$APP_SHOT-$mode cmd=$APP_CMD_X11
  if [ "$mode" = x11 ]; then
    label="on X11 (user-dirs.dirs; file in its XDG directory)"
    _RUN_HOME=$HOME
    env_mode=("${X_ENV[@]}" XDG_SESSION_TYPE=x11)
    if [ ! -s "$SBOX_TMP/x11-empty.png" ]; then
      x11_screenshot "$SBOX_TMP/x11-empty.png" || bail_out "import cannot read the empty X screen"
    fi
  else
    label="on Wayland (with Xwayland; no user-dirs.dirs; file in ~)"
    _RUN_HOME=$HOME_WL
    env_mode=(WAYLAND_DISPLAY="$WL" DISPLAY="$XWN" XDG_SESSION_TYPE=wayland)
    cmd=$APP_CMD_WAYLAND
    # The document straight in the home, where no grant of the profile
    # reaches: only its being named on the command line shows it.
    if [ -n "$file" ]; then
      cp "$file" "$HOME_WL/" && file=$HOME_WL/$(basename "$file")
    fi
    if [ ! -s "$SBOX_TMP/wayland-empty.png" ]; then
      wl_screenshot "$SBOX_TMP/wayland-empty.png" || bail_out "weston-screenshooter cannot read the empty desktop"
    fi
  fi
  needle=$APP_TITLE
  [ -z "$needle" ] && [ -n "$file" ] && needle=$(basename "$file")

  local who="$cmd${APP_ARGS[*]:+ ${APP_ARGS[*]}}"
  local started=$SECONDS
  # shellcheck disable=SC2086
  env HOME="$_RUN_HOME" "${env_mode[@]}" "$SBOX" "$cmd" "${APP_ARGS[@]}" ${file:+"$file"} >"$log" 2>&1 </dev/null &
  local launcher=$!
  _LAUNCHER=$launcher
  kill_at_exit "$launcher"

  _NEEDLE=
  local mapped=
  if _wait_window "$APP_TIMEOUT" "$mode"; then
    mapped=1
    local what
    if [ "$mode" = x11 ]; then
      what=$(x11_windows | head -n 1)
    elif wl_titles | grep -qv '^Xwayland: '; then
      what="native Wayland, $_DIFF pixels differ from the empty desktop"
    else
      what="through Xwayland, $_DIFF pixels differ from the empty desktop"
    fi
    ok "$who maps a window $label: $what"
    if [ -n "$needle" ]; then
      _NEEDLE=$needle
      # A slow first start (GIMP's splash) may take the whole time.
      if _wait_window "$APP_TIMEOUT" "$mode"; then
        ok "$who's window title names $needle $label"
      else
        local titles
        if [ "$mode" = x11 ]; then titles=$(x11_windows); else titles=$(wl_titles); fi
        not_ok "$who's window title names $needle $label" "titles: $titles" "$who's output:" \
          "$(tr '\r' '\n' <"$log" | grep -v '^ *$' | tail -n 20)"
      fi
      _NEEDLE=
    fi
    sleep 2 # let it finish drawing
  else
    local why="nothing after ${APP_TIMEOUT}s"
    kill -0 "$launcher" 2>/dev/null || { wait "$launcher"; why="sbox exited with status $? after $((SECONDS - started))s"; }
    not_ok "$who maps a window $label" "$why; $APP's output:" \
      "$(tr '\r' '\n' <"$log" | grep -v '^ *$' | tail -n 25)"
    [ -n "$needle" ] && skip "$who's window title names $needle $label" "no window"
  fi
  diag "$who $mode: $((SECONDS - started))s to the screenshot"

  local shot=$SBOX_TMP/$APP_SHOT-$mode.png
  if [ "$mode" = x11 ]; then x11_screenshot "$shot"; else wl_screenshot "$shot"; fi
  if [ -s "$shot" ]; then
    _keep "$shot" "$APP_SHOT-$mode.png"
  fi
  if [ -z "$mapped" ]; then
    skip "$who's $mode screenshot shows more than a blank window" "no window"
  elif [ -s "$shot" ]; then
    # The empty desktop has its own colours (the pointer's shading on
    # Wayland): the application must add more than a handful.
    local empty=$SBOX_TMP/$mode-empty.png
    check_gt "$who's $mode screenshot shows more than a blank window (8+ colours beyond the empty desktop's)" \
      "$(( $(colours "$empty") + 8 ))" "$(colours "$shot")"
  else
    not_ok "$who's $mode screenshot shows more than a blank window" "no screenshot taken"
  fi

  # Stop it as a user would, and make sure nothing of it is left.
  local id procs survivors=
  id=$(_instance_of "$launcher")
  procs=$(_descendants "$launcher")
  if [ -n "$id" ]; then
    HOME=$_RUN_HOME "$SBOX" --kill "$id" >>"$log" 2>&1
  else
    kill -TERM "$launcher" 2>/dev/null
  fi
  if wait_gone 20 "$launcher"; then
    # shellcheck disable=SC2086
    wait_gone 10 $procs || survivors=$(for p in $procs; do [ -e "/proc/$p" ] && ps -o pid=,args= -p "$p"; done)
    if [ -z "$survivors" ] && [ -z "$(_instance_of "$launcher")" ]; then
      ok "sbox --kill stops $who $label and leaves no process behind"
    else
      not_ok "sbox --kill stops $who $label and leaves no process behind" "left: $survivors"
    fi
  else
    not_ok "sbox --kill stops $who $label and leaves no process behind" "the sbox launcher still runs 20s later"
    kill -KILL "$launcher" 2>/dev/null
  fi
  wait "$launcher" 2>/dev/null
  if [ "$mode" = x11 ]; then
    # shellcheck disable=SC2317 # called through wait_for
    _no_windows () { [ -z "$(x11_windows)" ]; }
    wait_for 5 _no_windows || diag "windows left on the X server: $(x11_windows)"
  fi
  if [ -n "${SBOX_TEST_VERBOSE:-}" ]; then
    diag "$who's output $label:" "$(cat "$log")"
  fi
}

# app_check [FILE]: the X11 run, then the Wayland run.
# shellcheck disable=SC2120 # FILE is optional
app_check ()
{
  app_run x11 "$@"
  app_run wayland "$@"
}
