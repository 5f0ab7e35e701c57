#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# process.sh — the process side of the sandbox: exit codes, signal
# forwarding, die-with-parent, the pid namespace and its init, --as-pid-1,
# setsid, stdio.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ -n "$SBOX_PROBE" ] || bail_out "SBOX_PROBE is not set: the probe is needed"
P=$SBOX_PROBE

# --- exit codes -------------------------------------------------------------------------

sbox_run --noprofile -- sh -c 'exit 42'
check_rc "the command's exit code passes through (42)" 42
sbox_run --noprofile -- true
check_rc "exit code 0 passes through" 0
sbox_run --noprofile -- false
check_rc "exit code 1 passes through" 1
sbox_run --noprofile -- sh -c 'kill -9 $$'
check_rc "killed by SIGKILL: exit 128+9" 137
sbox_run --noprofile -- sh -c 'kill -TERM $$'
check_rc "killed by SIGTERM: exit 128+15" 143
sbox_run --noprofile --as-pid-1 -- sh -c 'exit 3'
check_rc "--as-pid-1: the exit code passes through" 3

# --- stdio ------------------------------------------------------------------------------

sbox_run --noprofile -- sh -c 'echo to-stdout; echo to-stderr >&2'
check_eq "stdout passes through" "to-stdout" "$OUT"
check_eq "stderr passes through (and sbox adds nothing)" "to-stderr" "$ERR"
check_eq "stdin passes through" "to-stdin" \
  "$(echo to-stdin | timeout 20 "$SBOX" --noprofile -- cat 2>/dev/null)"

# --- pid namespace, init, --as-pid-1, setsid -----------------------------------------------------

check_ne "the command is not PID 1 by default" "1" "$(sbox_out --noprofile -- sh -c 'echo $$')"
check_eq "PID 1 is sbox's init by default" "sbox" "$(sbox_out --noprofile -- cat /proc/1/comm)"
check_eq "--as-pid-1: the command is PID 1" "1" "$(sbox_out --noprofile --as-pid-1 -- sh -c 'echo $$')"

# Field 6 of /proc/PID/stat is the sid (setsid makes it the caller's own pid,
# so TIOCSTI cannot reach the terminal sbox was started from).
sid_of_self='set -- $(cat /proc/$$/stat); echo "$$ $6"'
read -r in_pid in_sid <<<"$(sbox_out --noprofile -- sh -c "$sid_of_self")"
check_eq "the command runs under setsid (its sid is its own pid)" "${in_pid:-none}" "${in_sid:-unknown}"
read -r in_pid in_sid <<<"$(sbox_out --noprofile --as-pid-1 -- sh -c "$sid_of_self")"
check_eq "--as-pid-1: the command runs under setsid too" "${in_pid:-none}" "${in_sid:-unknown}"

# The init reaps orphans: a grandchild left behind never stays a zombie.
# (Wait until the orphaned sleep has finished, then give init a moment.)
zombies=$(sbox_out --noprofile -- sh -c '
  sh -c "sleep 0.1 & exit 0"
  i=0
  while [ $i -lt 100 ]; do
    running=
    for d in /proc/[0-9]*; do
      [ "$(cat $d/comm 2>/dev/null)" = sleep ] && ! grep -q "^State:.*Z" $d/status 2>/dev/null && running=1
    done
    [ -z "$running" ] && break
    sleep 0.05
    i=$((i + 1))
  done
  sleep 0.2
  for s in /proc/[0-9]*/status; do grep -q "^State:.*Z" "$s" 2>/dev/null && echo "$s"; done
  echo end-of-list')
check_eq "orphans are reaped inside (no zombies)" "end-of-list" "$zombies"

# When the command exits, what it left running in the sandbox goes with it.
marker=sbox-leftover-$$-$RANDOM
kill_marker_at_exit "$marker"
start=$SECONDS
sbox_run --noprofile "${PROBE_BIND[@]}" -- sh -c "$P sleep-forever $marker & sleep 0.2; exit 5"
check_rc "the command's exit is not held up by its background children" 5
check_le "... and sbox returns promptly" 5 $((SECONDS - start))
mapfile -t left < <(pids_with_marker "$marker")
if wait_gone 2 "${left[@]}"; then
  ok "no stray processes once the command has exited"
else
  not_ok "no stray processes once the command has exited" "left: $(pids_with_marker "$marker")"
  kill_marker "$marker"
fi

# --- signals sent to sbox are forwarded ----------------------------------------------------

# forward_test SIGNAL EXPECTED_EXIT: start a sandboxed shell that traps
# SIGNAL and exits with EXPECTED_EXIT; send SIGNAL to the sbox process.
forward_test ()
{
  local sig=$1 want=$2 ready=$SBOX_TMP/ready-$1 pid rc settle=${3:-0}
  rm -f "$ready"
  : >"$ready"
  # env --default-signal: a background job of a script starts with SIGINT
  # ignored, and an ignored signal could not be trapped inside.
  env --default-signal "$SBOX" --noprofile --bind "$ready" "$ready" -- \
    sh -c "trap 'exit $want' $sig; echo ready >'$ready'; while :; do sleep 0.05; done" \
    </dev/null >/dev/null 2>&1 &
  pid=$!
  kill_at_exit "$pid"
  if ! wait_for 5 grep -q ready "$ready"; then
    not_ok "SIG$sig sent to sbox reaches the command" "the sandboxed shell never became ready"
    kill -9 "$pid" 2>/dev/null
    return
  fi
  sleep "$settle"
  kill -"$sig" "$pid"
  if wait_gone 5 "$pid"; then
    wait "$pid"
    rc=$?
    check_eq "SIG$sig sent to sbox reaches the command (it exits $want)" "$want" "$rc"
  else
    not_ok "SIG$sig sent to sbox reaches the command (it exits $want)" "sbox still runs 5 s later"
    kill -9 "$pid" 2>/dev/null
  fi
}
forward_test TERM 7
forward_test INT 8
forward_test HUP 9
# Half a second in, the launcher and init drop the pages setup left
# resident; what they run afterwards must still work.
forward_test USR1 10 1

# probe_pids MARKER: host pids of the sandboxed probe running sleep-forever
# MARKER (the sbox processes whose command lines also hold MARKER do not
# match: their command lines start with sbox's path).
probe_pids ()
{
  local p
  for p in $(pgrep -f -- "sleep-forever $1"); do
    [ "$(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null)" = "$P sleep-forever $1 " ] && echo "$p"
  done
}

# shellcheck disable=SC2317 # called through wait_for
probe_running () { [ -n "$(probe_pids "$1")" ]; }

# start_sleeper [OPTIONS...]: start sbox in the background running the
# probe's sleep-forever with a unique marker and wait until the probe runs.
# Sets LAUNCHER (the sbox pid), MARKER and SLEEPER (the probe's host pid).
start_sleeper ()
{
  MARKER=sbox-sleeper-$$-$RANDOM
  SLEEPER=
  kill_marker_at_exit "$MARKER"
  env --default-signal "$SBOX" --noprofile "${PROBE_BIND[@]}" "$@" -- "$P" sleep-forever "$MARKER" \
    </dev/null >/dev/null 2>&1 &
  LAUNCHER=$!
  kill_at_exit "$LAUNCHER"
  if wait_for 5 probe_running "$MARKER"; then
    SLEEPER=$(probe_pids "$MARKER" | head -n1)
    kill_at_exit "$SLEEPER"
    return 0
  fi
  kill -9 "$LAUNCHER" 2>/dev/null
  wait "$LAUNCHER" 2>/dev/null
  kill_marker "$MARKER"
  return 1
}

# Not trapped: the command dies of the signal and sbox reports 128+N.
if start_sleeper; then
  kill -TERM "$LAUNCHER"
  if wait_gone 5 "$LAUNCHER"; then
    wait "$LAUNCHER"
    check_eq "an untrapped SIGTERM forwarded to the command gives exit 143" 143 "$?"
    check "... and the command is gone" wait_gone 1 "$SLEEPER"
  else
    not_ok "an untrapped SIGTERM forwarded to the command gives exit 143" "sbox still runs 5 s later"
    kill -9 "$LAUNCHER" "$SLEEPER" 2>/dev/null
  fi
else
  not_ok "an untrapped SIGTERM forwarded to the command gives exit 143" "the sandboxed process never started"
fi

# --- die-with-parent ------------------------------------------------------------------------

# dwp_test DESCRIPTION EXPECT(dies|survives) [OPTIONS...]: kill -9 the sbox
# launcher and see whether the sandboxed process follows within 1 s.
dwp_test ()
{
  local desc=$1 expect=$2
  shift 2
  if ! start_sleeper "$@"; then
    not_ok "$desc" "the sandboxed process never started"
    return
  fi
  kill -9 "$LAUNCHER"
  wait "$LAUNCHER" 2>/dev/null
  if wait_gone 1 "$SLEEPER"; then
    result=dies
  else
    result=survives
  fi
  if [ "$result" = "$expect" ]; then
    ok "$desc"
  else
    not_ok "$desc" "the sandboxed process (host pid $SLEEPER) $result"
  fi
  # Whatever happened, leave nothing behind.
  kill -9 "$SLEEPER" 2>/dev/null
  kill_marker "$MARKER"
}

dwp_test "die-with-parent (default): the sandbox dies within 1 s of its launcher's kill -9" dies
dwp_test "--die-with-parent: the sandbox dies within 1 s of its launcher's kill -9" dies --die-with-parent
dwp_test "control: with --no-die-with-parent the sandbox outlives its launcher" survives --no-die-with-parent

done_testing
