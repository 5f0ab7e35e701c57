#!/bin/bash
# portal-identity.sh — portals must tell a sandboxed app from a host app.
#
# xdg-desktop-portal (and PipeWire, and the document portal) ask the bus for
# the pid at the other end of a connection (GetConnectionUnixProcessID) and
# read /proc/PID/root/.flatpak-info: no file there means "a host app", with
# a host app's trust. A sandboxed app's bus peer is its xdg-dbus-proxy, so
# this test asks a real dbus-daemon for the pid of a name the sandboxed
# command owns and reads that process's root from outside, exactly as a
# portal does. The CONTROL is a host process on the same bus, whose root has
# no /.flatpak-info: the same lookup must find none for it.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

have () { command -v "$1" >/dev/null 2>&1; }
for tool in dbus-daemon dbus-send dbus-test-tool xdg-dbus-proxy; do
  have "$tool" || skip_all "$tool is not installed"
done
[ -e /.flatpak-info ] && skip_all "this test itself runs inside a Flatpak sandbox"

RUN=$SBOX_TMP/run
mkdir -m 0700 "$RUN" || bail_out "cannot create $RUN"
export XDG_RUNTIME_DIR=$RUN
unset DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS
LOGS=$SBOX_TMP/logs
mkdir -p "$LOGS"

# start NAME CMD...: a peer in the background, its output in $LOGS/NAME.
start ()
{
  local name=$1
  shift
  "$@" >"$LOGS/$name" 2>&1 </dev/null &
  kill_at_exit $!
  eval "PID_$name=\$!"
  disown $!
}

SESSION_SOCK=$SBOX_TMP/bus
SYSTEM_SOCK=$SBOX_TMP/system_bus_socket
{ start_session_bus "unix:path=$SESSION_SOCK" && start_session_bus "unix:path=$SYSTEM_SOCK"; } \
  || bail_out "dbus-daemon did not start"
export DBUS_SESSION_BUS_ADDRESS=unix:path=$SESSION_SOCK
export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SYSTEM_SOCK
# A bus on an abstract socket; whether it came up is checked where it is used.
ABSTRACT_ADDRESS=unix:abstract=sbox-portal-identity-$$-$RANDOM
start_session_bus "$ABSTRACT_ADDRESS"

# bus_call BUS METHOD ARG: the bus driver's answer (literal), on BUS
# (session, system, or an address).
bus_call ()
{
  local where=--$1
  case $1 in *:*) where=--bus=$1 ;; esac
  dbus-send "$where" --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    "org.freedesktop.DBus.$2" "string:$3" 2>/dev/null
}
# shellcheck disable=SC2317 # called through wait_for
has_owner () { bus_call "$1" NameHasOwner "$2" | grep -q true; }
# The pid the bus gives for NAME: what a portal looks at.
peer_pid () { bus_call "$1" GetConnectionUnixProcessID "$2" | awk '{print $2}'; }
# What a portal reads: /proc/PID/root/.flatpak-info, or "(none)".
portal_view () { cat "/proc/$1/root/.flatpak-info" 2>/dev/null || echo "(none)"; }
info_name () { sed -n 's/^name=//p' <<<"$1" | head -n 1; }

# serve BUS NAME SBOX_ARGS...: start a sandbox whose command owns NAME on
# BUS and keeps it until killed; SERVE_PID is sbox's pid.
serve ()
{
  local bus=$1 name=$2
  shift 2
  local which=--session
  [ "$bus" = system ] && which=--system
  [[ "$bus" == *:* ]] && which=--session
  "$SBOX" "$@" -- dbus-test-tool echo "$which" --name="$name" >"$LOGS/$name" 2>&1 </dev/null &
  SERVE_PID=$!
  kill_at_exit "$SERVE_PID"
  wait_for 8 has_owner "$bus" "$name"
}
stop_serving () { kill -TERM "$SERVE_PID" 2>/dev/null; wait "$SERVE_PID" 2>/dev/null; }

cat >"$SBOX_TMP/app.profile" <<'EOF'
[Profile]
AppId=org.example.App

[Session Bus Policy]
org.example.AppProbe=own

[System Bus Policy]
org.example.AppSysProbe=own
EOF

# --- CONTROL: a host process on the same bus ----------------------------------------------

start host_peer dbus-test-tool echo --session --name=org.example.HostPeer
if wait_for 5 has_owner session org.example.HostPeer; then
  host_pid=$(peer_pid session org.example.HostPeer)
  check_eq "control: the bus names the host peer's own pid" "${PID_host_peer:-}" "$host_pid"
  check_eq "control: a host process's root has no /.flatpak-info (a portal sees a host app)" \
    "(none)" "$(portal_view "$host_pid")"
else
  not_ok "control: a host dbus-test-tool owns org.example.HostPeer" "$(cat "$LOGS/host_peer")"
fi

# --- an app with AppId= ---------------------------------------------------------------------

if serve session org.example.AppProbe --profile="$SBOX_TMP/app.profile"; then
  pid=$(peer_pid session org.example.AppProbe)
  view=$(portal_view "$pid")
  diag "the bus names pid $pid ($(cat "/proc/$pid/comm" 2>/dev/null)) for the sandboxed org.example.AppProbe"
  check_ne "the sandboxed app's bus peer has a /.flatpak-info in its root (portals see a sandboxed app)" \
    "(none)" "$view"
  check_eq "... naming [Application] name=org.example.App" "org.example.App" "$(info_name "$view")"
  check_contains "... with the app's [Instance] (the same file the app has)" "$view" "instance-id="
  # What the app itself sees, and what the portal sees: one file.
  app_info=$(sbox_out --profile="$SBOX_TMP/app.profile" -- cat /.flatpak-info)
  check_eq "the peer's /.flatpak-info is the app's own (another run's differs only in instance-id)" \
    "$(grep -v '^instance-id=' <<<"$app_info")" "$(grep -v '^instance-id=' <<<"$view")"
  check_ne "the peer's root is not the host's (the caller's home is not in it)" \
    "yes" "$(test -e "/proc/$pid/root$HOME" && echo yes)"
  check "control: the caller's home is visible through a host process's root" \
    test -e "/proc/${host_pid:-1}/root$HOME"
  if (echo "name=org.example.Evil" >>"/proc/$pid/root/.flatpak-info") 2>/dev/null; then
    not_ok "the peer's /.flatpak-info cannot be rewritten (read-only root)"
  else
    ok "the peer's /.flatpak-info cannot be rewritten (read-only root)"
  fi
  status=$(cat "/proc/$pid/status" 2>/dev/null)
  check_match "the proxy runs with no_new_privs" "$status" '^NoNewPrivs:[[:space:]]+1$'
  check_match "the proxy runs under a seccomp filter" "$status" '^Seccomp:[[:space:]]+2$'
  check_match "the proxy has no effective capabilities" "$status" '^CapEff:[[:space:]]+0+$'
  check_match "the proxy has an empty bounding set" "$status" '^CapBnd:[[:space:]]+0+$'
  check_ne "the proxy is in a user namespace of its own" "$(readlink /proc/self/ns/user)" \
    "$(readlink "/proc/$pid/ns/user" 2>/dev/null)"
  check_ne "the proxy is in a pid namespace of its own" "$(readlink /proc/self/ns/pid)" \
    "$(readlink "/proc/$pid/ns/pid" 2>/dev/null)"
  check_ne "the proxy is in a network namespace of its own (a unix:path= bus)" \
    "$(readlink /proc/self/ns/net)" "$(readlink "/proc/$pid/ns/net" 2>/dev/null)"
  check "the host can call the sandboxed org.example.AppProbe through the sandboxed proxy" \
    dbus-send --session --print-reply --dest=org.example.AppProbe / org.example.AppProbe.Ping
  stop_serving
  check "the proxy is gone once the sandbox ended" wait_gone 5 "$pid"
else
  not_ok "a sandbox with AppId=org.example.App owns org.example.AppProbe" "$(cat "$LOGS/org.example.AppProbe")"
fi

# --- the system bus: its proxy is sandboxed the same way --------------------------------------

if serve system org.example.AppSysProbe --profile="$SBOX_TMP/app.profile"; then
  pid=$(peer_pid system org.example.AppSysProbe)
  check_eq "system bus: the sandboxed app's peer has the app's /.flatpak-info" "org.example.App" \
    "$(info_name "$(portal_view "$pid")")"
  stop_serving
else
  not_ok "system bus: a sandbox with AppId owns org.example.AppSysProbe" "$(cat "$LOGS/org.example.AppSysProbe")"
fi

# --- without AppId the app gets no /.flatpak-info, but its proxy is not a host app -------------

if serve session org.example.AnonProbe --noprofile --own-name=org.example.AnonProbe; then
  pid=$(peer_pid session org.example.AnonProbe)
  check_eq "no AppId: the peer still has a /.flatpak-info, naming no real app (org.sbox.Unnamed)" \
    "org.sbox.Unnamed" "$(info_name "$(portal_view "$pid")")"
  stop_serving
else
  not_ok "no AppId: a sandbox owns org.example.AnonProbe" "$(cat "$LOGS/org.example.AnonProbe")"
fi
sbox_run --noprofile --own-name=org.example.AnonProbe -- test -e /.flatpak-info
check_rc "no AppId: the app itself has no /.flatpak-info (toolkits would take it for a Flatpak)" 1

# --- an abstract-socket bus: the proxy keeps the host's network namespace ------------------------

if wait_for 5 has_owner "$ABSTRACT_ADDRESS" org.freedesktop.DBus; then
  if DBUS_SESSION_BUS_ADDRESS=$ABSTRACT_ADDRESS serve "$ABSTRACT_ADDRESS" org.example.AbstractProbe \
      --profile="$SBOX_TMP/app.profile" --own-name=org.example.AbstractProbe; then
    pid=$(peer_pid "$ABSTRACT_ADDRESS" org.example.AbstractProbe)
    check_eq "unix:abstract= bus: the peer has the app's /.flatpak-info" "org.example.App" \
      "$(info_name "$(portal_view "$pid")")"
    check_eq "unix:abstract= bus: the proxy shares the host's network namespace (to reach it)" \
      "$(readlink /proc/self/ns/net)" "$(readlink "/proc/$pid/ns/net" 2>/dev/null)"
    stop_serving
  else
    not_ok "unix:abstract= bus: a sandbox owns org.example.AbstractProbe through its proxy" \
      "$(cat "$LOGS/org.example.AbstractProbe")"
  fi
else
  skip "unix:abstract= bus" "the abstract-socket dbus-daemon did not answer"
fi

done_testing
