#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# ci.sh — running untrusted builds: timeouts, status for machines, limits,
# the environment a CI job keeps, and the build profile.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

# --- --timeout ----------------------------------------------------------------------

marker=sbox-timeout-$$-$RANDOM
kill_marker_at_exit "$marker"
start=$SECONDS
sbox_run --timeout=1 -- bash -c "sleep 30 & exec -a $marker sleep 30"
check_rc "--timeout=1 kills the sandbox and exits 124, like timeout(1)" 124
check_le "... after about a second" 5 $((SECONDS - start))
mapfile -t left < <(pids_with_marker "$marker")
if wait_gone 2 "${left[@]}"; then
  ok "no process of the timed-out sandbox is left"
else
  not_ok "no process of the timed-out sandbox is left" "left: $(pids_with_marker "$marker")"
fi
sbox_run --timeout=5 -- sh -c 'exit 7'
check_rc "control: a command that finishes in time keeps its own status" 7

# --- --json-status-fd and --info-fd ---------------------------------------------------

parse='import json,sys
lines=[json.loads(l) for l in open(sys.argv[1])]
print(" ".join(sorted(k for l in lines for k in l)))'
"$SBOX" --json-status-fd=3 --info-fd=4 -- sh -c 'exit 3' 3>"$SBOX_TMP/status" 4>"$SBOX_TMP/info" </dev/null 2>/dev/null
check_eq "the command's status passes through with status fds" 3 "$?"
keys=$(python3 -c "$parse" "$SBOX_TMP/status" 2>&1)
check_contains "--json-status-fd: child-pid when it starts" "$keys" "child-pid"
check_contains "--json-status-fd: exit-code when it ends" "$keys" "exit-code"
check_contains "--json-status-fd: peak memory (max-rss-kb)" "$keys" "max-rss-kb"
check_contains "--json-status-fd: wall time (wall-time-ms)" "$keys" "wall-time-ms"
check_contains "--json-status-fd: CPU time (user-time-ms)" "$keys" "user-time-ms"
check_eq "--json-status-fd: the exit code is right" 3 \
  "$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][-1]["exit-code"])' "$SBOX_TMP/status")"
keys=$(python3 -c "$parse" "$SBOX_TMP/info" 2>&1)
check_contains "--info-fd: instance id and namespaces" "$keys" "instance-id"
check_contains "--info-fd: the pid namespace inode" "$keys" "pid-namespace"
"$SBOX" --timeout=1 --json-status-fd=3 -- sleep 10 3>"$SBOX_TMP/status2" </dev/null 2>/dev/null
check_contains "--json-status-fd reports a timeout" "$(cat "$SBOX_TMP/status2")" '"timed-out": true'
sbox_run --json-status-fd=57 -- true
check_rc "a status fd that is not open is an error (125)" 125

# --- environment a CI job keeps ------------------------------------------------------

export CI_JOB_TOKEN=tok-$$ CARGO_HOME_HINT=cargo-$$
sbox_run -- sh -c 'echo "${CI_JOB_TOKEN:-none}"'
check_run_ok "a CI token in the environment does not reach the build" "none"
sbox_run --keep-env='CARGO_*' -- sh -c 'echo "${CARGO_HOME_HINT:-none} ${CI_JOB_TOKEN:-none}"'
check_run_ok "--keep-env=GLOB lets only matching variables through" "cargo-$$ none"

# --- --bind-try and --cache ---------------------------------------------------------------

sbox_run --bind-try /nonexistent-$$ /x -- true
check_rc "--bind-try skips a missing source" 0
sbox_run --bind /nonexistent-$$ /x -- true
check_rc "control: --bind with the same missing source fails (125)" 125
sbox_run --cache="~/.cache-$$" -- sh -c "echo kept > ~/.cache-$$/f"
check_rc "--cache creates and binds a persistent cache" 0
sbox_run --cache="~/.cache-$$" -- cat "$HOME/.cache-$$/f"
check_run_ok "... which survives to the next sandbox" kept
check "... kept in sbox's storage, not in the host's ~/.cache-$$" test ! -e "$HOME/.cache-$$"

# --- fork bomb -------------------------------------------------------------------------------

# A bounded bomb: fork up to 200 sleeping children, count the forks that
# worked, then clean up.
bomb='import os, signal, time
kids = []
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    kids.append(pid)
print(len(kids))
for pid in kids:
    os.kill(pid, signal.SIGKILL)
'
start=$SECONDS
sbox_run --timeout=30 --rlimit=nproc=64 -- python3 -c "$bomb"
check_le "RLIMIT_NPROC=64 stops a bounded fork bomb inside the sandbox" 64 "${OUT:-999}"
check_le "... and the host stays responsive (done in time)" 15 $((SECONDS - start))
sbox_run --timeout=30 -- python3 -c "$bomb"
check_eq "control: without the limit all 200 forks succeed" 200 "$OUT"

# --- --memory, --pids, --cpus without a delegated cgroup ---------------------------------

sbox_run --memory=256M --pids=32 -- cat /proc/self/limits
if printf '%s\n' "$ERR" | grep -q "no delegated cgroup"; then
  check_contains "--memory without a cgroup says it falls back to RLIMIT_AS" "$ERR" "RLIMIT_AS"
  check_match "... and the address space is limited to 256 MiB" "$OUT" "Max address space +268435456"
  check_match "--pids without a cgroup falls back to RLIMIT_NPROC" "$OUT" "Max processes +32"
  sbox_run -- cat /proc/self/limits
  check_no_match "control: without --memory the address space is unlimited" "$OUT" "Max address space +268435456"
else
  skip "--memory without a cgroup says it falls back to RLIMIT_AS" "a delegated cgroup exists here"
fi
sbox_run --memory=lots -- true
check_rc "a bad --memory value is an error (125)" 125

# --- where user namespaces are restricted -----------------------------------------------

sbox_run --doctor
check_rc "--doctor exits 0 where nothing fails" 0
check_match "--doctor reports user namespaces, one line with OK/WARN/FAIL" "$OUT" "^OK +user namespaces"
check_match "--doctor reports the Landlock ABI" "$OUT" "landlock +ABI [0-9]"
if unshare -Ur true 2>/dev/null; then
  # user.max_user_namespaces is per user namespace: 0 in one of the test's own.
  out=$(unshare -Ur sh -c 'echo 0 > /proc/sys/user/max_user_namespaces; "$0" -- true' "$SBOX" 2>&1)
  check_contains "a blocked clone names the knob that blocks it" "$out" "user.max_user_namespaces is 0"
  check_contains "... and points to --doctor" "$out" "sbox --doctor"
  out=$(unshare -Ur sh -c 'echo 0 > /proc/sys/user/max_user_namespaces; "$0" --doctor' "$SBOX" 2>&1)
  check_match "--doctor says FAIL and how to fix it" "$out" "FAIL +user namespaces +user.max_user_namespaces is 0: sysctl"
  out=$(unshare -Ur sh -c '"$0" -- echo inner-ok' "$SBOX" 2>&1)
  check_contains "control: in the same kind of namespace without the limit sbox runs" "$out" "inner-ok"
else
  skip "a blocked clone names the knob that blocks it" "no user namespaces for the test itself"
fi

done_testing
