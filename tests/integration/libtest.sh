# shellcheck shell=bash
# libtest.sh — a small TAP library for sbox's integration tests.
#
# Sourced (never executed) by every tests/integration/*.sh script:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"
#
# Each assertion prints one TAP line ("ok N - DESCRIPTION" or
# "not ok N - DESCRIPTION") and, on failure, diagnostics as "# " comments.
# A failing assertion never stops the script: every check reports on its
# own.  done_testing prints the plan ("1..N") and sets the exit status.
#
# Environment (set by run-test.sh):
#   SBOX              the sbox binary under test (required)
#   SBOX_PROBE        the sbox-probe helper (tests/helpers/sbox-probe.c)
#   SBOX_PROBE_SUID   a setuid-root copy of the probe (only when the harness
#                     had root to make one)
#   SBOX_ROOT_AVAILABLE=1 when the harness ran as root
#   SBOX_TIMEOUT      seconds one sbox run may take (default 20)
#
# What the library provides to the test:
#   SBOX_TMP          a private scratch directory, removed at exit
#   HOME              "$SBOX_TMP/home": secrets planted in the caller's home
#                     never touch a real home
#   sbox_run ARGS...  run "$SBOX" ARGS... with stdin from /dev/null and a
#                     time limit; sets RC, OUT (stdout) and ERR (stderr)
#   sbox_out ARGS...  print only the stdout of "$SBOX" ARGS...
#   sbox_rc ARGS...   print the exit status of "$SBOX" --noprofile ARGS...
#   PROBE_BIND        the options that make the probe visible inside the
#                     sandbox at its own path: "${PROBE_BIND[@]}"
#   MY_UID, MY_GID, MY_USER   the caller's identity
#
# Assertions (each prints one TAP line; none ever exits):
#   check DESC CMD...              CMD exits 0
#   check_fails DESC CMD...        CMD exits non-zero
#   check_eq / check_ne DESC EXPECTED ACTUAL
#   check_contains / check_not_contains DESC HAYSTACK NEEDLE
#   check_match / check_no_match DESC TEXT ERE    (line-wise, grep -E)
#   check_le / check_gt DESC LIMIT ACTUAL         (integers)
#   check_rc DESC STATUS           exit status of the last sbox_run
#   check_run_ok DESC STDOUT       last sbox_run exited 0 printing STDOUT
#   ok / not_ok / skip DESC [REASON]; skip_all REASON; bail_out REASON
#   done_testing                   print "1..N" and exit (1 if any failed)
#
# Timing helpers: wait_for SECONDS CMD..., wait_gone SECONDS PID...
# Cleanup helpers: kill_at_exit PID..., kill_marker_at_exit WORD...,
#   remove_at_exit PATH...
# X servers: free_x_display FIRST LAST prints a display number no server
#   uses (no lock, no socket, no abstract socket); x_server_at_exit N PID
#   kills PID at exit and removes /tmp/.XN-lock and /tmp/.X11-unix/XN when
#   the lock is PID's (a server killed with SIGKILL leaves both behind).
# Peers of the test's own, stopped at exit (a diagnostic and status 1 when
#   one does not come up):
#   start_session_bus [LISTEN]   a private dbus-daemon; sets BUS_ADDRESS,
#                                BUS_PID, BUS_DIR
#   private_session_bus          a private XDG_RUNTIME_DIR, XDG_CONFIG_HOME
#                                (sbox/ made) and session bus, all exported
#   start_xvfb FIRST LAST [ARG...]  Xvfb on a free display in FIRST..LAST
#                                with a cookie; sets XVFB_DISPLAY (N),
#                                XVFB_AUTH, XVFB_COOKIE, XVFB_PID

# No `set -e`: a failing command must not end the test.
set -u

_tap_count=0
_tap_failed=0
_tap_done=0

# ---------------------------------------------------------------------------
# Output helpers

# diag TEXT...: print TEXT as TAP comment lines (one "# " per line).
diag ()
{
  local line
  while IFS= read -r line; do
    printf '# %s\n' "$line"
  done <<<"$*"
}

# _diag_value LABEL VALUE: show a (possibly multi-line, possibly long) value.
_diag_value ()
{
  local label=$1 value=$2
  if [ -z "$value" ]; then
    printf '#   %s: (empty)\n' "$label"
    return
  fi
  if [ "${#value}" -gt 4000 ]; then
    value="${value:0:4000}
[... truncated ...]"
  fi
  local line first=1
  while IFS= read -r line; do
    if [ "$first" = 1 ]; then
      printf '#   %s: %s\n' "$label" "$line"
      first=0
    else
      printf '#   %*s  %s\n' "${#label}" '' "$line"
    fi
  done <<<"$value"
}

# pass DESCRIPTION / fail DESCRIPTION: the raw TAP lines.
pass ()
{
  _tap_count=$((_tap_count + 1))
  printf 'ok %d - %s\n' "$_tap_count" "$*"
}

fail ()
{
  _tap_count=$((_tap_count + 1))
  _tap_failed=$((_tap_failed + 1))
  printf 'not ok %d - %s\n' "$_tap_count" "$*"
}

# ok DESCRIPTION: an assertion that is known to hold.
ok () { pass "$@"; }

# not_ok DESCRIPTION [DIAGNOSTIC...]: an assertion that is known to fail.
not_ok ()
{
  local desc=$1
  shift
  fail "$desc"
  [ "$#" -gt 0 ] && diag "$@"
  return 0
}

# skip DESCRIPTION REASON: an assertion that cannot be made here.
skip ()
{
  _tap_count=$((_tap_count + 1))
  printf 'ok %d - %s # SKIP %s\n' "$_tap_count" "$1" "${2:-}"
}

# skip_all REASON: the whole script cannot run here.
skip_all ()
{
  printf '1..0 # SKIP %s\n' "$*"
  _tap_done=1
  exit 0
}

# bail_out REASON: something is so wrong that no result would mean anything.
bail_out ()
{
  printf 'Bail out! %s\n' "$*"
  _tap_done=1
  exit 99
}

# ---------------------------------------------------------------------------
# Assertions.  Each returns 0 when it passed and 1 when it failed, so a test
# can guard a dependent assertion, but nothing ever exits.

# check DESCRIPTION CMD...: passes when CMD exits 0.
check ()
{
  local desc=$1
  shift
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ]; then
    pass "$desc"
    return 0
  fi
  fail "$desc"
  _diag_value "command" "$*"
  _diag_value "exit status" "$rc"
  _diag_value "output" "$out"
  return 1
}

# check_fails DESCRIPTION CMD...: passes when CMD exits non-zero.
check_fails ()
{
  local desc=$1
  shift
  local out rc
  out=$("$@" 2>&1)
  rc=$?
  if [ "$rc" -ne 0 ]; then
    pass "$desc"
    return 0
  fi
  fail "$desc"
  _diag_value "command (expected to fail)" "$*"
  _diag_value "output" "$out"
  return 1
}

# check_eq DESCRIPTION EXPECTED ACTUAL
check_eq ()
{
  if [ "$2" == "$3" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected" "$2"
  _diag_value "got" "$3"
  return 1
}

# check_ne DESCRIPTION UNEXPECTED ACTUAL
check_ne ()
{
  if [ "$2" != "$3" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected anything but" "$2"
  _diag_value "got" "$3"
  return 1
}

# check_contains DESCRIPTION HAYSTACK NEEDLE (fixed string)
check_contains ()
{
  if [[ "$2" == *"$3"* ]]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected to contain" "$3"
  _diag_value "got" "$2"
  return 1
}

# check_not_contains DESCRIPTION HAYSTACK NEEDLE (fixed string)
check_not_contains ()
{
  if [[ "$2" != *"$3"* ]]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected not to contain" "$3"
  _diag_value "got" "$2"
  return 1
}

# check_match DESCRIPTION HAYSTACK ERE: some line of HAYSTACK matches ERE.
check_match ()
{
  if printf '%s\n' "$2" | grep -Eq -- "$3"; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected a line matching" "$3"
  _diag_value "got" "$2"
  return 1
}

# check_no_match DESCRIPTION HAYSTACK ERE: no line of HAYSTACK matches ERE.
check_no_match ()
{
  local hits
  hits=$(printf '%s\n' "$2" | grep -E -- "$3")
  if [ -z "$hits" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected no line matching" "$3"
  _diag_value "matching lines" "$hits"
  return 1
}

# check_le DESCRIPTION MAX ACTUAL (integers)
check_le ()
{
  if [[ "$3" =~ ^[0-9]+$ ]] && [ "$3" -le "$2" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected at most" "$2"
  _diag_value "got" "$3"
  return 1
}

# check_gt DESCRIPTION MIN ACTUAL (integers): ACTUAL > MIN
check_gt ()
{
  if [[ "$3" =~ ^[0-9]+$ ]] && [ "$3" -gt "$2" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected more than" "$2"
  _diag_value "got" "$3"
  return 1
}

# check_rc DESCRIPTION EXPECTED: the exit status of the last sbox_run.
check_rc ()
{
  if [ "${RC:-}" == "$2" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected exit status" "$2"
  _diag_value "got exit status" "${RC:-unset}"
  _diag_value "stdout" "${OUT:-}"
  _diag_value "stderr" "${ERR:-}"
  return 1
}

# check_run_ok DESCRIPTION EXPECTED_STDOUT: last sbox_run exited 0 and
# printed exactly EXPECTED_STDOUT.
check_run_ok ()
{
  if [ "${RC:-}" == 0 ] && [ "${OUT:-}" == "$2" ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  _diag_value "expected stdout" "$2"
  _diag_value "got stdout" "${OUT:-}"
  _diag_value "exit status" "${RC:-unset}"
  _diag_value "stderr" "${ERR:-}"
  return 1
}

# ---------------------------------------------------------------------------
# Running sbox

SBOX_TIMEOUT=${SBOX_TIMEOUT:-20}

# sbox_run ARGS...: run sbox without a terminal, capture everything.
sbox_run ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
  if [ "$RC" = 124 ]; then
    diag "sbox_run: exit 124 (timed out after ${SBOX_TIMEOUT}s?): $*"
  fi
  return 0
}

# sbox_rc ARGS...: print the exit status of "sbox --noprofile ARGS...", output
# discarded.  "1" from `-- test ...` means the test ran and was false, unlike
# a check that merely fails: 125/126/127 are sbox's own errors.
sbox_rc ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" --noprofile "$@" >/dev/null 2>&1 </dev/null
  echo $?
}

# sbox_out ARGS...: print only the sandboxed command's stdout (no checks).
sbox_out ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" "$@" 2>/dev/null </dev/null
}

# proc_status_field FIELD: a field of /proc/self/status as seen by the caller.
proc_status_field ()
{
  awk -v f="$1:" '$1 == f { print $2 }' /proc/self/status
}

# wait_for SECONDS CMD...: poll CMD every 50 ms until it succeeds.
# SECONDS may be fractional (0.5) — it is rounded to 50 ms steps.
_tries_for ()
{
  awk -v s="$1" 'BEGIN { n = int(s * 20 + 0.5); if (n < 1) n = 1; print n }'
}

wait_for ()
{
  local tries
  tries=$(_tries_for "$1")
  shift
  while :; do
    "$@" >/dev/null 2>&1 && return 0
    tries=$((tries - 1))
    [ "$tries" -le 0 ] && return 1
    sleep 0.05
  done
}

# wait_gone SECONDS PID...: poll until none of PIDs exists (zombies count as
# gone).  Returns 1 if some survived.
wait_gone ()
{
  local tries pid alive
  tries=$(_tries_for "$1")
  shift
  while :; do
    alive=
    for pid in "$@"; do
      if [ -e "/proc/$pid" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null; then
        alive="$alive $pid"
      fi
    done
    [ -z "$alive" ] && return 0
    tries=$((tries - 1))
    [ "$tries" -le 0 ] && return 1
    sleep 0.05
  done
}

# Host pids of processes whose command line contains MARKER (a unique word).
pids_with_marker ()
{
  pgrep -f -- "$1"
}

# ---------------------------------------------------------------------------
# Setup and teardown

_tap_cleanup_pids=()
_tap_cleanup_paths=()
_tap_cleanup_markers=()

# kill_at_exit PID...: make sure PIDs are gone when the test ends.
kill_at_exit ()
{
  _tap_cleanup_pids+=("$@")
}

# kill_marker_at_exit MARKER...: kill whatever still runs with MARKER (a
# unique word) in its command line when the test ends.
kill_marker_at_exit ()
{
  _tap_cleanup_markers+=("$@")
}

# kill_marker MARKER: kill -9, by pid, every process whose command line holds
# MARKER.
kill_marker ()
{
  local pids
  mapfile -t pids < <(pgrep -f -- "$1")
  [ "${#pids[@]}" -gt 0 ] && kill -9 "${pids[@]}" 2>/dev/null
  return 0
}

# free_x_display FIRST LAST: the first display number in FIRST..LAST that no
# X server holds; nothing (and status 1) when there is none. A lock whose
# process is gone does not hold its number: the X server replaces it and
# its socket.
free_x_display ()
{
  local n owner
  for n in $(seq "$1" "$2"); do
    if [ -e "/tmp/.X$n-lock" ]; then
      owner=$( { tr -d ' \n' <"/tmp/.X$n-lock"; } 2>/dev/null)
      [ -z "$owner" ] || [ -d "/proc/$owner" ] && continue
    elif [ -e "/tmp/.X11-unix/X$n" ]; then
      continue
    fi
    grep -q "@/tmp/.X11-unix/X$n\$" /proc/net/unix 2>/dev/null && continue
    printf '%s\n' "$n"
    return 0
  done
  return 1
}

_tap_cleanup_x=()

# x_server_at_exit N PID: the X server PID on display :N goes at exit, with
# its lock file and socket, but only those it made (its pid in the lock):
# another server may have taken N first.
x_server_at_exit ()
{
  kill_at_exit "$2"
  _tap_cleanup_x+=("$1:$2")
}

# private_session_bus: this test's own runtime and configuration
# directories (an sbox.conf goes in $XDG_CONFIG_HOME/sbox) and its own
# session bus in DBUS_SESSION_BUS_ADDRESS; bails out without the bus.
private_session_bus ()
{
  export XDG_RUNTIME_DIR=$SBOX_TMP/run
  mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_CONFIG_HOME=$SBOX_TMP/config
  mkdir -p "$XDG_CONFIG_HOME/sbox"
  start_session_bus || bail_out "no session bus"
  export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
}

# start_session_bus [LISTEN]: start a dbus-daemon for this test alone, with
# a configuration of its own (written to a fresh directory BUS_DIR under
# $SBOX_TMP): this user's clients may own any name and call, receive and
# eavesdrop on anything; it activates nothing. LISTEN is its D-Bus listen
# address (default: unix:path=$BUS_DIR/bus). Returns once the bus accepts
# connections, with BUS_ADDRESS the address to give clients (LISTEN) and
# BUS_PID the daemon's pid; it is killed when the test ends. Not for $(...):
# the cleanup it registers would stay in the subshell.
# shellcheck disable=SC2120 # LISTEN is optional
start_session_bus ()
{
  BUS_PID=
  BUS_DIR=$(mktemp -d "$SBOX_TMP/bus.XXXXXX") || { diag "cannot create a directory for a bus"; return 1; }
  BUS_ADDRESS=${1:-unix:path=$BUS_DIR/bus}
  cat >"$BUS_DIR/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>$BUS_ADDRESS</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow receive_sender="*"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
  # The daemon prints its address once it listens.
  dbus-daemon --config-file="$BUS_DIR/bus.conf" --nofork --nopidfile --print-address=3 \
    3>"$BUS_DIR/address" >"$BUS_DIR/log" 2>&1 </dev/null &
  BUS_PID=$!
  kill_at_exit "$BUS_PID"
  disown "$BUS_PID"   # no job report when the exit trap kills it
  if ! wait_for 10 test -s "$BUS_DIR/address"; then
    diag "dbus-daemon ($BUS_ADDRESS) did not start; its output:" "$(tail -n 15 "$BUS_DIR/log")"
    return 1
  fi
  if command -v dbus-send >/dev/null 2>&1 \
     && ! wait_for 5 dbus-send --bus="$BUS_ADDRESS" --print-reply --dest=org.freedesktop.DBus \
            /org/freedesktop/DBus org.freedesktop.DBus.GetId >/dev/null 2>&1; then
    diag "dbus-daemon ($BUS_ADDRESS) does not answer; its output:" "$(tail -n 15 "$BUS_DIR/log")"
    return 1
  fi
}

# start_xvfb FIRST LAST [XVFB_ARG...]: start an Xvfb for this test alone on
# a free display number in FIRST..LAST (free_x_display), with XVFB_ARGs
# (e.g. -screen 0 WxHxD), no TCP, and a fresh MIT-MAGIC-COOKIE-1 in an
# Xauthority file of its own, which is also the server's -auth file. Returns
# once the server holds the display's lock and answers a client that has the
# cookie, with XVFB_DISPLAY the number N (DISPLAY=:N), XVFB_AUTH the
# Xauthority file, XVFB_COOKIE the cookie (hex) and XVFB_PID the server's
# pid; the server, its lock and its socket go when the test ends. A number
# another server takes between the choice and the start is retried. Not for
# $(...), as start_session_bus.
start_xvfb ()
{
  local first=$1 last=$2 dir n try log
  shift 2
  XVFB_DISPLAY='' XVFB_PID=''
  dir=$(mktemp -d "$SBOX_TMP/xvfb.XXXXXX") || { diag "cannot create a directory for Xvfb"; return 1; }
  XVFB_AUTH=$dir/Xauthority
  XVFB_COOKIE=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  for try in 1 2 3; do
    n=$(free_x_display "$first" "$last") || { diag "no free X display in $first..$last"; return 1; }
    log=$dir/log.$try
    rm -f "$XVFB_AUTH"
    xauth -q -f "$XVFB_AUTH" add ":$n" . "$XVFB_COOKIE" 2>"$log" \
      || { diag "xauth cannot write $XVFB_AUTH:" "$(cat "$log")"; return 1; }
    Xvfb ":$n" -auth "$XVFB_AUTH" -nolisten tcp -noreset "$@" >>"$log" 2>&1 </dev/null &
    XVFB_PID=$!
    x_server_at_exit "$n" "$XVFB_PID"
    disown "$XVFB_PID"
    if wait_for 10 _xvfb_up "$n" "$XVFB_PID"; then
      # shellcheck disable=SC2034 # for the caller
      XVFB_DISPLAY=$n
      return 0
    fi
    kill "$XVFB_PID" 2>/dev/null
    # Retry only when another server took the number first.
    grep -q 'already active' "$log" || break
  done
  diag "Xvfb did not start; its output:" "$(tail -n 15 "$log")"
  return 1
}

# _xvfb_up N PID: the server PID holds display :N (the lock names PID) and
# answers a client that has the cookie (without a client at hand: its
# socket is there).
_xvfb_up ()
{
  local owner
  [ -d "/proc/$2" ] || return 1
  owner=$( { tr -d ' \n' <"/tmp/.X$1-lock"; } 2>/dev/null)
  [ "$owner" = "$2" ] || return 1
  if command -v xdpyinfo >/dev/null 2>&1; then
    XAUTHORITY=$XVFB_AUTH xdpyinfo -display ":$1" >/dev/null 2>&1
  elif command -v xwininfo >/dev/null 2>&1; then
    XAUTHORITY=$XVFB_AUTH xwininfo -display ":$1" -root >/dev/null 2>&1
  else
    test -S "/tmp/.X11-unix/X$1"
  fi
}

_tap_remove_x_files ()
{
  local entry n pid owner
  for entry in "${_tap_cleanup_x[@]}"; do
    n=${entry%%:*} pid=${entry#*:}
    owner=$( { tr -d ' \n' <"/tmp/.X$n-lock"; } 2>/dev/null)
    [ "$owner" = "$pid" ] || continue
    rm -f -- "/tmp/.X11-unix/X$n" "/tmp/.X$n-lock"
  done
}

# remove_at_exit PATH...: files outside $SBOX_TMP to remove when the test ends.
remove_at_exit ()
{
  _tap_cleanup_paths+=("$@")
}

_tap_exit ()
{
  local rc=$?
  local pid
  for pid in "${_tap_cleanup_pids[@]}"; do
    kill -9 "$pid" 2>/dev/null
  done
  for pid in "${_tap_cleanup_markers[@]}"; do
    kill_marker "$pid"
  done
  for pid in "${_tap_cleanup_paths[@]}"; do
    rm -rf -- "$pid"
  done
  _tap_remove_x_files
  if [ -n "${SBOX_TMP:-}" ] && [ -d "$SBOX_TMP" ]; then
    chmod -R u+rwX "$SBOX_TMP" 2>/dev/null
    rm -rf "$SBOX_TMP"
  fi
  if [ "$_tap_done" = 0 ]; then
    printf '# the test ended before done_testing (exit status %d)\n' "$rc"
    [ "$rc" = 0 ] && rc=99
  fi
  exit "$rc"
}

# done_testing: print the plan and end the test.
done_testing ()
{
  printf '1..%d\n' "$_tap_count"
  _tap_done=1
  if [ "$_tap_failed" -gt 0 ]; then
    printf '# %d of %d assertions failed\n' "$_tap_failed" "$_tap_count"
    exit 1
  fi
  exit 0
}

trap _tap_exit EXIT
# Make a test killed by make (or ^C) still clean up through the EXIT trap.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${SBOX:-}" ]; then
  bail_out "SBOX is not set (run the test through run-test.sh)"
fi
if [ ! -x "$SBOX" ]; then
  bail_out "SBOX=$SBOX is not an executable file"
fi

# The escape probe may be named relative to where the test started.
case ${SBOX_ESCAPE_PROBE:-/} in
  /*) ;;
  *) SBOX_ESCAPE_PROBE=$PWD/$SBOX_ESCAPE_PROBE ;;
esac

SBOX_TMP=$(mktemp -d /var/tmp/sbox-test.XXXXXX 2>/dev/null || mktemp -d)
if [ -z "$SBOX_TMP" ] || [ ! -d "$SBOX_TMP" ]; then
  bail_out "cannot create a scratch directory"
fi
chmod 700 "$SBOX_TMP"
export SBOX_TMP

# A fake home for "the caller": nothing in it but what the test plants.
HOME=$SBOX_TMP/home
mkdir -p "$HOME"
export HOME
cd "$SBOX_TMP" || bail_out "cannot enter $SBOX_TMP"

# sbox cannot work where user namespaces are off; that is the machine's
# state, not sbox's failure.
if command -v unshare >/dev/null 2>&1 && ! unshare -U true 2>/dev/null; then
  skip_all "user namespaces are not available to uid $(id -u) here"
fi

PROBE_BIND=()
if [ -n "${SBOX_PROBE:-}" ] && [ -x "$SBOX_PROBE" ]; then
  # shellcheck disable=SC2034 # for the tests that source this file
  PROBE_BIND=(--ro-bind "$SBOX_PROBE" "$SBOX_PROBE")
else
  SBOX_PROBE=
fi

# need_escape_probe: the escape probe (tests/escape/escape-probe.c) must be
# there and runnable by this user, or the test bails out.
need_escape_probe ()
{
  [ -n "${SBOX_ESCAPE_PROBE:-}" ] || bail_out "SBOX_ESCAPE_PROBE is not set: the escape probe is needed"
  [ -x "$SBOX_ESCAPE_PROBE" ] \
    || bail_out "SBOX_ESCAPE_PROBE=$SBOX_ESCAPE_PROBE is not executable by uid $(id -u)"
}

MY_UID=$(id -u)
# shellcheck disable=SC2034 # for the tests that source this file
MY_GID=$(id -g)
# shellcheck disable=SC2034 # for the tests that source this file
MY_USER=$(id -un 2>/dev/null || echo "$MY_UID")
