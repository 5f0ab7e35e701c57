#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# enter-confine.sh — a command joined with --enter is confined exactly as the
# sandbox's first command: the same resource limits (--rlimit, and the
# rlimit fallbacks of --memory/--pids) and, when the sandbox has a cgroup,
# the same cgroup, so it counts against --memory, --pids and --cpus.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# start NAME ARGS...: a named sandbox whose first command saves its limits
# and cgroup in its /tmp, then waits; returns once --enter can read them.
start ()
{
  local name=$1
  shift
  "$SBOX" --name="$name" "$@" -- sh -c \
    'cat /proc/self/limits > /tmp/limits; cat /proc/self/cgroup > /tmp/cgroup; exec sleep 60' \
    </dev/null >/dev/null 2>"$SBOX_TMP/$name.err" &
  kill_at_exit "$!"
  wait_for 5 bash -c "\"$SBOX\" --enter=$name -- test -s /tmp/cgroup 2>/dev/null"
}

# --- rlimits ----------------------------------------------------------------------

limited=limited-$$ plain=plain-$$
# Values no caller has by accident (the control below checks that).
if ! start "$limited" --rlimit=nofile=321:654 --rlimit=fsize=12345678 \
  || ! start "$plain"; then
  bail_out "the named sandboxes did not start: $(cat "$SBOX_TMP"/*.err)"
fi

sbox_run --enter="$limited" -- sh -c 'ulimit -Sn; ulimit -Hn'
check_eq "--enter: --rlimit=nofile reaches the joined command (ulimit -n soft, hard)" \
  "321 654" "$(printf '%s' "$OUT" | tr '\n' ' ')"
sbox_run --enter="$limited" -- cat /proc/self/limits
first=$("$SBOX" --enter="$limited" -- cat /tmp/limits 2>/dev/null)
check_eq "--enter: every limit in /proc/self/limits is the first command's" "$first" "$OUT"
check_match "... including --rlimit=fsize" "$OUT" "Max file size +12345678 +12345678 +bytes"
# The control: the caller's own limits are not these, so a joined command
# that skipped the rlimits would fail the checks above.
check_ne "control: the caller's own nofile is not the sandbox's 321" "321" "$(ulimit -Sn)"
sbox_run --enter="$plain" -- sh -c 'ulimit -Sn'
check_eq "control: --enter into a sandbox without --rlimit has the caller's nofile" \
  "$(ulimit -Sn)" "$OUT"

# --- the cgroup -------------------------------------------------------------------

# --pids asks for a cgroup; without a delegated cgroup v2 here sbox falls
# back to RLIMIT_NPROC and says so.
grouped=grouped-$$
start "$grouped" --pids=64 || bail_out "the --pids sandbox did not start: $(cat "$SBOX_TMP/$grouped.err")"
if grep -q "no delegated cgroup" "$SBOX_TMP/$grouped.err"; then
  skip "--enter joins the sandbox's cgroup" "no delegated cgroup v2 here"
  skip "control: a sandbox without one has another cgroup" "no delegated cgroup v2 here"
  sbox_run --enter="$grouped" -- awk '/^Max processes/ { print $3 }' /proc/self/limits
  check_eq "--enter: the --pids fallback (RLIMIT_NPROC) reaches the joined command" "64" "$OUT"
else
  sbox_run --enter="$grouped" -- cat /proc/self/cgroup
  first=$("$SBOX" --enter="$grouped" -- cat /tmp/cgroup 2>/dev/null)
  check_eq "--enter joins the sandbox's cgroup (/proc/self/cgroup as the first command's)" \
    "$first" "$OUT"
  check_match "... which is the sandbox's own" "$OUT" "sbox-"
  sbox_run --enter="$plain" -- cat /proc/self/cgroup
  check_ne "control: a sandbox without one has another cgroup" "$first" "$OUT"
  skip "--enter: the --pids fallback (RLIMIT_NPROC) reaches the joined command" \
    "a delegated cgroup is here"
fi

for name in "$limited" "$plain" "$grouped"; do
  "$SBOX" --kill="$name" 2>/dev/null
done
done_testing
