#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# instances.sh — --name, --list, --enter and --kill on running sandboxes.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
name=box-$$
env --default-signal "$SBOX" --name="$name" -- sh -c 'trap "exit 9" TERM; while :; do sleep 0.05; done' \
  </dev/null >/dev/null 2>&1 &
launcher=$!
kill_at_exit "$launcher"
# shellcheck disable=SC2317 # called through wait_for
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
check_rc "--kill of a name that is not running fails (exit 125, as --enter)" 125
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
# Killed outright under a parent that does not reap it: the launcher stays a
# zombie, with its pid and start time, and must not count as running.
zname=zombie-$$
bash -c '"$1" --name="$2" -- sleep 30 </dev/null >/dev/null 2>&1 & echo $! >"$3"; exec sleep 20' \
  _ "$SBOX" "$zname" "$SBOX_TMP/zombie.pid" &
zparent=$!
kill_at_exit "$zparent"
wait_for 5 bash -c "\"$SBOX\" --list | grep -q $zname"
zpid=$(cat "$SBOX_TMP/zombie.pid" 2>/dev/null)
kill_at_exit "$zpid"
kill -9 "$zpid"
wait_for 5 bash -c "grep -q '^[0-9]* (.*) Z' /proc/$zpid/stat"
state=$(sed 's/.*) \(.\).*/\1/' "/proc/$zpid/stat" 2>/dev/null)
check_eq "control: the killed launcher is an unreaped zombie" "Z" "$state"
sbox_run --list
check_not_contains "a sandbox whose launcher is a zombie leaves no --list entry" "$OUT" "$zname"
sbox_run --name="$zname" -- true
check_rc "... and its --name is free at once" 0
kill "$zparent" 2>/dev/null

sbox_run --signal=NOPE --kill=x
check_rc "an unknown --signal is an error (125)" 125

# Two named sandboxes at once: --enter joins the right one, with its files,
# its processes, its environment and its limits (seccomp none in the second
# is the control showing the limits come from the original, not a fixed set).
echo "host secret" > "$HOME/secret-$$"
export SBOX_TEST_SECRET=host-only
first=first-$$ second=second-$$
"$SBOX" --name="$first" --setenv BOX_LABEL first -- sh -c 'echo from-first > /tmp/marker; exec sleep 60' \
  </dev/null >/dev/null 2>&1 &
kill_at_exit "$!"
"$SBOX" --name="$second" --seccomp=none --landlock=false -- sh -c 'echo from-second > /tmp/marker; exec sleep 60' \
  </dev/null >/dev/null 2>&1 &
kill_at_exit "$!"
# shellcheck disable=SC2317 # called through wait_for
both_listed () { "$SBOX" --list 2>/dev/null | grep -q " $first " && "$SBOX" --list 2>/dev/null | grep -q " $second "; }
if wait_for 5 both_listed && wait_for 5 bash -c "\"$SBOX\" --enter=$second -- test -f /tmp/marker 2>/dev/null"; then
  ok "--list shows two concurrent named sandboxes"
else
  not_ok "--list shows two concurrent named sandboxes"
fi
sbox_run --enter="$first" -- cat /tmp/marker
check_eq "--enter sees the first sandbox's files" "from-first" "$OUT"
sbox_run --enter="$second" -- cat /tmp/marker
check_eq "... and the second's in the second" "from-second" "$OUT"
sbox_run --enter="$first" -- sh -c 'for p in /proc/[0-9]*; do cat "$p/comm"; done 2>/dev/null'
check_contains "--enter sees the sandbox's processes" "$OUT" "sleep"
check_le "... and only those (no host processes)" 6 "$(printf '%s\n' "$OUT" | wc -l)"
sbox_run --enter="$first" -- sh -c 'echo "$BOX_LABEL:${SBOX_TEST_SECRET:-unset}"'
check_eq "--enter runs with the sandbox's environment, not the caller's" "first:unset" "$OUT"
sbox_run --enter="$first" -- cat "$HOME/secret-$$"
check_ne "--enter cannot read what the original cannot (the caller's home)" 0 "$RC"
sbox_run --enter="$first" -- sh -c 'grep -E "^(CapEff|CapBnd|NoNewPrivs|Seccomp):" /proc/self/status | tr -s "\t" " "'
check_contains "--enter drops every capability" "$OUT" "CapEff: 0000000000000000"
check_contains "... from the bounding set too" "$OUT" "CapBnd: 0000000000000000"
check_contains "... sets no_new_privs" "$OUT" "NoNewPrivs: 1"
check_contains "... and installs the original's seccomp filter" "$OUT" "Seccomp: 2"
# --seccomp=none still has the set-id guard's filter: the controls below
# show that --enter brings the original's policy, not a default one.
sbox_run --enter="$second" -- sh -c 'grep "^Seccomp:" /proc/self/status | tr -s "\t" " "'
check_eq "in a sandbox started with --seccomp=none, only the set-id guard's filter" "Seccomp: 2" "$OUT"
sbox_run --enter="$first" -- unshare -U true
check_ne "--enter: a new user namespace is refused as in the original" 0 "$RC"
sbox_run --enter="$second" -- unshare -U true
check_rc "control: allowed where the original has no filter" 0
sbox_run --enter="$first" -- touch /usr/sbox-enter-$$
check_ne "--enter cannot write the read-only system" 0 "$RC"
sbox_run --enter="$first" -- sh -c 'exit 7'
check_rc "--enter passes the command's exit status" 7
sbox_run --enter="$first" -- no-such-command-$$
check_rc "--enter: a missing command is 127" 127
sbox_run --enter="nobody-$$" -- true
check_rc "--enter of a name that is not running fails (125)" 125
check_contains "... naming it" "$ERR" "no running sandbox named nobody-$$"
# The info file is only an index: what --enter applies lives in a sealed
# memfd the launcher holds, and the processes named must be what they say.
# A rewritten info (a sandbox allowed to write the runtime directory could
# do it) points --enter and --kill nowhere else.
first_id=$(python3 -c 'import json,sys; print([i["id"] for i in json.loads(sys.argv[1]) if i["name"] == sys.argv[2]][0])' \
  "$("$SBOX" --list=json)" "$first" 2>/dev/null)
info=$XDG_RUNTIME_DIR/sbox/$first_id/info
check "the info file names the launcher's sealed --enter data" grep -q '^enter-fd=' "$info"
check_fails "... and holds no environment or filter of its own" grep -qE '^(environ|seccomp-[0-9])' "$info"
cp "$info" "$SBOX_TMP/info.saved"
fd=$(sed -n 's/^enter-fd=//p' "$info")
sed -i "s/^enter-fd=.*/enter-fd=$((fd - 1))/" "$info"
sbox_run --enter="$first" -- true
check_rc "--enter refuses an info file pointing at another of the launcher's fds (125)" 125
check_contains "... saying the data is missing" "$ERR" "holds no sealed data"
cp "$SBOX_TMP/info.saved" "$info"
# A forger names a process and its start time, so the stale check passes.
forge_launcher () {
  sed -i -e "s/^launcher-pid=.*/launcher-pid=$1/" \
    -e "s/^launcher-start=.*/launcher-start=$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)/" "$info"
}
child=$(sed -n 's/^child-pid=//p' "$info")
forge_launcher "$child"
sbox_run --enter="$first" -- true
check_rc "--enter refuses a launcher inside the sandbox (125)" 125
check_contains "... saying the info does not match" "$ERR" "does not match its processes"
forge_launcher $$
sbox_run --kill="$first"
check_rc "--kill refuses a launcher that is not the child's parent (125)" 125
# --enter and --kill reach a sandbox only once its command runs: while it
# is set up its mount namespace is not the sandbox's view yet (the host's
# copy, or a half-built root), and its init drops signals. An info file
# that says so stands in for a sandbox being set up.
cp "$SBOX_TMP/info.saved" "$info"
check "the launcher marks a sandbox whose command runs" grep -q '^running=true' "$info"
sed -i 's/^running=.*/running=false/' "$info"
sbox_run --list
check_not_contains "a sandbox still starting is not listed" "$OUT" " $first "
sbox_run --enter="$first" -- true
check_rc "--enter of a sandbox still starting fails (125)" 125
check_contains "... saying it is starting" "$ERR" "sandbox $first is still starting"
sbox_run --kill="$first"
check_rc "... and so does --kill, rather than signal an init that drops it" 125
cp "$SBOX_TMP/info.saved" "$info"
sbox_run --enter="$first" -- true
check_rc "control: the restored info file enters again" 0
# The race itself: entered the moment it may be, a sandbox shows its own
# view, never the host's (a path only the host has) nor a half-built one.
touch "$SBOX_TMP/host-only"
views=
for n in 1 2 3 4 5 6 7 8 9 10; do
  "$SBOX" --noprofile --name="race-$$-$n" -- sleep 10 </dev/null >/dev/null 2>&1 &
  racer=$!
  kill_at_exit "$racer"
  for _ in $(seq 200); do
    view=$("$SBOX" --enter="race-$$-$n" -- sh -c "test -e '$SBOX_TMP/host-only' && echo host || echo own" 2>&1 </dev/null)
    case $view in *"no running sandbox named"* | *"is still starting"*) sleep 0.01 ;; *) break ;; esac
  done
  views="$views$n:$view "
  kill "$racer"
  wait "$racer" 2>/dev/null
done
check_eq "--enter right after a start runs in the sandbox's finished view (10 tries)" \
  "1:own 2:own 3:own 4:own 5:own 6:own 7:own 8:own 9:own 10:own " "$views"

sbox_run --kill="$first"
sbox_run --kill="$second"
# shellcheck disable=SC2317 # called through wait_for
gone () { ! "$SBOX" --list 2>/dev/null | grep -qE " ($first|$second) "; }
if wait_for 5 gone; then
  ok "--kill stops both"
else
  not_ok "--kill stops both"
fi

# A killed launcher's directory, with the confinement mode's private
# directories in it, is removed whole by the next start; a fresh one (a
# sandbox still starting) is left alone.
base=$("$SBOX" --noprofile --print-plan=json -- true 2>/dev/null \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["instance-base"])')
stale=$base/0000000042
fresh=$base/0000000043
mkdir -p "$stale/tmpfs-0/deep" "$fresh/tmpfs-0" && echo left >"$stale/tmpfs-0/deep/file"
touch -d '5 minutes ago' "$stale"
sbox_run --noprofile -- true
check_fails "a stale instance directory is removed with what is inside it" test -e "$stale"
check "control: a fresh one without its info is left (a sandbox starting)" test -d "$fresh"
rm -rf "$fresh"

done_testing
