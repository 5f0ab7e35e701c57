#!/bin/bash
# enter-limits.sh — a command joined with --enter gets the same limits as
# the sandbox's first command: rlimits (--rlimit, and the --memory/--pids
# fallbacks RLIMIT_AS/RLIMIT_NPROC) and the sandbox's cgroup when it has
# one. Without them --enter escaped --memory, --pids and --rlimit. Also the
# network's Landlock wall: TCP only to the forwarder under Network=filtered,
# none under Network=none.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

name=limits-$$
"$SBOX" --noprofile --name="$name" --rlimit nofile=64 --memory=300M --pids=50 \
  -- sh -c 'grep -E "^Max (open files|address space|processes)" /proc/self/limits | tr -s " " " " >/tmp/first; exec sleep 60' \
  </dev/null >/dev/null 2>&1 &
kill_at_exit "$!"
if ! wait_for 5 bash -c "\"$SBOX\" --enter=$name -- test -s /tmp/first 2>/dev/null"; then
  bail_out "the named sandbox did not start"
fi
sbox_run --enter="$name" -- cat /tmp/first
first=$OUT
check_contains "control: the first command has --rlimit nofile=64" "$first" "Max open files 64 64"
check_match "control: the first command has --memory's RLIMIT_AS fallback" "$first" \
  "^Max address space 314572800 314572800"
check_match "control: the first command has --pids's RLIMIT_NPROC fallback" "$first" \
  "^Max processes 50 50"
check_ne "control: outside, this shell has no such open-files limit" "64" "$(ulimit -n)"

sbox_run --enter="$name" -- sh -c 'grep -E "^Max (open files|address space|processes)" /proc/self/limits | tr -s " " " "'
check_eq "--enter: the joined command has exactly the first command's rlimits" "$first" "$OUT"
sbox_run --enter="$name" -- python3 -c '
import os
fds = []
try:
    while len(fds) < 200:
        fds.append(os.open("/dev/null", os.O_RDONLY))
except OSError:
    pass
print(max(fds))'
check_le "--enter: no descriptor past 63 opens (nofile=64)" 63 "${OUT:-999}"
sbox_run --enter="$name" -- python3 -c 'b = bytearray(400 * 1024 * 1024); print("allocated")'
check_not_contains "--enter: 400 MiB cannot be allocated under --memory=300M" "$OUT" "allocated"

sbox_run --enter="$name" -- cat /proc/self/cgroup
if "$SBOX" --doctor 2>&1 | grep -q '^OK *cgroup limits'; then
  check_contains "--enter: the joined command is in the sandbox's cgroup" "$OUT" "sbox-"
else
  skip "--enter: the joined command is in the sandbox's cgroup" "no delegated cgroup v2 here (rlimits stand in)"
fi

"$SBOX" --kill="$name" >/dev/null 2>&1

# connect.py: TCP to the sandbox's own lo (a listener of its own), or errno.
tcp_py='
import errno, socket
try:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    socket.create_connection(s.getsockname(), timeout=5).close()
    print("connected")
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))
'
if [ "$("$SBOX" --doctor 2>&1 | sed -n 's/.*landlock *ABI \([0-9]*\).*/\1/p')" -ge 4 ] 2>/dev/null; then
  for mode in filtered none; do
    net=net-$mode-$$
    "$SBOX" --noprofile --name="$net" --network=$mode -- sleep 60 </dev/null >/dev/null 2>&1 &
    kill_at_exit "$!"
    wait_for 5 bash -c "\"$SBOX\" --enter=$net -- true 2>/dev/null" || bail_out "$net did not start"
    sbox_run --enter="$net" -- python3 -c "$tcp_py"
    check_eq "--enter into Network=$mode: Landlock refuses TCP on lo as for the first command" \
      "EACCES" "$OUT"
    "$SBOX" --kill="$net" >/dev/null 2>&1
  done
  net=net-loopback-$$
  "$SBOX" --noprofile --name="$net" -- sleep 60 </dev/null >/dev/null 2>&1 &
  kill_at_exit "$!"
  wait_for 5 bash -c "\"$SBOX\" --enter=$net -- true 2>/dev/null" || bail_out "$net did not start"
  sbox_run --enter="$net" -- python3 -c "$tcp_py"
  check_eq "control: --enter into the default network keeps TCP on lo" "connected" "$OUT"
  "$SBOX" --kill="$net" >/dev/null 2>&1
else
  skip "--enter: the network's Landlock wall" "needs Landlock ABI 4"
fi
done_testing
