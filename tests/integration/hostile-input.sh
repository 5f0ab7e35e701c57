#!/bin/bash
# hostile-input.sh — the environment and arguments a launcher is started
# with are input too: a .desktop file, a CI job or another program chooses
# them. Each hostile value either works as documented or gets one "sbox: "
# line and exit 125; none reaches a helper sbox runs outside the sandbox
# (xdg-dbus-proxy, pasta) or the command, and none makes sbox hang.
# The commands are written for the sandbox's shell:
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export SBOX_TIMEOUT=${SBOX_TIMEOUT:-20}

# one_line DESC: the last sbox_run failed with 125 and said why in exactly
# one line starting "sbox: ".
one_line ()
{
  check_rc "$1: exit 125" 125
  local lines
  lines=$(printf '%s' "$ERR" | grep -c '')
  check_eq "... in one line" 1 "$lines"
  check_match "... starting 'sbox: '" "$ERR" '^sbox: '
}

# no_glib_noise DESC: sbox printed no GLib warning or critical.
no_glib_noise ()
{
  check_no_match "$1: no GLib warning or critical" "$ERR" 'CRITICAL|WARNING \*\*|GLib-'
}

# descendants PID: PID's descendants, one per line.
descendants ()
{
  local child
  for child in $(pgrep -P "$1"); do
    echo "$child"
    descendants "$child"
  done
}

# ---- variables the loader, GLib and D-Bus would act on ----

# What a hostile caller sets: each would make a program that keeps it load
# code, read files of the caller's choice, or talk to another bus.
hostile_env=(
  "LD_PRELOAD=$SBOX_TMP/evil/preload.so"
  "LD_LIBRARY_PATH=$SBOX_TMP/evil"
  "LD_AUDIT=$SBOX_TMP/evil/audit.so"
  "GCONV_PATH=$SBOX_TMP/evil"
  "GIO_EXTRA_MODULES=$SBOX_TMP/evil"
  "GIO_MODULE_DIR=$SBOX_TMP/evil"
  "GIO_USE_VFS=evil"
  "GSETTINGS_BACKEND=evil"
  "G_MESSAGES_DEBUG=all"
  "DBUS_STARTER_ADDRESS=unix:path=$SBOX_TMP/evil/bus"
  "DBUS_STARTER_BUS_TYPE=session"
  "WAYLAND_SOCKET=3"
  "MALLOC_CHECK_=3"
  "HOSTILE_MARKER=1"
)
mkdir -p "$SBOX_TMP/evil"
# An AddressSanitizer build of sbox refuses to start behind another
# preloaded library (its runtime must come first): there the loader's
# variables are left out, the rest still checked.
if [ -n "${ASAN_OPTIONS:-}" ]; then
  diag "ASan build: LD_PRELOAD, LD_LIBRARY_PATH and LD_AUDIT left out"
  hostile_env=("${hostile_env[@]:3}")
fi

# A preload library that says where it was loaded, when a compiler is here:
# the control that the loader would act on the variable.
preload_built=
if command -v cc >/dev/null; then
  cat >"$SBOX_TMP/evil/preload.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>
__attribute__ ((constructor)) static void
loaded (void)
{
  char name[64] = "";
  FILE *f = fopen ("/proc/self/comm", "r");
  if (f && fgets (name, sizeof name, f))
    dprintf (2, "PRELOADED-IN %s", name);
  if (f)
    fclose (f);
}
EOF
  cc -shared -fPIC -o "$SBOX_TMP/evil/preload.so" "$SBOX_TMP/evil/preload.c" 2>/dev/null \
    && preload_built=1
fi
if [ -n "$preload_built" ]; then
  out=$(LD_PRELOAD=$SBOX_TMP/evil/preload.so sh -c 'true' 2>&1)
  check_contains "control: the preload library loads where the variable is kept" "$out" \
    "PRELOADED-IN sh"
else
  skip "control: the preload library loads where the variable is kept" "no C compiler"
fi

if start_session_bus; then
  pasta_mode=()
  if command -v pasta >/dev/null && [ -r /dev/net/tun ] && [ -w /dev/net/tun ]; then
    pasta_mode=(--network=isolated)
  fi
  # The launcher itself runs with the caller's variables (it is the caller's
  # program); the sandbox's command and the helpers must not.
  env "${hostile_env[@]}" DBUS_SESSION_BUS_ADDRESS="$BUS_ADDRESS" \
    timeout -k 5 30 "$SBOX" --noprofile --talk-name=org.example.Hostile "${pasta_mode[@]}" \
    -- sh -c 'env > "$HOME/env.txt" 2>/dev/null; env; sleep 30' \
    >"$SBOX_TMP/inside-env" 2>"$SBOX_TMP/launcher-err" &
  launcher=$!
  kill_at_exit "$launcher"
  wait_for 15 grep -q '^HOME=' "$SBOX_TMP/inside-env"
  check_no_match "the command's environment has none of the hostile variables" \
    "$(cat "$SBOX_TMP/inside-env")" \
    '^(LD_|GCONV_PATH|GIO_|GSETTINGS_BACKEND|G_MESSAGES_DEBUG|DBUS_STARTER|WAYLAND_SOCKET|MALLOC_CHECK_|HOSTILE_MARKER)'
  check_match "... and does have the bus sbox gives it" "$(cat "$SBOX_TMP/inside-env")" \
    '^DBUS_SESSION_BUS_ADDRESS=unix:path='
  helpers=0 readable=0 leaked=
  for pid in $(descendants "$launcher"); do
    comm=$(cat "/proc/$pid/comm" 2>/dev/null)
    case $comm in
      xdg-dbus-proxy | pasta*) ;;
      *) continue ;;
    esac
    helpers=$((helpers + 1))
    if env_text=$(tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null); then
      readable=$((readable + 1))
      if printf '%s\n' "$env_text" | grep -qE '^(LD_|GCONV_PATH|GIO_|HOSTILE_MARKER|G_MESSAGES_DEBUG|DBUS_STARTER)'; then
        leaked="$leaked $comm"
      fi
    fi
  done
  expected=1
  [ ${#pasta_mode[@]} -gt 0 ] && expected=2
  check_eq "the helpers outside the sandbox are running (proxy${pasta_mode:+, pasta})" \
    "$expected" "$helpers"
  check_eq "... their environments can be read" "$expected" "$readable"
  check_eq "... and none has a hostile variable" "" "$leaked"
  if [ -n "$preload_built" ]; then
    check_no_match "the preload library was loaded by no program sbox started" \
      "$(cat "$SBOX_TMP/launcher-err")" 'PRELOADED-IN (xdg-dbus-prox|pasta|sh|sleep|env)'
  fi
  kill "$launcher" 2>/dev/null
  wait "$launcher" 2>/dev/null
else
  skip "the helpers' environments" "no dbus-daemon"
fi

# GLib's own debugging variables make sbox abort on any warning it would
# print: a plain start prints none.
RC=0
G_DEBUG=fatal-warnings sbox_run --noprofile -- true
check_rc "G_DEBUG=fatal-warnings: a start prints no GLib warning" 0

# ---- bus addresses ----
# A unix socket is proxied; an address of a kind the proxy's sandbox cannot
# give (one that would make the proxy launch a program) is refused in one
# line; a socket that is not there leaves the app without that bus, with a
# warning naming it, as a missing bus does.
for address in 'autolaunch:' "unixexec:path=/bin/sh,argv1=-c,argv2=touch%20$SBOX_TMP/ran" \
  'launchd:env=X' 'unix:tmpdir=/tmp'; do
  DBUS_SESSION_BUS_ADDRESS=$address sbox_run --noprofile --talk-name=org.example.Hostile -- true
  one_line "DBUS_SESSION_BUS_ADDRESS=$address"
  check_match "... naming the bus" "$ERR" 'session bus'
done
for address in ';;;' 'unix:path=' "unix:path=$SBOX_TMP/nothing-here" \
  "unix:path=$SBOX_TMP/nothing-here;unix:path=$SBOX_TMP/nor-here"; do
  DBUS_SESSION_BUS_ADDRESS=$address sbox_run --noprofile --talk-name=org.example.Hostile -- \
    sh -c 'echo "${DBUS_SESSION_BUS_ADDRESS:-none}"'
  check_run_ok "DBUS_SESSION_BUS_ADDRESS=$address: the app starts without a bus" none
  check_match "... with a warning naming the bus" "$ERR" '^sbox: warning: session-bus: no bus'
  no_glib_noise "..."
done
check_fails "... and no address made anything run" test -e "$SBOX_TMP/ran"
if [ -n "${BUS_ADDRESS:-}" ]; then
  bus_path=${BUS_ADDRESS#unix:path=}
  bus_path=${bus_path%%,*}
  # An address list: the first usable entry is taken, as D-Bus does.
  DBUS_SESSION_BUS_ADDRESS="tcp:host=127.0.0.1,port=9;unix:path=$bus_path" \
    sbox_run --noprofile --talk-name=org.example.Hostile -- \
    sh -c 'echo "${DBUS_SESSION_BUS_ADDRESS%%=*}"'
  check_run_ok "a list of addresses: the unix socket in it is proxied" "unix:path"
  # An escaped path (a D-Bus address escapes bytes as %XX) names the socket.
  escaped=${bus_path//\//%2f}
  DBUS_SESSION_BUS_ADDRESS="unix:path=$escaped" \
    sbox_run --noprofile --talk-name=org.example.Hostile -- \
    sh -c 'echo "${DBUS_SESSION_BUS_ADDRESS%%=*}"'
  check_run_ok "an escaped socket path is proxied" "unix:path"
fi

# ---- XAUTHORITY ----
# sbox reads the caller's Xauthority to copy one cookie: a FIFO must not
# block it, a device or a huge file must not fill its memory.
if start_xvfb 60 90; then
  mkfifo "$SBOX_TMP/xauth-fifo"
  truncate -s 4G "$SBOX_TMP/xauth-huge"
  mkdir "$SBOX_TMP/xauth-dir"
  for xauth in "$SBOX_TMP/xauth-fifo" /dev/zero "$SBOX_TMP/xauth-huge" "$SBOX_TMP/xauth-dir" \
    /dev/null "$SBOX_TMP/xauth-missing"; do
    RC=0
    DISPLAY=:$XVFB_DISPLAY XAUTHORITY=$xauth sbox_run --noprofile --socket=x11 -- \
      sh -c 'echo "${DISPLAY:+display}"'
    check_run_ok "XAUTHORITY=$xauth: the app starts with the display" display
    case $xauth in
      */xauth-missing | /dev/null) ;;
      *) check_match "... and a warning that the file was not read" "$ERR" \
        "^sbox: warning: XAUTHORITY=$xauth: " ;;
    esac
    no_glib_noise "..."
  done
  # The control: a real Xauthority still gives the app its cookie.
  DISPLAY=:$XVFB_DISPLAY XAUTHORITY=$XVFB_AUTH sbox_run --noprofile --socket=x11 -- \
    sh -c 'test -s "$XAUTHORITY" && echo cookie'
  check_run_ok "control: a real Xauthority gives the app its cookie" cookie
else
  skip "XAUTHORITY" "no Xvfb"
fi

# ---- WAYLAND_SOCKET: an inherited descriptor stays out ----
exec 3<"$SBOX_TMP/run"
WAYLAND_SOCKET=3 sbox_run --noprofile -- sh -c 'test -e /proc/self/fd/3 && echo open; echo "${WAYLAND_SOCKET:-unset}"'
check_run_ok "WAYLAND_SOCKET=3: descriptor 3 is not in the sandbox, nor the variable" unset
exec 3<&-

# ---- HOME ----
passwd_home=$(getent passwd "$(id -u)" | cut -d: -f6)
sbox_run_unset_home ()
{
  timeout -k 5 "$SBOX_TIMEOUT" env -u HOME "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}
sbox_run_unset_home --noprofile -- sh -c 'echo "$HOME"'
check_run_ok "HOME unset: the home is the password database's" "$passwd_home"
HOME='' sbox_run --noprofile -- sh -c 'echo "$HOME"'
check_run_ok "HOME empty: the home is the password database's" "$passwd_home"
HOME=relative/home sbox_run --noprofile -- true
one_line "HOME relative"
check_match "... naming HOME" "$ERR" 'HOME'
HOME=$'/tmp/new\nline' sbox_run --noprofile -- true
check_rc "HOME with a newline: works or one line and 125" \
  "$([ "$RC" = 0 ] && echo 0 || echo 125)"
no_glib_noise "HOME with a newline"

# ---- commands and arguments that look like options ----
sbox_run --noprofile -- --version
check_rc "a command named --version after --: not found (127), not sbox's version" 127
check_not_contains "... sbox's version is not printed" "$OUT" "sbox"
sbox_run --noprofile -- --noprofile
check_rc "a command named --noprofile after --: not found (127)" 127
sbox_run --noprofile sh -c 'echo "$1"' sh --version
check_run_ok "options after the command are the command's" "--version"
sbox_run --noprofile --no-such-option sh -c true
one_line "an unknown option"
sbox_run --noprofile -- sh -c 'printf "%s\n" "$0"' '--argv0'
check_run_ok "an argv[1] that is an option of sbox's passes through" "--argv0"

# ---- newlines and invalid UTF-8 reach the command byte for byte ----
args=($'two\nlines' $'\xff\xfe' $'tab\there' '' '%s%n' $'\x1b[31mred')
sbox_run --noprofile -- sh -c 'printf "%s\0" "$@" | od -An -tx1' sh "${args[@]}"
want=$(printf '%s\0' "${args[@]}" | od -An -tx1)
check_eq "arguments with newlines, invalid UTF-8 and escapes arrive byte for byte" "$want" "$OUT"
LANG=$'\xff' sbox_run --noprofile -- sh -c 'printf "%s" "$LANG" | od -An -tx1'
check_eq "a kept variable with invalid UTF-8 arrives byte for byte" " ff" "$OUT"
no_glib_noise "a kept variable with invalid UTF-8"

# Names and paths sbox itself reads: one line, 125, no GLib noise.
for bad in $'a\nb' $'\xff' '../x' ''; do
  sbox_run --noprofile --name="$bad" -- true
  one_line "--name=$(printf '%q' "$bad")"
  no_glib_noise "..."
  sbox_run --profile="$bad" -- true
  one_line "--profile=$(printf '%q' "$bad")"
  no_glib_noise "..."
done
sbox_run --noprofile --bind $'/nonexistent\xff' /x -- true
one_line "--bind with invalid UTF-8 and no such path"
no_glib_noise "..."

# A named instance whose command line has newlines: --list shows it as one
# entry and --enter reaches it.
"$SBOX" --noprofile --name=hostile-nl -- sh -c 'sleep 30' $'x\nstate=stopped\nuid=0' \
  >/dev/null 2>&1 </dev/null &
named=$!
kill_at_exit "$named"
wait_for 15 sh -c '"$1" --list 2>/dev/null | grep -q hostile-nl' sh "$SBOX"
list=$("$SBOX" --list 2>&1)
check_eq "a command line with newlines: --list shows one entry" 1 \
  "$(printf '%s\n' "$list" | grep -c 'hostile-nl')"
check_no_match "... and no injected line" "$list" "^(state|uid)="
sbox_run --enter=hostile-nl -- sh -c 'echo inside'
check_run_ok "... and --enter reaches it" inside
kill "$named" 2>/dev/null
wait "$named" 2>/dev/null

done_testing
