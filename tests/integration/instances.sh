#!/bin/bash
# instances.sh — --name, --list and --kill on running sandboxes.
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
name=box-$$
env --default-signal "$SBOX" --name="$name" -- sh -c 'trap "exit 9" TERM; while :; do sleep 0.05; done' \
  </dev/null >/dev/null 2>&1 &
launcher=$!
kill_at_exit "$launcher"
listed () { "$SBOX" --list 2>/dev/null | grep -q " $name "; }
if wait_for 5 listed; then
  ok "--list shows a running sandbox by its --name"
else
  not_ok "--list shows a running sandbox by its --name"
fi
json=$("$SBOX" --list=json)
check_eq "--list=json is valid JSON naming it" "$name" \
  "$(python3 -c 'import json,sys; print(" ".join(i["name"] for i in json.loads(sys.argv[1])))' "$json" 2>&1)"
sbox_run --name="$name" -- true
check_rc "a second sandbox with the same name is refused (125)" 125
check_contains "... saying which is running" "$ERR" "a sandbox named $name is running"
sbox_run --kill="$name"
check_rc "--kill=NAME signals it" 0
if wait_gone 5 "$launcher"; then
  wait "$launcher"
  check_eq "the command got SIGTERM through PID 1 and exited its own way" 9 "$?"
else
  not_ok "the command got SIGTERM through PID 1 and exited its own way" "still running"
fi
check_fails "--list no longer shows it" listed
sbox_run --kill="$name"
check_rc "--kill of a name that is not running fails (exit 1)" 1
check_contains "... with a clear message" "$ERR" "no running sandbox named $name"

# A launcher killed outright leaves a directory the next start removes.
"$SBOX" --name="stale-$$" -- sleep 30 </dev/null >/dev/null 2>&1 &
stale=$!
kill_at_exit "$stale"
wait_for 5 bash -c "\"$SBOX\" --list | grep -q stale-$$"
kill -9 "$stale"
wait "$stale" 2>/dev/null
sbox_run --list
check_not_contains "a sandbox whose launcher was killed leaves no --list entry" "$OUT" "stale-$$"
check_eq "... and no directory behind" "" "$(ls "$XDG_RUNTIME_DIR/sbox" 2>/dev/null)"
sbox_run --signal=NOPE --kill=x
check_rc "an unknown --signal is an error (125)" 125

done_testing
