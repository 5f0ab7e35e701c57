#!/bin/bash
# no-clone3.sh — sbox where clone3 is ENOSYS: container runtimes' default
# seccomp profiles (Docker, containerd, podman) and sbox's own filter answer
# clone3 that way. The launcher and the bus proxy's sandbox fall back to
# clone, --doctor probes that very call, and a nested sbox says clearly
# what stops it.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

NOCLONE3=${SBOX_PROBE:+${SBOX_PROBE%/*}/sbox-noclone3}
if [ -z "$NOCLONE3" ] || [ ! -x "$NOCLONE3" ]; then
  skip_all "the sbox-noclone3 helper is not built (make check builds it)"
fi

# run_nc ARGS...: sbox ARGS... under the clone3=ENOSYS filter.
run_nc ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$NOCLONE3" "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# CONTROL: the helper's filter really makes clone3 ENOSYS (a NULL clone3 is
# EINVAL without it).
if command -v perl >/dev/null 2>&1; then
  plain=$(perl -e 'syscall(435, 0, 0); print 0 + $!')
  filtered=$("$NOCLONE3" perl -e 'syscall(435, 0, 0); print 0 + $!')
  check_eq "control: clone3(NULL, 0) is EINVAL without the filter" 22 "$plain"
  check_eq "control: the helper's filter makes clone3 ENOSYS" 38 "$filtered"
else
  skip "control: the helper's filter makes clone3 ENOSYS" "no perl"
fi

run_nc --noprofile -- echo inside
check_run_ok "with clone3 ENOSYS the launcher falls back to clone and the command runs" inside
check_not_contains "... without 'Function not implemented'" "$ERR" "Function not implemented"

run_nc --noprofile -- sh -c 'readlink /proc/self/ns/user'
host_userns=$(readlink /proc/self/ns/user)
check_ne "... and the command is in a user namespace of its own" "$host_userns" "$OUT"

run_nc --doctor
check_match "--doctor under the filter: user namespaces OK, through clone" "$OUT" \
  "^OK +user namespaces +clone3 is ENOSYS.*clone instead"
sbox_run --doctor
check_match "control: --doctor without the filter says clone3 works" "$OUT" \
  "^OK +user namespaces .*\(clone3\)"
check_not_contains "--doctor never tells the user to run --doctor" "$OUT$ERR" "sbox --doctor"

# The bus proxy runs in a sandbox of its own, cloned the same way.
if command -v dbus-daemon >/dev/null 2>&1 && command -v dbus-send >/dev/null 2>&1 \
   && command -v xdg-dbus-proxy >/dev/null 2>&1; then
  if start_session_bus; then
    export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS
    ping_bus=(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus
      org.freedesktop.DBus.GetId)
    run_nc --noprofile --talk-name=org.example.Nobody -- "${ping_bus[@]}"
    check_rc "with clone3 ENOSYS the bus proxy's sandbox starts and relays" 0
    unset DBUS_SESSION_BUS_ADDRESS
  else
    skip "with clone3 ENOSYS the bus proxy's sandbox starts and relays" "dbus-daemon did not start"
  fi
else
  skip "with clone3 ENOSYS the bus proxy's sandbox starts and relays" "no dbus-daemon/xdg-dbus-proxy"
fi

# Nested: sbox's own filter makes clone3 ENOSYS and refuses CLONE_NEWUSER.
NEST=$SBOX_TMP/nest
mkdir -p "$NEST" && cp "$SBOX" "$NEST/sbox"
# A sanitizer build's leak checker cannot stop the world under the outer
# filter (no ptrace): inside, it is off.
nest_env=(--env=ASAN_OPTIONS=detect_leaks=0)
sbox_run --noprofile "${nest_env[@]}" --ro-bind "$NEST" "$NEST" -- "$NEST/sbox" --noprofile -- true
check_rc "sbox inside sbox (default filter) stops with 125" 125
check_contains "... saying what denies the user namespace" "$ERR" "denies clone(CLONE_NEWUSER)"
check_contains "... and how a profile allows it" "$ERR" "SeccompAllow=clone"
check_not_contains "... not 'Function not implemented'" "$ERR" "Function not implemented"
sbox_run --noprofile "${nest_env[@]}" --ro-bind "$NEST" "$NEST" -- "$NEST/sbox" --doctor
check_match "--doctor inside sbox says FAIL and why" "$OUT" \
  "^FAIL +user namespaces +something denies clone\(CLONE_NEWUSER\).*clone3 is ENOSYS, clone"

done_testing
