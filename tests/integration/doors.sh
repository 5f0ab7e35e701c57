#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# doors.sh — the doors out of the sandbox (DESIGN §5), each against a real
# peer that this test starts as the calling user and stops at exit: a session
# and a system dbus-daemon behind xdg-dbus-proxy, Xvfb, headless weston,
# PulseAudio, a PipeWire-style socket, ssh-agent; /.flatpak-info for portals
# and /dev/dri.  Every protection has a control showing the same check
# succeed once the door is open.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

R=/run/user/$MY_UID                 # the sandbox's XDG_RUNTIME_DIR
have () { command -v "$1" >/dev/null 2>&1; }
# python3 runs on both sides (the sandbox sees the host's /usr).
PY=
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3

# The caller's runtime directory and a clean slate for every door variable.
RUN=$SBOX_TMP/run
mkdir -m 0700 "$RUN" || bail_out "cannot create $RUN"
export XDG_RUNTIME_DIR=$RUN
unset DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS DISPLAY XAUTHORITY \
  WAYLAND_DISPLAY WAYLAND_SOCKET PULSE_SERVER PULSE_CLIENTCONFIG SSH_AUTH_SOCK
LOGS=$SBOX_TMP/logs
mkdir -p "$LOGS"

# start NAME CMD...: run a peer in the background, its output in $LOGS/NAME.
start ()
{
  local name=$1
  shift
  "$@" >"$LOGS/$name" 2>&1 </dev/null &
  kill_at_exit $!
  eval "PID_$name=\$!"
  disown $!   # no job report when the exit trap kills it
}

# peer_failed DESC NAME: report why a peer did not come up.
peer_failed ()
{
  diag "$1 did not start; its output:"
  diag "$(tail -n 15 "$LOGS/$2" 2>/dev/null)"
}

# --- peers ----------------------------------------------------------------------------------

SESSION_SOCK=$SBOX_TMP/bus
SYSTEM_SOCK=$SBOX_TMP/system_bus_socket
BUSES_UP=
if have dbus-daemon && have dbus-send && have dbus-test-tool; then
  start_session_bus "unix:path=$SESSION_SOCK" && start_session_bus "unix:path=$SYSTEM_SOCK" && BUSES_UP=1
fi

# X11: a free display number >= 90 (99 is kept for the decoy cookie).
XN=
XA=$SBOX_TMP/Xauthority
COOKIE=
DECOY=
X_DIR_CREATED=
if have Xvfb && have xauth && have xdpyinfo; then
  [ -d /tmp/.X11-unix ] || X_DIR_CREATED=1
  if start_xvfb 90 98 -screen 0 320x240x24 || start_xvfb 100 140 -screen 0 320x240x24; then
    XN=$XVFB_DISPLAY XA=$XVFB_AUTH COOKIE=$XVFB_COOKIE PID_xvfb=$XVFB_PID
    DECOY=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    xauth -q -f "$XA" add ":99" . "$DECOY" 2>"$LOGS/xauth"
  fi
fi

WL=wayland-sbox-$$
if have weston && have wayland-info; then
  # The fullscreen shell and no input method: weston starts no helper
  # clients (weston-desktop-shell, weston-keyboard) that would outlive it.
  printf '[core]\nshell=fullscreen-shell.so\n\n[input-method]\npath=\n' >"$SBOX_TMP/weston.ini"
  start weston weston --backend=headless-backend.so --socket="$WL" --idle-time=0 \
    --config="$SBOX_TMP/weston.ini"
fi

if have pulseaudio && have pactl; then
  mkdir -m 0700 "$RUN/pulse"
  start pulse pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
    --log-target=stderr \
    --load="module-native-protocol-unix socket=$RUN/pulse/native auth-anonymous=1"
fi

if [ -n "$PY" ]; then
  start pipewire "$PY" -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen(8)
while True:
    c, _ = s.accept()
    c.sendall(b"pipewire-peer\n")
    c.close()
' "$RUN/pipewire-0"
fi

AGENT_SOCK=$SBOX_TMP/agent.sock
if have ssh-agent && have ssh-add; then
  start agent ssh-agent -D -a "$AGENT_SOCK"
fi

# Now wait for each peer (they came up in parallel).
# shellcheck disable=SC2317 # called through wait_for
has_owner ()     # session|system NAME
{
  dbus-send --"$1" --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$2" 2>/dev/null | grep -q true
}
# shellcheck disable=SC2317 # called through wait_for
no_owner () { ! has_owner "$@"; }

BUS_OK=
if [ -n "$BUSES_UP" ]; then
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$SESSION_SOCK
  export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SYSTEM_SOCK
  start echo dbus-test-tool echo --session --name=org.example.Echo
  start other dbus-test-tool echo --session --name=org.example.Other
  start sysecho dbus-test-tool echo --system --name=org.example.SysEcho
  start sysother dbus-test-tool echo --system --name=org.example.SysOther
  if wait_for 5 has_owner session org.example.Echo && wait_for 5 has_owner session org.example.Other \
     && wait_for 5 has_owner system org.example.SysEcho && wait_for 5 has_owner system org.example.SysOther; then
    BUS_OK=1
  else
    peer_failed "dbus-test-tool echo" echo
  fi
fi

X_OK=
if [ -n "${PID_xvfb:-}" ]; then
  export DISPLAY=:$XN XAUTHORITY=$XA
  X_OK=1
fi

WL_OK=
if [ -n "${PID_weston:-}" ]; then
  if wait_for 8 test -S "$RUN/$WL" && WAYLAND_DISPLAY=$WL wait_for 5 wayland-info; then
    export WAYLAND_DISPLAY=$WL
    WL_OK=1
  else
    peer_failed "weston (headless)" weston
  fi
fi

PULSE_OK=
if [ -n "${PID_pulse:-}" ]; then
  if wait_for 8 pactl info; then
    PULSE_OK=1
  else
    peer_failed "pulseaudio" pulse
  fi
fi

PW_OK=
if [ -n "${PID_pipewire:-}" ]; then
  if wait_for 5 test -S "$RUN/pipewire-0"; then
    PW_OK=1
  else
    peer_failed "the PipeWire-style listener" pipewire
  fi
fi

AGENT_OK=
if [ -n "${PID_agent:-}" ]; then
  if wait_for 5 test -S "$AGENT_SOCK"; then
    export SSH_AUTH_SOCK=$AGENT_SOCK
    AGENT_OK=1
  else
    peer_failed "ssh-agent" agent
  fi
fi

yes_no () { if [ -n "$1" ]; then echo "${2:-yes}"; else echo no; fi; }
diag "peers: buses=$(yes_no "$BUS_OK") x11=$(yes_no "$X_OK" ":$XN") wayland=$(yes_no "$WL_OK" "$WL")" \
  "pulseaudio=$(yes_no "$PULSE_OK") pipewire=$(yes_no "$PW_OK") ssh-agent=$(yes_no "$AGENT_OK")"

# Host pids of the xdg-dbus-proxy processes sbox started for this test: this
# user's, with this test's XDG_RUNTIME_DIR in their environment (proxies a
# Flatpak app of the same user runs are not ours).
proxies ()
{
  local pid
  for pid in $(pgrep -u "$MY_UID" -x xdg-dbus-proxy); do
    tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "XDG_RUNTIME_DIR=$RUN" \
      && printf '%s ' "$pid"
  done
}
# shellcheck disable=SC2317 # called through wait_for
no_proxies () { [ -z "$(proxies)" ]; }
# shellcheck disable=SC2317 # called through wait_for
some_proxy () { [ -n "$(proxies)" ]; }
instance_files () { find "$RUN/sbox" -mindepth 1 2>/dev/null | sort | tr '\n' ' '; }

# --- no door: nothing of any of them inside ---------------------------------------------------

door_vars="DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY XAUTHORITY SSH_AUTH_SOCK PULSE_SERVER"
host_env=$(env)
sbox_run --noprofile -- env
inside_env=$OUT
check_contains "the environment inside is readable (sanity)" "$inside_env" "HOME="
for v in $door_vars; do
  if [[ "$host_env" == *"$v="* ]]; then
    check_no_match "without a door, $v does not reach the sandbox (caller has it)" "$inside_env" "^$v="
  else
    check_no_match "without a door, $v is not in the sandbox's environment" "$inside_env" "^$v="
  fi
done

absent_paths=("$R/bus" /run/dbus/system_bus_socket /tmp/.X11-unix "$R/$WL" "$R/pulse"
  "$R/pipewire-0" "$R/ssh-auth" "$SESSION_SOCK" "$SYSTEM_SOCK" "$AGENT_SOCK" "$RUN" "$XA")
exists_script='for p; do if [ -e "$p" ] || [ -L "$p" ]; then echo "$p"; fi; done; echo end'
sbox_run --noprofile -- sh -c "$exists_script" sh "${absent_paths[@]}"
check_run_ok "without a door: no bus, X11, Wayland, audio or agent socket, no host runtime dir" "end"

# Every unix socket file in the sandbox's whole filesystem (outside /proc),
# by lstat of each name: find -type trusts the directory entry's type, which
# for a socket bound over a placeholder file is the placeholder's.
find_sockets='
import os, stat
found = []
for root, dirs, files in os.walk("/"):
    if root == "/":
        dirs[:] = [d for d in dirs if d != "proc"]
    for name in dirs + files:
        path = os.path.join(root, name)
        try:
            if stat.S_ISSOCK(os.lstat(path).st_mode):
                found.append(path)
        except OSError:
            pass
print("\n".join(sorted(found)))
'
if [ -n "$PY" ]; then
  # A walk of the whole view: slow beside other tests' builds, so a longer limit.
  SBOX_TIMEOUT=90 sbox_run --noprofile -- python3 -c "$find_sockets"
  check_run_ok "without a door there is no unix socket file anywhere in the sandbox" ""
else
  skip "without a door there is no unix socket file anywhere in the sandbox" "no python3"
fi

all_doors=(--socket=x11 --socket=wayland --socket=pulseaudio --socket=pipewire --socket=ssh-auth
  --talk-name=org.example.Echo --system-talk-name=org.example.SysEcho)
expected_sockets=()
[ -n "$X_OK" ] && expected_sockets+=("/tmp/.X11-unix/X99")
[ -n "$WL_OK" ] && expected_sockets+=("$R/$WL")
[ -n "$PULSE_OK" ] && expected_sockets+=("$R/pulse/native")
[ -n "$PW_OK" ] && expected_sockets+=("$R/pipewire-0")
[ -n "$AGENT_OK" ] && expected_sockets+=("$R/ssh-auth")
[ -n "$BUS_OK" ] && expected_sockets+=("$R/bus" /run/dbus/system_bus_socket)
if [ "${#expected_sockets[@]}" -gt 0 ] && [ -n "$PY" ]; then
  SBOX_TIMEOUT=90 sbox_run --noprofile "${all_doors[@]}" -- python3 -c "$find_sockets"
  check_run_ok "control: with every door open, the scan finds exactly their sockets" \
    "$(printf '%s\n' "${expected_sockets[@]}" | sort)"
else
  skip "control: with every door open, the scan finds exactly their sockets" "no peer could start, or no python3"
fi

# --- D-Bus: the session bus through xdg-dbus-proxy ---------------------------------------------

# ping BUS NAME: PING=(the command that calls NAME's Ping on BUS).
ping () { PING=(dbus-send "--$1" --print-reply "--dest=$2" / "$2.Ping"); }
list_names=(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus
  org.freedesktop.DBus.ListNames)
# request_name NAME: REQUEST=(the command that asks the session bus for NAME).
request_name () { REQUEST=(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.RequestName "string:$1" uint32:4); }

if [ -z "$BUS_OK" ]; then
  skip "D-Bus doors" "no dbus-daemon/dbus-test-tool peer (see the diagnostics above)"
elif ! have xdg-dbus-proxy; then
  skip "D-Bus doors" "xdg-dbus-proxy is not installed"
else
  ping session org.example.Other
  check "control: org.example.Other answers on the host bus" "${PING[@]}"

  sbox_run --noprofile --talk-name=org.example.Echo -- sh -c \
    'echo "$DBUS_SESSION_BUS_ADDRESS"; test -S "$XDG_RUNTIME_DIR/bus" && echo socket; echo "$XDG_RUNTIME_DIR"'
  check_run_ok "--talk-name: DBUS_SESSION_BUS_ADDRESS is unix:path=$R/bus, a socket there" \
    "unix:path=$R/bus
socket
$R"

  ping session org.example.Echo
  sbox_run --noprofile --talk-name=org.example.Echo -- "${PING[@]}"
  check_rc "--talk-name=org.example.Echo: the granted service answers through the proxy" 0
  check_contains "... with a method return" "$OUT" "method return"

  ping session org.example.Other
  sbox_run --noprofile --talk-name=org.example.Echo -- "${PING[@]}"
  check_ne "a service not granted (org.example.Other) cannot be called (the proxy hides it)" 0 "$RC"
  diag "dbus-send said: $ERR"
  ping session org.example.Other
  sbox_run --noprofile --socket=session-bus -- "${PING[@]}"
  check_rc "control: --socket=session-bus (unfiltered) reaches org.example.Other" 0

  sbox_run --noprofile --talk-name=org.example.Echo -- "${list_names[@]}"
  check_contains "ListNames through the filter shows the granted name (sanity)" "$OUT" "org.example.Echo"
  check_not_contains "ListNames through the filter does not show org.example.Other" "$OUT" "org.example.Other"
  sbox_run --noprofile --socket=session-bus -- "${list_names[@]}"
  check_contains "control: ListNames on the unfiltered bus shows org.example.Other" "$OUT" "org.example.Other"

  # see: the name is listed, but not callable.
  ping session org.example.Other
  sbox_run --noprofile --see-name=org.example.Other -- sh -c "${list_names[*]}; echo call; ${PING[*]}"
  check_contains "--see-name=org.example.Other opens the filtered bus and lists the name" "$OUT" "org.example.Other"
  check_ne "... which cannot be called (see is not talk)" 0 "$RC"

  # The caller's bus socket is never what the sandbox sees.
  host_id=$(stat -c %d:%i "$SESSION_SOCK")
  inside_id=$(sbox_out --noprofile --talk-name=org.example.Echo -- stat -c %d:%i "$R/bus")
  check_match "the filtered bus socket inside is a socket (sanity)" "$inside_id" '^[0-9]+:[0-9]+$'
  check_ne "the filtered bus socket inside is the proxy's, not the host bus (device:inode)" "$host_id" "$inside_id"
  sbox_run --noprofile --talk-name=org.example.Echo -- test -e "$SESSION_SOCK"
  check_rc "the host bus socket's path ($SESSION_SOCK) is not visible (filtered)" 1
  sbox_run --noprofile --socket=session-bus -- sh -c "test -S $R/bus && ! test -e $SESSION_SOCK"
  check_rc "--socket=session-bus: the bus at $R/bus, the host path still not visible" 0

  # Owning names.
  request_name org.example.Mine
  sbox_run --noprofile --own-name=org.example.Mine -- "${REQUEST[@]}"
  check_run_ok "--own-name=org.example.Mine: RequestName succeeds (primary owner)" "   uint32 1"
  request_name org.example.NotMine
  sbox_run --noprofile --own-name=org.example.Mine -- "${REQUEST[@]}"
  check_ne "owning a name not granted (org.example.NotMine) is refused" 0 "$RC"
  check_not_contains "... no RequestName reply granting it" "$OUT" "uint32 1"
  sbox_run --noprofile --own-name=org.example.Mine -- timeout 3 dbus-test-tool echo --name=org.example.NotMine
  if [ "$RC" != 0 ] && [ "$RC" != 124 ]; then
    ok "dbus-test-tool cannot claim org.example.NotMine (it exits in error)"
  else
    not_ok "dbus-test-tool cannot claim org.example.NotMine (it exits in error)" \
      "exit status $RC (124: it kept running); stderr: $ERR"
  fi
  check_fails "... and the host bus never saw an owner for org.example.NotMine" has_owner session org.example.NotMine

  "$SBOX" --noprofile --own-name=org.example.Mine -- dbus-test-tool echo --name=org.example.Mine \
    >"$LOGS/own" 2>&1 </dev/null &
  own_pid=$!
  kill_at_exit "$own_pid"
  if wait_for 8 has_owner session org.example.Mine; then
    ok "a service in the sandbox owns org.example.Mine (seen from the host bus)"
  else
    not_ok "a service in the sandbox owns org.example.Mine (seen from the host bus)" "$(cat "$LOGS/own")"
  fi
  ping session org.example.Mine
  check "the host can call the sandboxed org.example.Mine" "${PING[@]}"
  running_proxies=$(proxies)
  check_ne "control: an xdg-dbus-proxy runs while the sandbox does" "" "$running_proxies"
  check_ne "control: the instance directory exists while the sandbox runs" "" "$(instance_files)"
  check_eq "the instance directory (the proxy's socket) is private: mode 700" "700" \
    "$(find "$RUN/sbox" -mindepth 1 -maxdepth 1 -printf '%m\n' 2>/dev/null)"
  kill -TERM "$own_pid" 2>/dev/null
  if wait_gone 5 "$own_pid"; then
    ok "sbox ends on SIGTERM"
  else
    not_ok "sbox ends on SIGTERM"
  fi
  wait "$own_pid" 2>/dev/null
  check "the proxy is gone once the sandbox ended (SIGTERM)" wait_for 3 no_proxies
  check_eq "nothing is left in \$XDG_RUNTIME_DIR/sbox/" "" "$(instance_files)"
  check "the name org.example.Mine is released" wait_for 3 no_owner session org.example.Mine

  sbox_run --noprofile --talk-name=org.example.Echo -- true
  check_rc "a short run with a proxy exits 0" 0
  check_eq "after a normal exit no xdg-dbus-proxy of this user is left" "" "$(proxies)"
  check_eq "after a normal exit nothing is left in \$XDG_RUNTIME_DIR/sbox/" "" "$(instance_files)"

  # sbox killed outright: the proxy notices (its --fd closes) and exits.
  "$SBOX" --noprofile --talk-name=org.example.Echo -- sleep 30 >"$LOGS/killed" 2>&1 </dev/null &
  killed_pid=$!
  kill_at_exit "$killed_pid"
  if wait_for 5 some_proxy; then
    read -r -a kill_proxies <<<"$(proxies)"
    kill -KILL "$killed_pid"
    wait "$killed_pid" 2>/dev/null
    if wait_gone 5 "${kill_proxies[@]}"; then
      ok "the proxy exits when sbox is killed with SIGKILL"
    else
      not_ok "the proxy exits when sbox is killed with SIGKILL" "still running: ${kill_proxies[*]}"
    fi
    stale=$(instance_files)
    sbox_run --noprofile --talk-name=org.example.Echo -- true
    check_ne "control: SIGKILL left an instance directory behind" "" "$stale"
    check_eq "the next start cleans what a killed sandbox left in \$XDG_RUNTIME_DIR/sbox/" "" "$(instance_files)"
    rm -rf "$RUN/sbox"   # whatever the outcome, the checks below start clean
  else
    not_ok "the proxy exits when sbox is killed with SIGKILL" "no proxy appeared: $(cat "$LOGS/killed")"
  fi

  # An unreachable bus: the door closes with one warning line, the app starts.
  DBUS_SESSION_BUS_ADDRESS=unix:path=$SBOX_TMP/no-such-bus \
    sbox_run --noprofile --talk-name=org.example.Echo -- sh -c 'echo "${DBUS_SESSION_BUS_ADDRESS-unset}"'
  check_run_ok "an unreachable session bus: the app runs without a bus" "unset"
  check_eq "... with one warning line naming the bus" \
    "sbox: warning: session-bus: no bus at $SBOX_TMP/no-such-bus; starting without it" "$ERR"
  check "no proxy is left after the unreachable-bus attempt" wait_for 3 no_proxies

  # A missing xdg-dbus-proxy: its path is fixed when sbox is built, so hide
  # it under /dev/null in a mount namespace of a nested user namespace (sbox
  # then runs as that namespace's root, as it may).
  hide_proxy='
    for p in /usr/bin/xdg-dbus-proxy /usr/local/bin/xdg-dbus-proxy /usr/libexec/xdg-dbus-proxy \
        "$(command -v xdg-dbus-proxy)"; do
      [ -f "$p" ] || continue
      mount --bind /dev/null "$p" || exit 1
    done
    exec "$@"'
  if unshare -Urm sh -c "$hide_proxy" sh true 2>/dev/null; then
    unshare -Urm sh -c "$hide_proxy" sh \
      timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" --noprofile --talk-name=org.example.Echo -- true \
      >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
    RC=$? OUT=$(cat "$SBOX_TMP/.stdout") ERR=$(cat "$SBOX_TMP/.stderr")
    check_rc "a missing xdg-dbus-proxy: exit 125" 125
    check_match "... with one line naming xdg-dbus-proxy" "$ERR" '^sbox: .*xdg-dbus-proxy'
    check_eq "... exactly one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
    check_eq "... and nothing left in \$XDG_RUNTIME_DIR/sbox/" "" "$(instance_files)"
  else
    skip "a missing xdg-dbus-proxy: exit 125 with a clear message" "cannot hide it (unshare -Urm failed)"
  fi

  # --- the system bus ---
  ping system org.example.SysOther
  check "control: org.example.SysOther answers on the host system bus" "${PING[@]}"
  sbox_run --noprofile --system-talk-name=org.example.SysEcho -- sh -c \
    'echo "$DBUS_SYSTEM_BUS_ADDRESS"; test -S /run/dbus/system_bus_socket && echo socket'
  check_run_ok "--system-talk-name: DBUS_SYSTEM_BUS_ADDRESS and the socket at /run/dbus/system_bus_socket" \
    "unix:path=/run/dbus/system_bus_socket
socket"
  ping system org.example.SysEcho
  sbox_run --noprofile --system-talk-name=org.example.SysEcho -- "${PING[@]}"
  check_rc "--system-talk-name=org.example.SysEcho: the granted system service answers" 0
  ping system org.example.SysOther
  sbox_run --noprofile --system-talk-name=org.example.SysEcho -- "${PING[@]}"
  check_ne "a system service not granted (org.example.SysOther) cannot be called" 0 "$RC"
  ping system org.example.SysOther
  sbox_run --noprofile --socket=system-bus -- "${PING[@]}"
  check_rc "control: --socket=system-bus (unfiltered) reaches org.example.SysOther" 0
  sbox_run --noprofile --system-talk-name=org.example.SysEcho -- test -e "$SYSTEM_SOCK"
  check_rc "the host system bus socket's path is not visible" 1
  sbox_run --noprofile --system-talk-name=org.example.SysEcho -- sh -c 'echo "${DBUS_SESSION_BUS_ADDRESS-unset}"'
  check_run_ok "a system-bus door alone opens no session bus" "unset"
  sbox_run --noprofile --talk-name=org.example.Echo -- sh -c \
    'echo "${DBUS_SYSTEM_BUS_ADDRESS-unset}"; test -e /run/dbus/system_bus_socket && echo socket; true'
  check_run_ok "a session-bus door alone opens no system bus" "unset"
  check "no proxy is left after the system bus runs" wait_for 3 no_proxies
fi

# --- X11 -----------------------------------------------------------------------------------

if [ -z "$X_OK" ]; then
  skip "X11 doors" "no Xvfb peer (Xvfb, xauth or xdpyinfo missing, or it did not start)"
else
  check_fails "control: the X server refuses a client without the cookie" \
    env XAUTHORITY=/dev/null xdpyinfo -display ":$XN"
  host_list=$(xauth -f "$XA" list 2>/dev/null)
  check_contains "control: the caller's Xauthority holds the decoy cookie for :99" "$host_list" "$DECOY"

  # Inside, the display is :99 whatever the host's number (libxcb tries the
  # abstract socket of that number first; see the --share=network checks).
  sbox_run --noprofile --socket=x11 -- sh -c 'echo "$DISPLAY"; ls -A /tmp/.X11-unix'
  check_run_ok "--socket=x11: DISPLAY=:99.0 inside and only X99 in /tmp/.X11-unix" ":99.0
X99"
  sbox_run --noprofile --socket=x11 -- sh -c 'test -S /tmp/.X11-unix/X99 && echo "$XAUTHORITY"'
  inside_xa=$OUT
  check_match "--socket=x11: the display's socket is there and XAUTHORITY is set" "$inside_xa" '^/'
  check_ne "XAUTHORITY inside is a new file, not the caller's" "$XA" "$inside_xa"
  sbox_run --noprofile --socket=x11 -- test -e "$XA"
  check_rc "the caller's Xauthority file is not visible inside" 1
  sbox_run --noprofile --socket=x11 -- sh -c 'xauth -i -f "$XAUTHORITY" list'
  inside_list=$OUT
  check_contains "the Xauthority inside holds the cookie of :$XN" "$inside_list" "$COOKIE"
  check_not_contains "the Xauthority inside does not hold the host's cookie of :99" "$inside_list" "$DECOY"
  check_eq "every entry of the Xauthority inside is for the display inside, :99" "" \
    "$(printf '%s\n' "$inside_list" | grep -v -e "^[^ ]*:99 " -e '^$')"

  sbox_run --noprofile --socket=x11 -- xdpyinfo
  check_rc "--socket=x11: xdpyinfo talks to the X server" 0
  check_contains "... and describes display :$XN" "$OUT" "name of display:"

  # The cookie from the default ~/.Xauthority when XAUTHORITY is unset.
  mkdir -p "$SBOX_TMP/xhome" && cp "$XA" "$SBOX_TMP/xhome/.Xauthority"
  ( unset XAUTHORITY; HOME=$SBOX_TMP/xhome sbox_run --noprofile --socket=x11 -- xdpyinfo; echo "$RC" >"$SBOX_TMP/xhome.rc" )
  check_eq "XAUTHORITY unset: the cookie comes from ~/.Xauthority and xdpyinfo works" 0 "$(cat "$SBOX_TMP/xhome.rc")"

  # Without the door, even with the cookie and DISPLAY given, no X server.
  x_by_hand=(--ro-bind "$XA" "$XA" --setenv XAUTHORITY "$XA" --setenv DISPLAY ":$XN")
  sbox_run --noprofile "${x_by_hand[@]}" -- xdpyinfo
  check_ne "without the x11 door xdpyinfo fails (cookie and DISPLAY given)" 0 "$RC"
  sbox_run --noprofile -- xdpyinfo -display ":$XN"
  check_ne "without the x11 door xdpyinfo -display :$XN fails" 0 "$RC"

  # The abstract socket @/tmp/.X11-unix/XN: reachable once the network
  # namespace is shared, unless Landlock scopes abstract sockets.
  if grep -q "@/tmp/.X11-unix/X$XN\$" /proc/net/unix; then
    sbox_run --noprofile --share=network "${x_by_hand[@]}" -- xdpyinfo
    check_ne "--share=network without x11: the abstract X socket stays closed (Landlock scoping)" 0 "$RC"
    sbox_run --noprofile --share=network --landlock=false "${x_by_hand[@]}" -- xdpyinfo
    check_rc "control: --share=network --landlock=false reaches X through the abstract socket (the known bypass)" 0
    # With the door and the host's network, the app must still reach X:
    # libxcb tries @/tmp/.X11-unix/XN first and gives up on Landlock's
    # EPERM, so the display inside has a number with no abstract socket.
    sbox_run --noprofile --share=network --socket=x11 -- xdpyinfo
    check_rc "--share=network --socket=x11: xdpyinfo reaches the X server (Landlock scoping on)" 0
    sbox_run --noprofile --share=network --socket=x11 -- sh -c 'xdpyinfo -display ":'"$XN"'"'
    check_ne "control: under the host's display number (:$XN) the client meets the refused abstract socket and gives up" 0 "$RC"
    # Without Landlock's scoping, a :99 inside would let any local user who
    # binds @/tmp/.X11-unix/X99 first collect the cookie: the host's number
    # is kept, whose abstract socket is the real server's.
    sbox_run --noprofile --share=network --landlock=false --socket=x11 -- sh -c 'echo "$DISPLAY"; xdpyinfo >/dev/null && echo talks'
    check_run_ok "--share=network --landlock=false: DISPLAY keeps the host's number (no squattable :99) and X works" ":$XN.0
talks"
    for form in "unix:$XN" ":$XN.0" "unix/:$XN" "$(hostname)/unix:$XN"; do
      DISPLAY=$form sbox_run --noprofile --share=network --socket=x11 -- xdpyinfo
      check_rc "DISPLAY=$form on the host: X11 works inside with the host's network" 0
    done
  else
    skip "--share=network without x11: the abstract X socket stays closed" "Xvfb listens on no abstract socket"
  fi

  # fallback-x11: X11 only when there is no usable Wayland socket.
  fallback_probe='echo "${DISPLAY-unset}"; test -S /tmp/.X11-unix/X99 && echo x-socket; echo "${WAYLAND_DISPLAY-unset}"'
  check_eq "--socket=fallback-x11 with WAYLAND_DISPLAY unset gives X11" ":99.0
x-socket
unset" "$(unset WAYLAND_DISPLAY; sbox_out --noprofile --socket=fallback-x11 -- sh -c "$fallback_probe")"
  check_eq "--socket=fallback-x11 with WAYLAND_DISPLAY naming a missing socket gives X11" ":99.0
x-socket
unset" "$(WAYLAND_DISPLAY=wayland-missing-$$ sbox_out --noprofile --socket=wayland --socket=fallback-x11 -- sh -c "$fallback_probe")"
  if [ -n "$WL_OK" ]; then
    check_eq "--socket=wayland --socket=fallback-x11 with a compositor running: Wayland, no X11" "unset
$WL" "$(sbox_out --noprofile --socket=wayland --socket=fallback-x11 -- sh -c "$fallback_probe")"
  else
    skip "--socket=fallback-x11 with a compositor running gives no X11" "no weston peer"
  fi
fi

# --- absent services: the door closes with one warning, the app starts ----------------------

free_display=200
while [ -e "/tmp/.X11-unix/X$free_display" ]; do free_display=$((free_display + 1)); done
sbox_run_display() { DISPLAY=":$free_display" WAYLAND_DISPLAY=wayland-missing-$$ sbox_run "$@"; }
sbox_run_display --noprofile --socket=wayland --socket=fallback-x11 -- echo started
check_run_ok "no X server and no compositor: the app starts anyway" "started"
check_contains "... with one warning naming the display looked for" "$ERR" "sbox: warning: display: no Wayland compositor (WAYLAND_DISPLAY=wayland-missing-$$) and DISPLAY=:$free_display names no running X server"
check_eq "... on one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
sbox_run_display --quiet --noprofile --socket=x11 -- echo started
check_eq "--quiet silences the missing-door warning" "" "$ERR"
DISPLAY=tcp/example.org:0 sbox_run --noprofile --socket=x11 -- echo started
check_contains "DISPLAY over TCP: no door, a warning that says why" "$ERR" "is not a local display"

DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SBOX_TMP/no-system-bus sbox_run --noprofile \
  --system-talk-name=org.freedesktop.login1 -- echo started
check_run_ok "no system bus: an app whose profile talks to it starts anyway" "started"
check_contains "... with a warning naming the missing bus" "$ERR" "sbox: warning: system-bus: no bus at $SBOX_TMP/no-system-bus; starting without it"
( unset DBUS_SESSION_BUS_ADDRESS; XDG_RUNTIME_DIR=$SBOX_TMP/no-runtime sbox_run --noprofile \
  --talk-name=org.freedesktop.Notifications -- echo started; echo "$RC|$OUT|$ERR" >"$SBOX_TMP/nobus" )
check_contains "no session bus: the app starts with a warning" "$(cat "$SBOX_TMP/nobus")" "0|started|sbox: warning: session-bus: no bus"
PULSE_SERVER=unix:$SBOX_TMP/no-pulse XDG_RUNTIME_DIR=$SBOX_TMP/no-runtime sbox_run --noprofile \
  --socket=pulseaudio --socket=pipewire -- echo started
check_run_ok "no sound server: the app starts anyway" "started"
check_contains "... with a warning" "$ERR" "sbox: warning: audio: no sound server"

# sbox.conf RequireDoors= turns the warning into an error, naming the line.
mkdir -p "$SBOX_TMP/conf/sbox"
printf '[sbox]\nRequireDoors=system-bus;pulseaudio\n' >"$SBOX_TMP/conf/sbox/sbox.conf"
XDG_CONFIG_HOME=$SBOX_TMP/conf DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SBOX_TMP/no-system-bus \
  sbox_run --noprofile --system-talk-name=org.freedesktop.login1 -- echo started
check_rc "RequireDoors=system-bus: a missing system bus is an error (125)" 125
check_contains "... naming the door, the line that requires it and what is missing" "$ERR" \
  "sbox: the system-bus door is required by $SBOX_TMP/conf/sbox/sbox.conf:2 (RequireDoors=) but cannot open: system-bus: no bus at"
check_eq "... and the command did not run" "" "$OUT"
printf '[sbox]\nRequireDoors=x11;bogus\n' >"$SBOX_TMP/conf/sbox/sbox.conf"
XDG_CONFIG_HOME=$SBOX_TMP/conf sbox_run --noprofile -- true
check_rc "RequireDoors= with an unknown door name: exit 125" 125
check_contains "... naming the file, line and the valid names" "$ERR" "sbox.conf:2: [sbox] RequireDoors=x11;bogus: expected a ;-list of wayland"

# --- Wayland -------------------------------------------------------------------------------

if [ -z "$WL_OK" ]; then
  skip "Wayland doors" "no headless weston peer (weston or wayland-info missing, or it did not start)"
else
  if WAYLAND_DISPLAY=$WL wayland-info 2>/dev/null | grep -q wp_security_context_manager_v1; then
    diag "the compositor offers wp_security_context_manager_v1"
  else
    diag "weston $(weston --version 2>/dev/null | awk '{print $2}') offers no wp_security_context_v1:"
    diag "the Wayland door is the plain compositor socket (no per-sandbox tagged socket)"
  fi
  : >"$RUN/host-runtime-marker"
  sbox_run --noprofile --socket=wayland -- sh -c 'echo "$WAYLAND_DISPLAY"; test -S "$XDG_RUNTIME_DIR/$WAYLAND_DISPLAY" && echo socket; test -e "$XDG_RUNTIME_DIR/host-runtime-marker" && echo marker; true'
  check_run_ok "--socket=wayland: WAYLAND_DISPLAY=$WL and its socket in $R, nothing else of the host's runtime dir" "$WL
socket"
  sbox_run --noprofile --socket=wayland -- wayland-info
  check_rc "--socket=wayland: wayland-info talks to the compositor" 0
  check_contains "... and lists wl_compositor" "$OUT" "wl_compositor"
  sbox_run --noprofile --setenv WAYLAND_DISPLAY "$WL" -- wayland-info
  check_ne "without the wayland door wayland-info fails (WAYLAND_DISPLAY given)" 0 "$RC"
  sbox_run --noprofile --setenv WAYLAND_DISPLAY "$RUN/$WL" -- wayland-info
  check_ne "without the door the host's socket path does not work either" 0 "$RC"
fi

# --- audio ---------------------------------------------------------------------------------

if [ -z "$PULSE_OK" ]; then
  skip "PulseAudio door" "no pulseaudio peer (pulseaudio or pactl missing, or it did not start)"
else
  sbox_run --noprofile --socket=pulseaudio -- sh -c 'echo "$PULSE_SERVER"; test -S '"$R"'/pulse/native && echo socket'
  check_run_ok "--socket=pulseaudio: the native socket at $R/pulse/native, PULSE_SERVER set" "unix:$R/pulse/native
socket"
  sbox_run --noprofile --socket=pulseaudio -- pactl info
  check_rc "--socket=pulseaudio: pactl info talks to the server" 0
  check_contains "... and names it" "$OUT" "Server Name"
  # An explicit PULSE_SERVER also keeps libpulse from autospawning a daemon inside.
  sbox_run --noprofile --setenv PULSE_SERVER "unix:$R/pulse/native" -- pactl info
  check_ne "without the door pactl info fails (PULSE_SERVER given)" 0 "$RC"
  sbox_run --noprofile --setenv PULSE_SERVER "unix:$RUN/pulse/native" -- pactl info
  check_ne "without the door the host's socket path does not work either" 0 "$RC"
fi

if [ -z "$PW_OK" ]; then
  skip "PipeWire door" "no python3 for a PipeWire-style socket"
else
  pw_client='
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect(sys.argv[1])
    print(s.makefile().readline().strip())
except OSError as e:
    print("refused: %s" % e.strerror)
'
  sbox_run --noprofile --socket=pipewire -- python3 -c "$pw_client" "$R/pipewire-0"
  check_run_ok "--socket=pipewire: \$XDG_RUNTIME_DIR/pipewire-0 is bound at $R/pipewire-0 and answers" "pipewire-peer"
  sbox_run --noprofile -- test -e "$R/pipewire-0"
  check_rc "without the door there is no $R/pipewire-0" 1
fi

# --- SSH agent -----------------------------------------------------------------------------

if [ -z "$AGENT_OK" ]; then
  skip "ssh-auth door" "no ssh-agent peer"
else
  SSH_AUTH_SOCK=$AGENT_SOCK ssh-add -l >/dev/null 2>&1
  check_eq "control: the agent answers on the host (exit 1: no identities)" 1 "$?"
  sbox_run --noprofile --socket=ssh-auth -- sh -c 'echo "$SSH_AUTH_SOCK"; ssh-add -l; echo "exit $?"'
  check_run_ok "--socket=ssh-auth: SSH_AUTH_SOCK=$R/ssh-auth and ssh-add reaches the agent" "$R/ssh-auth
The agent has no identities.
exit 1"
  sbox_run --noprofile --setenv SSH_AUTH_SOCK "$AGENT_SOCK" -- ssh-add -l
  check_rc "without the door ssh-add cannot reach the agent by the host path (exit 2)" 2
  sbox_run --noprofile --setenv SSH_AUTH_SOCK "$R/ssh-auth" -- ssh-add -l
  check_rc "without the door ssh-add cannot reach it at $R/ssh-auth either (exit 2)" 2
fi

# --- portals: /.flatpak-info ---------------------------------------------------------------------

cat >"$SBOX_TMP/app.profile" <<'EOF'
[Profile]
AppId=org.example.App

[Session Bus Policy]
org.freedesktop.portal.*=talk
EOF
cat >"$SBOX_TMP/noid.profile" <<'EOF'
[Profile]
Description=the same without an AppId

[Session Bus Policy]
org.freedesktop.portal.*=talk
EOF
parse_info='
import configparser, sys
c = configparser.ConfigParser(interpolation=None, strict=True)
c.optionxform = str
c.read_string(sys.stdin.read())
print(c.get("Application", "name"))
print("instance-id:" + ("set" if c.get("Instance", "instance-id").strip() else "empty"))
'
if [ -z "$BUS_OK" ]; then
  skip "/.flatpak-info" "no session bus peer for the portal policy"
else
  sbox_run --profile="$SBOX_TMP/app.profile" -- cat /.flatpak-info
  check_rc "AppId=: /.flatpak-info exists inside" 0
  info=$OUT
  if [ -n "$PY" ]; then
    check_eq "/.flatpak-info is a key file with [Application] name=org.example.App and an [Instance] instance-id" \
      "org.example.App
instance-id:set" "$(printf '%s\n' "$info" | "$PY" -c "$parse_info" 2>&1)"
  else
    check_match "/.flatpak-info names org.example.App" "$info" '^name=org\.example\.App$'
  fi
  sbox_run --profile="$SBOX_TMP/app.profile" -- sh -c \
    'chmod 0644 /.flatpak-info 2>/dev/null; echo "name=org.example.Evil" >>/.flatpak-info 2>/dev/null; cat /.flatpak-info'
  check_contains "/.flatpak-info is still readable after the attempt to rewrite it (sanity)" "$OUT" "name=org.example.App"
  check_not_contains "the app cannot rewrite /.flatpak-info (it would pose as another app to portals)" "$OUT" "Evil"
  sbox_run --profile="$SBOX_TMP/app.profile" -- sh -c 'echo "$DBUS_SESSION_BUS_ADDRESS"'
  check_run_ok "the portal policy opens the filtered session bus" "unix:path=$R/bus"
  sbox_run --profile="$SBOX_TMP/noid.profile" -- test -e /.flatpak-info
  check_rc "without AppId there is no /.flatpak-info" 1
  sbox_run --noprofile -- test -e /.flatpak-info
  check_rc "--noprofile: no /.flatpak-info" 1
fi

# --- devices ---------------------------------------------------------------------------------

sbox_run --noprofile -- test -e /dev/dri
check_rc "the default /dev has no dri" 1
if [ -d /dev/dri ]; then
  sbox_run --noprofile --device=dri -- ls -A /dev/dri
  check_run_ok "--device=dri binds the host's /dev/dri" "$(ls -A /dev/dri)"
else
  skip "--device=dri binds the host's /dev/dri" "this host has no /dev/dri"
  sbox_run --noprofile --device=dri -- test -e /dev/dri
  check_rc "--device=dri on a host without /dev/dri runs, with no /dev/dri inside" 1
fi

# --- stop the peers the gentle way (Xvfb removes its socket and lock) --------------------------

gentle=()
for pid in "${PID_xvfb:-}" "${PID_weston:-}" "${PID_pulse:-}"; do
  [ -n "$pid" ] && gentle+=("$pid") && kill -TERM "$pid" 2>/dev/null
done
wait_gone 3 "${gentle[@]}"
[ -n "$X_DIR_CREATED" ] && rmdir /tmp/.X11-unix 2>/dev/null

done_testing
