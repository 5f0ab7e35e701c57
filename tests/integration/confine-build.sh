#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox)
# confine-build.sh — a real C project (Lua 5.4, Debian's source, which
# ./bootstrap fetches) builds under `sbox --profile=build
# --fallback=confine` in each environment where no user namespace can be
# had, and in each the build's sandbox cannot read the user's secrets,
# write beside its checkout or reach the host's listeners, with a control
# showing the same attempt succeeds with that protection off.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"
# shellcheck source-path=SCRIPTDIR source=confine-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/confine-lib.sh"

# Staged beside the test when run-test.sh drops root, else in the tree.
here=$(dirname "${BASH_SOURCE[0]}")
TARBALL=$here/cache/lua5.4_5.4.4.orig.tar.gz
[ -r "$TARBALL" ] || TARBALL=$here/../cache/lua5.4_5.4.4.orig.tar.gz
[ -r "$TARBALL" ] || skip_all "Lua's source is not fetched ($TARBALL; ./bootstrap fetches it)"
{ command -v cc >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } \
  || skip_all "cc and make are needed for the build"
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed for the attempts"

mkdir -p "$HOME/.ssh" && echo "ssh-secret-$$" >"$HOME/.ssh/id_test"
echo "beside-$$" >"$SBOX_TMP/beside"

# A host listener on 127.0.0.1 the build must not reach without network.
port=$((20000 + RANDOM % 20000))
python3 -c "
import socket, time
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
t.bind(('127.0.0.1', $port)); t.listen(16)
time.sleep(300)" &
peer=$!
kill_at_exit "$peer"
wait_for 5 python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)"

# What a hostile build step tries, one line of result each.
ATTEMPTS="
import os, socket
def attempt(name, f):
    try:
        f(); print(name, 'OK')
    except OSError as e:
        print(name, 'FAIL', e.errno)
attempt('ssh', lambda: open(os.environ['SECRET']).read())
attempt('beside', lambda: open('$SBOX_TMP/beside').read())
attempt('plant', lambda: open('$SBOX_TMP/planted', 'w').write('x'))
attempt('tcp', lambda: socket.create_connection(('127.0.0.1', $port), 2))
attempt('kill', lambda: os.kill($peer, 0))
"

# unpack NAME: a fresh checkout of Lua's source in $SBOX_TMP/NAME.
unpack ()
{
  rm -rf "${SBOX_TMP:?}/$1"
  mkdir -p "$SBOX_TMP/$1" || bail_out "cannot make $SBOX_TMP/$1"
  tar -C "$SBOX_TMP/$1" -xzf "$TARBALL" --strip-components=1 || bail_out "cannot unpack Lua"
  cd "$SBOX_TMP/$1" || bail_out "cannot enter $SBOX_TMP/$1"
}

# built ENV: the build just run left a working interpreter.
built ()
{
  check_rc "$1: sbox --profile=build --fallback=confine -- make builds Lua" 0
  check_contains "... in the confinement mode" "$ERR" "confinement mode"
  check_eq "... and the interpreter it built runs" 42 "$(src/lua -e 'print(6*7)' 2>&1)"
}

# refused ENV: the attempts' output in $OUT all failed.
refused ()
{
  check_contains "$1: ~/.ssh cannot be read" "$OUT" "ssh FAIL"
  check_contains "$1: a file beside the checkout cannot be read" "$OUT" "beside FAIL"
  check_contains "$1: nothing is planted beside the checkout" "$OUT" "plant FAIL"
  check_fails "... the file is not there" test -e "$SBOX_TMP/planted"
  check_contains "$1: a host listener on 127.0.0.1 cannot be reached" "$OUT" "tcp FAIL"
  check_contains "$1: a host process cannot be signalled" "$OUT" "kill FAIL"
}

# controls ENV: the same attempts with Landlock off (files, signals) and
# with the host's network (the connect refusal) succeed.
controls ()
{
  check_contains "control: $1: with --landlock=false ~/.ssh is read" "$OUT" "ssh OK"
  check_contains "control: $1: ... and the file beside the checkout" "$OUT" "beside OK"
  check_contains "control: $1: ... and a file is planted" "$OUT" "plant OK"
  check_contains "control: $1: ... and the host process is signalled" "$OUT" "kill OK"
  rm -f "$SBOX_TMP/planted"
}

B=(--fallback=confine --profile=build)

# --- a seccomp filter that refuses user namespaces (Docker's default) ----------------

# A build may take longer than one sbox run is given on a busy machine.
SBOX_TIMEOUT=$((SBOX_TIMEOUT * 6))
unpack nu
run_nu "${B[@]}" -- make -s -j2 linux
built "Docker-like seccomp"
run_nu "${B[@]}" --quiet --env=SECRET="$HOME/.ssh/id_test" -- python3 -c "$ATTEMPTS"
refused "Docker-like seccomp"
run_nu "${B[@]}" --quiet --landlock=false --env=SECRET="$HOME/.ssh/id_test" -- python3 -c "$ATTEMPTS"
controls "Docker-like seccomp"
run_nu "${B[@]}" --quiet --share=network --env=SECRET="$HOME/.ssh/id_test" -- python3 -c "$ATTEMPTS"
check_contains "control: Docker-like seccomp: with --share=network the listener is reached" "$OUT" "tcp OK"

"$NOUSERNS" "$SBOX" --quiet --noprofile --fallback=confine --info-fd=3 -- true 3>"$SBOX_TMP/info" \
  </dev/null 2>/dev/null
info=$(cat "$SBOX_TMP/info")
check_contains "--info-fd is written in the confinement mode" "$info" '"child-pid": '
check_contains "... naming the mode" "$info" '"mode": "confine"'
check_not_contains "... and no namespace of its own" "$info" "-namespace"

# --pids without a delegated cgroup falls back to RLIMIT_NPROC, which
# here counts every process the user runs on the host: the limit is what
# the command may start beyond those (the user's other processes ending
# meanwhile leave room, hence the margin; others starting meanwhile, a
# test beside this one, may take it all: a first fork refused is a stop
# too, and the check above shows children can start).
busy=()
for _ in 1 2 3 4 5 6 7 8; do
  sleep 20 &
  busy+=($!)
done
run_nu --quiet --noprofile --fallback=confine --pids=4 -- sh -c 'sleep 0 && echo child-ran'
check_contains "--pids=4 lets the command start children though the user runs more than 4 processes" \
  "$OUT" child-ran
run_nu --quiet --noprofile --fallback=confine --pids=4 -- python3 -c '
import os, time
n = 0
for i in range(60):
    try:
        if os.fork() == 0:
            time.sleep(2); os._exit(0)
        n += 1
    except OSError:
        break
print("stopped" if n < 60 else "forked %d" % n)'
check_eq "... and still stops the command's own past the limit" stopped "$OUT"
kill "${busy[@]}" 2>/dev/null

# --- a desktop app with the default policy ------------------------------------------

# Firefox's profile has the D-Bus door, which the confinement mode cannot
# give: on a desktop where something blocks user namespaces, the start is
# refused in one line naming the cause and a fix that can work.
if command -v firefox-esr >/dev/null 2>&1 && start_session_bus; then
  DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS run_nu firefox-esr --headless --screenshot "$SBOX_TMP/shot.png" about:blank
  check_rc "sbox firefox-esr where user namespaces are blocked: refused (exit 125)" 125
  check_eq "... in one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
  check_contains "... naming the cause" "$ERR" "denies clone(CLONE_NEWUSER)"
  check_contains "... and a fix for a container's seccomp profile" "$ERR" "--security-opt seccomp="
  check_contains "... saying why the confinement mode is no fix for it" "$ERR" "D-Bus and audio doors need the full sandbox"
  check_not_contains "... not offering --fallback=confine" "$ERR" "with --fallback=confine"
  check_fails "... and Firefox did not run" test -e "$SBOX_TMP/shot.png"
  DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS run_nu --noprofile -- true
  check_contains "control: a sandbox without doors is offered --fallback=confine" "$ERR" "with --fallback=confine"
else
  skip "sbox firefox-esr where user namespaces are blocked" "no firefox-esr or no session bus"
fi

# --- user.max_user_namespaces=0 -------------------------------------------------------

if unshare -Ur true 2>/dev/null; then
  unpack limit0
  run_limit0 "${B[@]}" -- make -s -j2 linux
  built "user.max_user_namespaces=0"
  run_limit0 "${B[@]}" --quiet --env=SECRET="$HOME/.ssh/id_test" -- python3 -c "$ATTEMPTS"
  refused "user.max_user_namespaces=0"
  run_limit0 "${B[@]}" --quiet --landlock=false --env=SECRET="$HOME/.ssh/id_test" -- python3 -c "$ATTEMPTS"
  controls "user.max_user_namespaces=0"
else
  skip "user.max_user_namespaces=0 inside a user namespace" "unshare -Ur fails here"
fi

# --- sbox inside sbox -----------------------------------------------------------------

# The outer sandbox shows the test's directory read-only and the checkout
# writable; the inner one must keep to the checkout. The outer's home is
# its own, so the secret is a file the outer shows.
unpack nested
run_nested "$SBOX_TMP/nested" "${B[@]}" -- make -s -j2 linux
built "sbox inside sbox"
nest_attempts ()
{
  capture "$SBOX" --quiet --noprofile --env=ASAN_OPTIONS=detect_leaks=0 \
    --ro-bind "$SBOX_TMP" "$SBOX_TMP" --bind "$SBOX_TMP/nested" "$SBOX_TMP/nested" \
    --chdir "$SBOX_TMP/nested" --env=SBOX_PROFILE_PATH="$SBOX_PROFILE_PATH" \
    --ro-bind "$SBOX_PROFILE_PATH" "$SBOX_PROFILE_PATH" --share=network -- \
    "$SBOX_TMP/nest/sbox" "${B[@]}" --quiet "$@" --env=SECRET="$SBOX_TMP/beside" -- python3 -c "$ATTEMPTS"
}
nest_attempts
check_contains "sbox inside sbox: a file beside the checkout cannot be read" "$OUT" "beside FAIL"
check_contains "sbox inside sbox: a host listener cannot be reached" "$OUT" "tcp FAIL"
nest_attempts --landlock=false
check_contains "control: sbox inside sbox: with the inner --landlock=false the file beside is read" \
  "$OUT" "beside OK"
nest_attempts --share=network
check_contains "control: sbox inside sbox: with the inner --share=network the listener is reached" \
  "$OUT" "tcp OK"

done_testing
