#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# confine-mode.sh — the confinement mode, where no user namespace can be
# had. The blocked environments are made for real: a parent whose seccomp
# filter refuses user namespaces the way Docker's default profile does
# (tests/helpers/no-userns.c), and sbox inside sbox. In each, a real C
# project builds under --profile=build --fallback=confine, and each escape
# the mode claims to stop fails inside, with a control showing the same
# attempt succeeds with that one protection off.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed for the socket attempts"
{ command -v cc >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } \
  || skip_all "cc and make are needed for the build"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

# run_nu ARGS...: sbox ARGS... where user namespaces are refused.
run_nu ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$NOUSERNS" "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# CONTROL: the helper really refuses a user namespace, and only that.
check "control: unshare -U works without the helper" unshare -U true
check_fails "the helper refuses unshare -U (as Docker's default profile does)" \
  "$NOUSERNS" unshare -U true
check "... and lets other namespaces-free commands run" "$NOUSERNS" true

# --- the policy -------------------------------------------------------------------

PROJ=$SBOX_TMP/proj
mkdir -p "$PROJ"
cat >"$PROJ/main.c" <<'EOF'
#include <stdio.h>
#include "greet.h"
int main (void) { greet (); return 0; }
EOF
cat >"$PROJ/greet.c" <<'EOF'
#include <stdio.h>
#include "greet.h"
void greet (void) { puts ("built in confinement"); }
EOF
echo 'void greet (void);' >"$PROJ/greet.h"
printf 'hello: main.o greet.o\n\t$(CC) -o $@ main.o greet.o\n\t./hello\n%%.o: %%.c greet.h\n\t$(CC) -c -o $@ $<\nclean:\n\trm -f hello *.o\n' \
  >"$PROJ/Makefile"
cd "$PROJ" || bail_out "cannot enter $PROJ"

run_nu --noprofile -- true
check_rc "the default policy refuses where no user namespace can be had (exit 125)" 125
check_eq "... in one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
check_contains "... naming the cause" "$ERR" "denies clone(CLONE_NEWUSER)"
check_contains "... and the fix" "$ERR" "--fallback=confine"

# A desktop app's bus door: its proxy would need a namespace too; the one
# line still names the cause and the fix.
if command -v dbus-daemon >/dev/null 2>&1 && command -v xdg-dbus-proxy >/dev/null 2>&1; then
  BUSDIR=$SBOX_TMP/bus
  mkdir -p "$BUSDIR"
  dbus-daemon --session --address="unix:path=$BUSDIR/bus" --fork --print-pid >"$BUSDIR/pid" 2>/dev/null
  kill_at_exit "$(cat "$BUSDIR/pid")"
  DBUS_SESSION_BUS_ADDRESS=unix:path=$BUSDIR/bus run_nu --noprofile --talk-name=org.example.Confine -- true
  check_rc "with a bus door, the default policy refuses (125)" 125
  check_eq "... in one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
  check_contains "... naming the fix for a container" "$ERR" "--security-opt seccomp="
  check_not_contains "... not the confinement mode, which cannot give the door" "$ERR" "with --fallback=confine"
  DBUS_SESSION_BUS_ADDRESS=unix:path=$BUSDIR/bus run_nu --noprofile --fallback=confine \
    --talk-name=org.example.Confine -- true
  check_rc "the confinement mode refuses a bus door it cannot filter (125)" 125
  check_contains "... saying so" "$ERR" "D-Bus and audio doors need the full sandbox"
else
  skip "a bus door where no user namespace can be had" "no dbus-daemon/xdg-dbus-proxy"
fi

run_nu --noprofile --fallback=confine --print-plan -- true
check_match "--print-plan shows the mode" "$OUT" "^mode: confine$"
sbox_run --noprofile --fallback=confine --print-plan -- true
check_match "control: where a user namespace can be had, the full sandbox runs" "$OUT" "^mode: full$"

run_nu --noprofile --fallback=confine --hostname=box -- true
check_rc "--hostname needs a namespace: refused with 125" 125
check_contains "... saying so" "$ERR" "needs a UTS namespace"
run_nu --noprofile --fallback=confine --as-pid-1 -- true
check_rc "--as-pid-1 needs a namespace: refused with 125" 125

CONF=$SBOX_TMP/config
mkdir -p "$CONF/sbox"
echo $'[sbox]\nFallback=confine' >"$CONF/sbox/sbox.conf"
XDG_CONFIG_HOME=$CONF run_nu --noprofile -- true
check_rc "sbox.conf Fallback=confine chooses the confinement mode" 0
check_contains "... saying what is lost, in one line" "$ERR" "confinement mode"
check_eq "... one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"

# --- the build ------------------------------------------------------------------

run_nu --fallback=confine --profile=build -- make
check_rc "sbox --fallback=confine --profile=build -- make builds a C project" 0
check_contains "... and runs it" "$OUT" "built in confinement"
check_contains "... saying it runs in the confinement mode" "$ERR" "confinement mode"
check "... the products are in the checkout" test -x "$PROJ/hello"
make -s clean >/dev/null

"$NOUSERNS" "$SBOX" --quiet --fallback=confine --json-status-fd=3 --noprofile -- true \
  3>"$SBOX_TMP/status" </dev/null 2>/dev/null
check_contains "--json-status-fd reports the mode" "$(cat "$SBOX_TMP/status")" '"mode": "confine"'

# --- escapes, each with its control --------------------------------------------------

mkdir -p "$HOME/.ssh" && echo "ssh-secret-$$" >"$HOME/.ssh/id_test"
OUTSIDE=$SBOX_TMP/outside
mkdir -p "$OUTSIDE"
B=(--quiet --fallback=confine --profile=build)

run_nu "${B[@]}" -- cat "$HOME/.ssh/id_test"
check_not_contains "\$HOME/.ssh/id_test cannot be read (Landlock)" "$OUT" "ssh-secret"
run_nu "${B[@]}" --landlock=false -- cat "$HOME/.ssh/id_test"
check_contains "control: with --landlock=false it is read" "$OUT" "ssh-secret-$$"

run_nu "${B[@]}" -- sh -c "echo x >'$OUTSIDE/planted' && echo WROTE"
check_not_contains "nothing is written outside the checkout (Landlock)" "$OUT" WROTE
check_fails "... the file is not there" test -e "$OUTSIDE/planted"
run_nu "${B[@]}" --landlock=false -- sh -c "echo x >'$OUTSIDE/planted' && echo WROTE"
check_contains "control: with --landlock=false it is written" "$OUT" WROTE
rm -f "$OUTSIDE/planted"

run_nu "${B[@]}" -- sh -c 'echo x >"$TMPDIR/t" && cat "$TMPDIR/t"'
check_eq "the private TMPDIR is writable" x "$OUT"

# Host peers: a TCP listener on 127.0.0.1, an abstract unix socket, a process.
port=$((20000 + RANDOM % 20000))
abstract="sbox-confine-$$-$RANDOM"
python3 -c "
import socket, time
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(('127.0.0.1', $port)); t.listen(16)
a = socket.socket(socket.AF_UNIX); a.bind('\0$abstract'); a.listen(16)
n = socket.socket(socket.AF_UNIX); n.bind('$OUTSIDE/agent.sock'); n.listen(16)
time.sleep(120)" &
peer=$!
kill_at_exit "$peer"
wait_for 5 python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)"
attempts="
import os, resource, socket
def attempt(name, f):
    try:
        f(); print(name, 'OK')
    except OSError as e:
        print(name, 'FAIL', e.errno)
attempt('tcp', lambda: socket.create_connection(('127.0.0.1', $port), 2))
def abstract():
    s = socket.socket(socket.AF_UNIX); s.connect('\0$abstract')
attempt('abstract', abstract)
attempt('kill', lambda: os.kill($peer, 0))
attempt('prlimit', lambda: resource.prlimit($peer, resource.RLIMIT_CPU, (3600, 3600)))
attempt('environ', lambda: open('/proc/$peer/environ', 'rb').read())
attempt('udp', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM))
def named():
    s = socket.socket(socket.AF_UNIX); s.connect('$OUTSIDE/agent.sock')
attempt('named', named)
"
run_nu "${B[@]}" -- python3 -c "$attempts"
confined=$OUT
# --share=network as well: the connect refusal would hide Landlock's part.
run_nu "${B[@]}" --landlock=false --share=network -- python3 -c "$attempts"
no_landlock=$OUT
run_nu "${B[@]}" --share=network -- python3 -c "$attempts"
shared=$OUT
check_contains "TCP connect to a host listener on 127.0.0.1 fails without network" "$confined" "tcp FAIL"
check_contains "control: with --share=network it connects" "$shared" "tcp OK"
check_contains "UDP sockets are refused without network" "$confined" "udp FAIL"
check_contains "control: with --share=network a UDP socket opens" "$shared" "udp OK"
check_contains "a host abstract unix socket cannot be reached" "$confined" "abstract FAIL"
check_contains "... with --share=network too (Landlock scope)" "$shared" "abstract FAIL"
check_contains "control: with --landlock=false (and --share=network) it is reached" "$no_landlock" "abstract OK"
check_contains "a host process of the same user cannot be signalled (Landlock scope)" "$confined" "kill FAIL"
check_contains "control: with --landlock=false it is signalled" "$no_landlock" "kill OK"
check_contains "a host process's limits cannot be set (prlimit would let RLIMIT_CPU kill it)" "$confined" "prlimit FAIL"
outside=$(python3 -c "$attempts" 2>&1)
check_contains "control: outside sbox the same prlimit succeeds" "$outside" "prlimit OK"
check_contains "a host process's environ cannot be read (Landlock's ptrace scope)" "$confined" "environ FAIL"
check_contains "control: with --landlock=false it is read" "$no_landlock" "environ OK"
check_contains "a host unix socket outside the view (an agent's) cannot be connected to by path" \
  "$confined" "named FAIL"
check_contains "... with --share=network too (the connect supervisor; tests/escape/confine-connect.sh)" \
  "$shared" "named FAIL"
SBOX_TEST_CONNECT_GUARD=off run_nu "${B[@]}" --share=network -- python3 -c "$attempts"
check_contains "control: with --share=network and the supervisor off it is reached: Landlock alone does not stop it" \
  "$OUT" "named OK"

# A path the view hides inside a granted tree is refused; the rest of the
# tree is not.
mkdir -p "$OUTSIDE/tree/hidden" && echo "hidden-$$" >"$OUTSIDE/tree/hidden/f" && echo "shown-$$" >"$OUTSIDE/tree/f"
run_nu "${B[@]}" --ro-bind "$OUTSIDE/tree" "$OUTSIDE/tree" --tmpfs "$OUTSIDE/tree/hidden" -- \
  sh -c "cat '$OUTSIDE/tree/hidden/f'; cat '$OUTSIDE/tree/f'"
check_not_contains "a path the view hides beneath a bind is refused" "$OUT" "hidden-$$"
check_contains "control: the bind's other files are read" "$OUT" "shown-$$"
run_nu "${B[@]}" --landlock=false --ro-bind "$OUTSIDE/tree" "$OUTSIDE/tree" --tmpfs "$OUTSIDE/tree/hidden" -- \
  cat "$OUTSIDE/tree/hidden/f"
check_contains "control: with --landlock=false the hidden path is read" "$OUT" "hidden-$$"

# A bind into the tmpfs home shows through the private home's symlink.
run_nu --quiet --noprofile --fallback=confine --ro-bind "$OUTSIDE/tree" "$HOME/data" -- \
  sh -c 'cat "$HOME/data/f"'
check_eq "a bind into the tmpfs home is reached through \$HOME" "shown-$$" "$OUT"

# A checkout with a Git directory still builds (its top level stays writable).
mkdir -p "$PROJ/.git" && echo "[core]" >"$PROJ/.git/config"
run_nu "${B[@]}" -- make
check_rc "a checkout with .git builds in the confinement mode" 0
check_contains "... and says Protect= is checked and put back" "$(run_nu --fallback=confine --profile=build -- true; echo "$ERR")" \
  "checked and put back after the run"
make -s clean >/dev/null
rm -rf "$PROJ/.git"

# --- --list, --enter -------------------------------------------------------------

name=confine-$$-$RANDOM
"$NOUSERNS" "$SBOX" --quiet --noprofile --fallback=confine --name="$name" -- sleep 30 </dev/null >/dev/null 2>&1 &
launcher=$!
kill_at_exit "$launcher"
wait_for 5 sh -c "'$SBOX' --list | grep -q ' $name '"
check_contains "a confinement-mode sandbox shows in --list" "$("$SBOX" --list)" " $name "
sbox_run --enter "$name" -- true
check_rc "--enter of a confinement-mode sandbox is refused (125)" 125
check_contains "... saying why, in one line" "$ERR" "runs in the confinement mode"
"$SBOX" --kill "$name" >/dev/null 2>&1
check "--kill stops it" wait_gone 5 "$launcher"
"$SBOX" --quiet --noprofile --name="$name-full" -- sleep 30 </dev/null >/dev/null 2>&1 &
full=$!
kill_at_exit "$full"
wait_for 5 sh -c "'$SBOX' --list | grep -q ' $name-full '"
sbox_run --enter "$name-full" -- true
check_rc "control: --enter of a full sandbox joins it" 0
"$SBOX" --kill "$name-full" >/dev/null 2>&1

# --- processes left behind, --timeout -----------------------------------------------

marker=sbox-confine-left-$$-$RANDOM
kill_marker_at_exit "$marker"
run_nu --quiet --noprofile --fallback=confine -- \
  bash -c "setsid bash -c 'exec -a $marker sleep 300' & sleep 0.5; exit 3"
check_rc "the command's status passes through the confinement mode" 3
mapfile -t marked < <(pids_with_marker "$marker")
if wait_gone 2 "${marked[@]}"; then
  ok "a process the command left behind (in a session of its own) is killed when it ends"
else
  not_ok "a process the command left behind (in a session of its own) is killed when it ends" \
    "left: $(pids_with_marker "$marker")"
fi
bash -c "setsid bash -c 'exec -a $marker sleep 300' &"
sleep 0.3
check_ne "control: outside sbox the same process stays" "" "$(pids_with_marker "$marker")"
kill_marker "$marker"
start=$SECONDS
run_nu --quiet --noprofile --fallback=confine --timeout=1 -- bash -c "bash -c 'exec -a $marker sleep 300' & exec sleep 300"
check_rc "--timeout works in the confinement mode (exit 124)" 124
check_le "... after about a second" 5 $((SECONDS - start))
check_eq "... and nothing of it is left" "" "$(pids_with_marker "$marker")"

# --- user.max_user_namespaces=0 ------------------------------------------------------

# The limit counts per user namespace: set to 0 inside one of the test's
# own, it blocks every namespace below it as the machine-wide sysctl would,
# without touching the host's (other users' sandboxes keep running).
RUNTIME=$SBOX_TMP/runtime
mkdir -p "$RUNTIME" && chmod 0700 "$RUNTIME"
limit0 ()
{
  timeout -k 5 "$SBOX_TIMEOUT" unshare -Ur env XDG_RUNTIME_DIR="$RUNTIME" sh -c \
    'echo 0 >/proc/sys/user/max_user_namespaces && exec "$@"' sh "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}
if unshare -Ur true 2>/dev/null; then
  limit0 unshare -U true
  check_eq "control: with user.max_user_namespaces=0 no user namespace can be made" 1 "$RC"
  limit0 "$SBOX" --noprofile -- true
  check_rc "user.max_user_namespaces=0: the default policy refuses (125)" 125
  check_contains "... naming the sysctl" "$ERR" "user.max_user_namespaces is 0"
  limit0 "$SBOX" --fallback=confine --profile=build -- make
  check_rc "user.max_user_namespaces=0: --fallback=confine --profile=build builds" 0
  check_contains "... and runs the program" "$OUT" "built in confinement"
  make -s clean >/dev/null
  limit0 "$SBOX" --quiet --fallback=confine --profile=build -- cat "$HOME/.ssh/id_test"
  check_not_contains "user.max_user_namespaces=0: ~/.ssh/id_test cannot be read" "$OUT" "ssh-secret"
  limit0 "$SBOX" --quiet --fallback=confine --profile=build --landlock=false -- cat "$HOME/.ssh/id_test"
  check_contains "control: ... with --landlock=false it is read" "$OUT" "ssh-secret-$$"
else
  skip "user.max_user_namespaces=0 inside a user namespace" "unshare -Ur fails here"
fi

# --- sbox inside sbox -------------------------------------------------------------

# The outer sandbox's filter refuses user namespaces: the inner sbox with
# --fallback=confine runs confined, and Landlock stacks on the outer's.
NEST=$SBOX_TMP/nest
mkdir -p "$NEST" && cp "$SBOX" "$NEST/sbox"
nest=(--noprofile --env=ASAN_OPTIONS=detect_leaks=0 --ro-bind "$NEST" "$NEST"
      --ro-bind "$SBOX_PROFILE_PATH" "$SBOX_PROFILE_PATH" --env=SBOX_PROFILE_PATH="$SBOX_PROFILE_PATH"
      --bind "$PROJ" "$PROJ" --chdir "$PROJ")
sbox_run "${nest[@]}" -- "$NEST/sbox" --fallback=confine --profile=build -- make
check_rc "sbox inside sbox: the inner --fallback=confine --profile=build builds" 0
check_contains "... and runs the program" "$OUT" "built in confinement"
check_contains "... in the confinement mode" "$ERR" "confinement mode"
make -s clean >/dev/null
echo "inner-secret-$$" >"$PROJ/../outside-of-checkout"
sbox_run "${nest[@]}" --ro-bind "$SBOX_TMP" "$SBOX_TMP" --bind "$PROJ" "$PROJ" -- \
  "$NEST/sbox" --quiet --fallback=confine --profile=build -- cat "$PROJ/../outside-of-checkout"
check_not_contains "sbox inside sbox: the inner sandbox cannot read beside its checkout" "$OUT" "inner-secret"
sbox_run "${nest[@]}" --ro-bind "$SBOX_TMP" "$SBOX_TMP" --bind "$PROJ" "$PROJ" -- \
  "$NEST/sbox" --quiet --fallback=confine --profile=build --landlock=false -- \
  cat "$PROJ/../outside-of-checkout"
check_contains "control: with the inner --landlock=false it reads what the outer shows" "$OUT" "inner-secret-$$"
sbox_run "${nest[@]}" -- "$NEST/sbox" --noprofile -- true
check_rc "control: the inner sbox with the default policy refuses (125)" 125

# Landlock cannot keep launch points read-only beneath a writable home.
echo 'echo hi' >"$HOME/.bashrc"
run_nu --noprofile --fallback=confine --filesystem=home -- true
check_rc "a broad writable grant that needs launch points kept read-only is refused (125)" 125
check_contains "... saying why" "$ERR" "broad writable grant"
run_nu --quiet --noprofile --fallback=confine --filesystem=home:ro -- true
check_rc "control: the same grant read-only runs" 0

done_testing
