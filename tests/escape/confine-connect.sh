#!/bin/bash
# confine-connect.sh — the confinement mode's connect supervisor
# (sandbox/confine-connect.c). Landlock does not check connect(2) on a
# named unix socket: with --share=network (a CI build fetching its
# dependencies) or a socket door, a command it confines could reach every
# socket of its uid on the host, the session bus first (systemd's
# StartTransientUnit runs anything outside), docker.sock, an ssh agent.
# Every attempt runs as the unprivileged user where no user namespace can
# be had (tests/helpers/no-userns.c refuses them the way Docker's default
# profile does), under --profile=build --share=network: a listener outside
# the view (standing for the bus or docker.sock) by path, through a link
# planted in the writable checkout, through an O_PATH descriptor and
# /proc/self/fd/N, a datagram sent to one, and a real dbus-daemon reached
# with dbus-send; each must fail, and the listeners must have accepted
# nothing (seen from outside). A listener in the checkout and TCP to
# 127.0.0.1 still connect, and a socket door's own socket is reached while
# its neighbour is not. CONTROL: the same attempts with the supervisor off
# (SBOX_TEST_CONNECT_GUARD=off, for tests only: the kernel decides, as
# before the supervisor) succeed.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
command -v python3 >/dev/null 2>&1 || skip_all "python3 is needed for the listeners and attempts"
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

PROJ=$SBOX_TMP/proj
OUTSIDE=$SBOX_TMP/outside
mkdir -p "$PROJ" "$OUTSIDE"
cd "$PROJ" || bail_out "cannot enter $PROJ"
B=(--quiet --fallback=confine --profile=build --share=network)

# The host's listeners; each connection accepted is logged, from outside.
ACCEPTED=$SBOX_TMP/accepted
port_file=$SBOX_TMP/port
python3 - "$OUTSIDE" "$PROJ" "$ACCEPTED" "$port_file" <<'EOF' &
import os, select, socket, sys, time
outside, proj, log, port_file = sys.argv[1:]
def unix(path, kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_UNIX, kind)
    s.bind(path)
    if kind == socket.SOCK_STREAM:
        s.listen(64)
    return s
names = {}
names[unix(outside + '/bus.sock')] = 'outside'
names[unix(outside + '/door.sock')] = 'door'
names[unix(outside + '/beside-door.sock')] = 'beside-door'
names[unix(proj + '/in.sock')] = 'inside'
names[unix(outside + '/dgram.sock', socket.SOCK_DGRAM)] = 'outside-dgram'
t = socket.socket()
t.bind(('127.0.0.1', 0))
t.listen(64)
names[t] = 'tcp'
with open(port_file + '.tmp', 'w') as f:
    f.write(str(t.getsockname()[1]))
os.rename(port_file + '.tmp', port_file)
end = time.time() + 300
while time.time() < end:
    for s in select.select(list(names), [], [], 1)[0]:
        if s.type == socket.SOCK_DGRAM:
            s.recv(65536)
        else:
            s.accept()[0].close()
        with open(log, 'a') as f:
            f.write(names[s] + '\n')
EOF
peer=$!
kill_at_exit "$peer"
wait_for 10 test -s "$port_file" || bail_out "the listeners did not start"
port=$(cat "$port_file")

attempts="
import os, socket
def attempt(name, f):
    try:
        f(); print(name, 'OK')
    except OSError as e:
        print(name, 'FAIL', e.errno)
def unix(path):
    s = socket.socket(socket.AF_UNIX); s.connect(path)
attempt('outside', lambda: unix('$OUTSIDE/bus.sock'))
def planted():
    link = '$PROJ/planted-link'
    if not os.path.islink(link):
        os.symlink('$OUTSIDE/bus.sock', link)
    unix(link)
attempt('link', planted)
def opath():
    fd = os.open('$OUTSIDE/bus.sock', os.O_PATH)
    unix('/proc/self/fd/%d' % fd)
attempt('opath', opath)
def datagram():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    s.sendto(b'x', '$OUTSIDE/dgram.sock')
attempt('dgram', datagram)
attempt('inside', lambda: unix('$PROJ/in.sock'))
attempt('relative', lambda: unix('in.sock'))
attempt('tcp', lambda: socket.create_connection(('127.0.0.1', $port), 5))
"

: >"$ACCEPTED"
run_nu "${B[@]}" -- python3 -c "$attempts"
guarded=$OUT
guarded_accepts=$(sort "$ACCEPTED" | uniq -c)
: >"$ACCEPTED"
SBOX_TEST_CONNECT_GUARD=off run_nu "${B[@]}" -- python3 -c "$attempts"
unguarded=$OUT
unguarded_accepts=$(sort "$ACCEPTED" | uniq -c)

check_contains "a host unix listener outside the view (the bus, docker.sock) is refused by path (EACCES)" \
  "$guarded" "outside FAIL 13"
check_contains "control: with the supervisor off it is reached (Landlock does not check connect)" \
  "$unguarded" "outside OK"
check_contains "... through a link planted in the writable checkout: refused" "$guarded" "link FAIL 13"
check_contains "control: ... reached with the supervisor off" "$unguarded" "link OK"
check_contains "... through an O_PATH descriptor and /proc/self/fd/N: refused" "$guarded" "opath FAIL 13"
check_contains "control: ... reached with the supervisor off" "$unguarded" "opath OK"
check_contains "a datagram sent to a host socket outside the view is refused" "$guarded" "dgram FAIL 13"
check_contains "control: ... delivered with the supervisor off" "$unguarded" "dgram OK"
check_no_match "the listeners outside the view accepted nothing (seen from outside)" \
  "$guarded_accepts" "outside"
check_match "control: with the supervisor off they accepted every attempt" \
  "$unguarded_accepts" "3 outside"
check_contains "a listener inside the writable checkout connects" "$guarded" "inside OK"
check_contains "... by a path relative to the command's directory too" "$guarded" "relative OK"
check_contains "TCP to a host listener on 127.0.0.1 connects (network shared)" "$guarded" "tcp OK"
check_match "... and the host's listener saw it" "$guarded_accepts" "1 tcp"

# A hard link to the socket outside, made in the checkout: Landlock
# refuses the link (EXDEV); with Landlock off (--landlock=false, which
# leaves the supervisor on) the link is made, and the supervisor still
# refuses the socket's second name.
hardlink="
import os, socket
link = '$PROJ/hard-link'
try:
    os.link('$OUTSIDE/bus.sock', link); print('link OK')
except OSError as e:
    print('link FAIL', e.errno)
try:
    s = socket.socket(socket.AF_UNIX); s.connect(link); print('hardlink OK')
except OSError as e:
    print('hardlink FAIL', e.errno)
"
rm -f "$PROJ/hard-link"
run_nu "${B[@]}" -- python3 -c "$hardlink"
check_contains "a hard link to a host socket cannot be made in the checkout (Landlock)" "$OUT" "link FAIL 18"
rm -f "$PROJ/hard-link"
run_nu "${B[@]}" --landlock=false -- python3 -c "$hardlink"
check_contains "with --landlock=false the hard link is made" "$OUT" "link OK"
check_contains "... and connecting through it is refused (the supervisor stays on)" "$OUT" "hardlink FAIL 13"
rm -f "$PROJ/hard-link"
SBOX_TEST_CONNECT_GUARD=off run_nu "${B[@]}" --landlock=false -- python3 -c "$hardlink"
check_contains "control: with the supervisor off too, it is reached" "$OUT" "hardlink OK"
rm -f "$PROJ/hard-link"

# A socket door's own socket (SSH_AUTH_SOCK, outside the view) is reached;
# the socket beside it is not.
door_attempts="
import socket
for name in ('door', 'beside-door'):
    try:
        s = socket.socket(socket.AF_UNIX); s.connect('$OUTSIDE/%s.sock' % name); print(name, 'OK')
    except OSError as e:
        print(name, 'FAIL', e.errno)
"
: >"$ACCEPTED"
SSH_AUTH_SOCK=$OUTSIDE/door.sock run_nu --quiet --fallback=confine --profile=build --socket=ssh-auth \
  -- python3 -c "$door_attempts"
check_contains "with --socket=ssh-auth (no network) the door's socket is reached" "$OUT" "door OK"
check_contains "... and the socket beside it is refused" "$OUT" "beside-door FAIL 13"
SSH_AUTH_SOCK=$OUTSIDE/door.sock SBOX_TEST_CONNECT_GUARD=off run_nu --quiet --fallback=confine \
  --profile=build --socket=ssh-auth -- python3 -c "$door_attempts"
check_contains "control: with the supervisor off the socket beside the door is reached" "$OUT" \
  "beside-door OK"

# A real session bus outside the view, named by DBUS_SESSION_BUS_ADDRESS.
if command -v dbus-daemon >/dev/null 2>&1 && command -v dbus-send >/dev/null 2>&1; then
  if start_session_bus; then
    get_id=(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus
            org.freedesktop.DBus.GetId)
    run_nu "${B[@]}" --setenv DBUS_SESSION_BUS_ADDRESS "$BUS_ADDRESS" -- "${get_id[@]}"
    check_ne "dbus-send cannot reach a session bus outside the view" 0 "$RC"
    check_not_contains "... no reply" "$OUT" "string"
    SBOX_TEST_CONNECT_GUARD=off run_nu "${B[@]}" --setenv DBUS_SESSION_BUS_ADDRESS "$BUS_ADDRESS" \
      -- "${get_id[@]}"
    check_rc "control: with the supervisor off dbus-send reaches it" 0
    check_contains "... and gets the bus's id" "$OUT" "string"
  else
    skip "a session bus outside the view" "dbus-daemon did not start"
  fi
else
  skip "a session bus outside the view" "no dbus-daemon or dbus-send"
fi

done_testing
