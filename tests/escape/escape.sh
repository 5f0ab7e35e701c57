#!/bin/bash
# escape.sh — escape attempts against the default sandbox.
#
# Every case makes one known escape attempt with tests/escape/escape-probe
# inside `sbox --noprofile` and asserts that it FAILS in the stated way, then
# pairs it with a control that makes the same attempt with that one
# protection turned off (--seccomp=none, --seccomp-allow=NAME,
# --landlock=false, --no-new-session, --feature=..., --share=network, a
# bind) or outside the sandbox, and asserts that it SUCCEEDS there.  The
# control is what proves that the case can fail.
#
# Where the kernel refuses the attempt to any unprivileged user as well
# (bpf with unprivileged_bpf_disabled, kexec, modules, syslog with
# dmesg_restrict, device permissions), no control can succeed as a plain
# user: the case says so, shows where it can that the sandbox's own layer
# answers first (a different errno than the kernel's), and leaves the
# privileged control to root-escape.sh.
#
# Environment: SBOX_ESCAPE_PROBE, the built escape-probe (world-readable);
# SBOX_PROBE_SUID, a setuid-root sbox-probe, when the harness had root.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

[ -n "${SBOX_ESCAPE_PROBE:-}" ] || SBOX_ESCAPE_PROBE=$_here/escape-probe
need_escape_probe
# The controls outside the sandbox must be a plain user's (and must never
# touch the host as root): root-escape.sh covers root.
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root; root-escape.sh covers root)"

# The probe's place inside the sandbox.
P=/run/escape-probe
PB=(--ro-bind "$SBOX_ESCAPE_PROBE" "$P")
HOST_PROBE=$SBOX_ESCAPE_PROBE
UNSHARE=/usr/bin/unshare

# --- helpers ------------------------------------------------------------------------

# box [SBOX_OPTION...] -- PROBE_ARGS...: the probe in a default sandbox plus
# the options; sets RC, OUT, ERR.
box ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --noprofile "${PB[@]}" "${opts[@]}" -- "$P" "$@"
}

# box_ns_root [SBOX_OPTION...] -- SCRIPT: run the sh SCRIPT as root of a new
# user and mount namespace inside the sandbox (unshare -Urm), so that the
# kernel's capability checks pass: the probe is $P in SCRIPT.
box_ns_root ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --noprofile "${PB[@]}" "${opts[@]}" -- \
    "$UNSHARE" -Urm --propagation unchanged /bin/sh -c "$1"
}

# host PROBE_ARGS...: the probe outside any sandbox; sets RC, OUT, ERR.
host ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$HOST_PROBE" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# pty_cmd CMD...: run CMD with a pseudo-terminal as its controlling terminal
# and stdin (script(1) makes a new session on a fresh pty); sets RC and OUT
# (stdout and stderr, carriage returns removed).
pty_cmd ()
{
  local cmd hold holder
  cmd=$(printf '%q ' "$@")
  # script(1) answers EOF on its stdin by typing the EOF character into the
  # terminal, where the sandbox's own pty would echo it: give it a stdin
  # that stays open (a pipe nobody writes) for as long as it runs.
  exec {hold}< <(exec sleep "$((SBOX_TIMEOUT + 10))")
  holder=$!
  SHELL=/bin/sh timeout -k 5 "$SBOX_TIMEOUT" script -qec "$cmd" /dev/null \
    <&"$hold" >"$SBOX_TMP/.pty" 2>&1
  RC=$?
  exec {hold}<&-
  kill "$holder" 2>/dev/null
  OUT=$(tr -d '\r' <"$SBOX_TMP/.pty")
  ERR=
}

# box_pty [SBOX_OPTION...] -- PROBE_ARGS...: box, on a terminal.
box_pty ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  pty_cmd "$SBOX" --noprofile --quiet "${PB[@]}" "${opts[@]}" -- "$P" "$@"
}

# expect DESC WORD: the last run printed exactly WORD and exited 0.
expect () { check_run_ok "$1" "$2"; }

# expect_not_ok DESC: the probe ran and its attempt failed, whatever the
# errno (or a signal killed it); sbox failing to start does not count.
expect_not_ok ()
{
  if { [ "${RC:-}" = 0 ] && [ -n "${OUT:-}" ] && [ "$OUT" != OK ]; } \
    || { [ "${RC:-0}" -ge 128 ] && [ "${OUT:-}" != OK ]; }; then
    pass "$1"
    return 0
  fi
  fail "$1"
  if [ "${OUT:-}" = OK ]; then
    diag "  the escape worked (exit status ${RC:-?})"
  else
    diag "  the probe did not report (exit status ${RC:-?}, stdout '${OUT:-}')"
  fi
  [ -n "${ERR:-}" ] && diag "  stderr: $ERR"
  return 1
}

# expect_killed DESC SIGNAL: the sandboxed command died of SIGNAL (sbox
# passes 128+N on).
expect_killed ()
{
  local want=$((128 + $2))
  if [ "${RC:-}" = "$want" ] && [ "${OUT:-}" != OK ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  diag "  expected exit status $want (killed by signal $2) and no OK"
  diag "  got exit status ${RC:-unset}, stdout '${OUT:-}'"
  [ -n "${ERR:-}" ] && diag "  stderr: $ERR"
  return 1
}

# outer_wall DESC WHY: a control that cannot succeed for a plain user because
# the kernel itself refuses the attempt.  Reported as a SKIP with the reason,
# never as a pass.
outer_wall ()
{
  skip "$1" "the kernel refuses it to plain users too (outer wall; the sandbox's rule is defense in depth): $2"
}

# control DESC [SBOX_OPTION...] -- PROBE_ARGS...: the attempt works in the
# sandbox with the options that turn one protection off.  It must work
# outside first: where the kernel refuses it to this user anyway (a sysctl,
# a kernel built without it), the control cannot be made and says so.
control ()
{
  local desc=$1
  shift
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  host "$@"
  if [ "$OUT" != OK ]; then
    outer_wall "$desc" "outside, '$*' gives ${OUT:-exit status $RC}"
    return 0
  fi
  box "${opts[@]}" -- "$@"
  expect "$desc" OK
}

# The kernel's Landlock ABI: filesystem rules (and the end of mount) from 1,
# scoping of abstract unix sockets and signals from 6.
landlock_abi=$("$HOST_PROBE" landlock-abi 2>/dev/null)
[[ "$landlock_abi" =~ ^[0-9]+$ ]] || landlock_abi=0

# --- targets on the host ---------------------------------------------------------------

# A host process of the same user: the target for ptrace and kill.
"$HOST_PROBE" sleep </dev/null >/dev/null 2>&1 &
target=$!
disown "$target"
kill_at_exit "$target"

# Listeners on the host: an abstract unix socket and a TCP port on 127.0.0.1.
abstract=sbox-escape-$$-$RANDOM
port=
python=
for candidate in /usr/bin/python3 "$(command -v python3 2>/dev/null)"; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then
    python=$candidate
    break
  fi
done
if [ -n "$python" ]; then
  "$python" -c '
import os, select, socket, sys
a = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
a.bind("\0" + sys.argv[1])
a.listen(64)
t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
t.bind(("127.0.0.1", 0))
t.listen(64)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(t.getsockname()[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
while True:
    ready, _, _ = select.select([a, t], [], [])
    for s in ready:
        c, _ = s.accept()
        c.close()
' "$abstract" "$SBOX_TMP/port" </dev/null >/dev/null 2>"$SBOX_TMP/listener.err" &
  kill_at_exit "$!"
  disown "$!"
  if wait_for 10 test -s "$SBOX_TMP/port"; then
    port=$(cat "$SBOX_TMP/port")
  else
    diag "the host listener did not start: $(cat "$SBOX_TMP/listener.err" 2>/dev/null)"
  fi
fi

# ======================================================================================
# Files: the caller's home, /usr, /etc
# ======================================================================================

mkdir -p "$HOME/.ssh"
echo "secret-$$" >"$HOME/.ssh/id_ed25519"
chmod 600 "$HOME/.ssh/id_ed25519"

box -- read "$HOME/.ssh/id_ed25519"
expect "a secret planted in the caller's home cannot be read (home not in the view)" ENOENT
box --ro-bind "$HOME" "$HOME" -- read "$HOME/.ssh/id_ed25519"
expect "control: with the home bound in, the same read works" OK

# Writes under /usr and /etc fail on the read-only mount, before any
# permission check: a plain user outside gets EACCES instead, so EROFS shows
# the sandbox's layer answering (root-escape.sh repeats this where the
# permissions would allow the write).
box -- write /usr/sbox-escape-probe
expect "/usr cannot be written (read-only mount: EROFS)" EROFS
box -- write /usr/bin/sbox-escape-probe
expect "/usr/bin cannot be written (read-only mount: EROFS)" EROFS
box -- write /etc/sbox-escape-probe
expect "/etc cannot be written (read-only root: EROFS)" EROFS
box -- write /etc/passwd
expect "/etc/passwd cannot be overwritten (EROFS)" EROFS
if [ "$MY_UID" != 0 ]; then
  host write /usr/sbox-escape-probe
  expect "control: outside, the kernel answers EACCES for /usr (EROFS above is the sandbox's)" EACCES
else
  skip "control: outside, the kernel answers EACCES for /usr" "runs as root: no write outside"
fi
# The read-only mechanism itself, on a directory this user may write.
mkdir -p "$SBOX_TMP/data"
box --ro-bind "$SBOX_TMP/data" /opt/data -- write /opt/data/f
expect "a directory bound read-only cannot be written (EROFS)" EROFS
box --bind "$SBOX_TMP/data" /opt/data -- write /opt/data/f
expect "control: the same directory bound read-write can" OK

# ======================================================================================
# Terminal: TIOCSTI and TIOCLINUX
# ======================================================================================

if command -v script >/dev/null 2>&1; then
  pty_cmd "$HOST_PROBE" tiocsti
  if [ "$OUT" = OK ]; then
    box_pty -- tiocsti
    expect "TIOCSTI into the controlling terminal blocked (CVE-2017-5226)" EPERM
    box_pty --no-new-session --seccomp=none -- tiocsti
    expect "control: without the new session and the filter, TIOCSTI types into the terminal" OK
    box_pty --no-new-session -- tiocsti
    expect "TIOCSTI blocked by the seccomp rule alone (same session)" EPERM
    # The new session alone, on the caller's terminal itself (--no-pty): by
    # default the sandbox has a pty of its own, where TIOCSTI without the
    # filter types only into the sandbox's own input (terminal.sh).
    box_pty --no-pty --seccomp=none -- tiocsti
    expect "TIOCSTI blocked by the new session alone (no filter)" EPERM

    box_pty --no-new-session -- tiocsti-high
    expect "TIOCSTI with bit 32 set blocked: the request is compared on its low 32 bits (CVE-2019-10063)" EPERM
    box_pty --no-new-session --seccomp=none -- tiocsti-high
    expect "control: without the filter, TIOCSTI|1<<32 types into the terminal (the kernel ignores the upper bits)" OK
    box_pty -- tiocsti-high
    expect "TIOCSTI with bit 32 set blocked in the default sandbox" EPERM
  else
    diag "outside, TIOCSTI gives ${OUT:-exit status $RC} (dev.tty.legacy_tiocsti=0?)"
    box_pty -- tiocsti
    expect_not_ok "TIOCSTI into the controlling terminal blocked (CVE-2017-5226)"
    outer_wall "control: TIOCSTI types into the terminal outside" "TIOCSTI refused outside: ${OUT:-$RC}"
  fi
else
  skip "TIOCSTI into the controlling terminal blocked (CVE-2017-5226)" "script(1) from util-linux is missing"
fi

# TIOCLINUX on something that is not a virtual console: the kernel answers
# ENOTTY/EINVAL, the filter EPERM before it.
box -- tioclinux
expect "TIOCLINUX blocked by the filter (EPERM)" EPERM
box --seccomp=none -- tioclinux
check_match "control: without the filter the kernel answers TIOCLINUX itself" "$OUT" '^(ENOTTY|EINVAL)$'

# ======================================================================================
# Processes: ptrace, perf_event_open, kill
# ======================================================================================

box -- ptrace "$target"
expect "ptrace of a host process blocked (seccomp: EPERM)" EPERM
box --feature=devel -- ptrace "$target"
expect "ptrace of a host process fails even with --feature=devel (pid namespace: ESRCH)" ESRCH
host ptrace "$target"
if [ "$OUT" = OK ]; then
  pass "control: outside, the same user can ptrace that process"
else
  outer_wall "control: outside, the same user can ptrace that process" \
    "outside it gives ${OUT:-exit status $RC} (Yama ptrace_scope $(cat /proc/sys/kernel/yama/ptrace_scope 2>/dev/null || echo -))"
fi

# The sandbox's PID 1 must not be traceable by the command: it is
# undumpable before the command exists.
box --feature=devel -- ptrace 1
expect "ptrace of the sandbox's init fails even with --feature=devel (not dumpable: EPERM)" EPERM

box -- ptrace-child
expect "ptrace of the sandbox's own child blocked without --feature=devel" EPERM
control "control: --feature=devel allows ptrace of the sandbox's own child" --feature=devel -- ptrace-child

box -- perf-event-open
expect "perf_event_open blocked (EPERM)" EPERM
control "control: --feature=devel allows perf_event_open on itself" --feature=devel -- perf-event-open
control "control: --seccomp-allow=perf_event_open allows it" --seccomp-allow=perf_event_open -- perf-event-open

box -- kill "$target" 0
expect "kill of a host process by pid fails (pid namespace: ESRCH)" ESRCH
box --seccomp=none --landlock=false -- kill "$target" 0
expect "kill of a host pid fails with no filter and no Landlock (the pid namespace alone)" ESRCH
host kill "$target" 0
expect "control: outside, the same user can signal that process" OK
check "the host process is still alive" kill -0 "$target"
diag "Landlock's signal scope (ABI 6) cannot be reached from here: sbox always makes a pid namespace, so no host pid is nameable; it is defense in depth."

# ======================================================================================
# Mounts: mount, umount, pivot_root, chroot, the new mount API
# ======================================================================================

box -- mount /tmp/escape-mnt
expect "mount of a tmpfs blocked (EPERM)" EPERM
box_ns_root -- "exec $P mount /tmp/escape-mnt"
check_contains "mount as root of a nested user namespace blocked: the namespace is never made" \
  "$ERR" "unshare failed: Operation not permitted"
box_ns_root --seccomp=none --landlock=false -- "exec $P mount /tmp/escape-mnt"
expect "control: with no filter and no Landlock, root of a nested namespace mounts a tmpfs" OK
if [ "$landlock_abi" -ge 1 ]; then
  box_ns_root --seccomp=none -- "exec $P mount /tmp/escape-mnt"
  expect "mount blocked by Landlock alone (no filter: nested root still gets EPERM)" EPERM
else
  skip "mount blocked by Landlock alone" "this kernel has no Landlock"
fi
box_ns_root --landlock=false --seccomp-allow=unshare -- "exec $P mount /tmp/escape-mnt"
expect "mount blocked by the filter alone (no Landlock, unshare allowed: nested root gets EPERM)" EPERM

box -- umount /proc/sys
expect "umount of the read-only /proc/sys blocked (EPERM)" EPERM
box -- umount /usr
expect "umount of /usr blocked (EPERM)" EPERM
box_ns_root --seccomp=none --landlock=false -- \
  "mkdir -p /tmp/u && mount -t tmpfs escape /tmp/u && exec $P umount /tmp/u"
expect "control: with no filter and no Landlock, nested root unmounts its own tmpfs" OK

box -- pivot-root /tmp
expect "pivot_root blocked (EPERM)" EPERM
box_ns_root --seccomp=none --landlock=false -- \
  "mkdir -p /tmp/p && mount -t tmpfs escape /tmp/p && exec $P pivot-root /tmp/p"
expect "control: with no filter and no Landlock, nested root can pivot_root" OK
box_ns_root --landlock=false --seccomp-allow=unshare --seccomp-allow=mount -- \
  "mkdir -p /tmp/p && mount -t tmpfs escape /tmp/p && exec $P pivot-root /tmp/p"
expect "pivot_root blocked by the filter alone (no Landlock, unshare and mount allowed)" EPERM

box -- chroot /tmp
expect "chroot blocked (EPERM)" EPERM
box_ns_root --seccomp=none --landlock=false -- "exec $P chroot /tmp"
expect "control: with no filter and no Landlock, nested root can chroot" OK
box_ns_root --landlock=false --seccomp-allow=unshare -- "exec $P chroot /tmp"
expect "chroot blocked by the filter alone (no Landlock, unshare allowed)" EPERM

box -- new-mount-api
expect "fsopen (new mount API) answers ENOSYS so callers fall back (CVE-2021-41133)" ENOSYS
box --seccomp=none -- new-mount-api
expect "control: without the filter the kernel answers fsopen itself (EPERM: no capability)" EPERM
box_ns_root --seccomp=none --landlock=false -- "exec $P new-mount-api"
expect "control: without the filter, nested root can fsopen a tmpfs" OK

box -- open-tree /usr
expect "open_tree(OPEN_TREE_CLONE) answers ENOSYS (CVE-2021-41133)" ENOSYS
box_ns_root --seccomp=none --landlock=false -- "exec $P open-tree /tmp"
expect "control: without the filter, nested root can clone a mount tree" OK
box_ns_root --landlock=false --seccomp-allow=unshare -- "exec $P open-tree /tmp"
expect "open_tree answers ENOSYS from the filter alone (nested root, no Landlock)" ENOSYS

box -- mount-setattr /usr
expect "mount_setattr clearing read-only on /usr answers ENOSYS (CVE-2021-41133)" ENOSYS
box --seccomp=none -- mount-setattr /usr
expect "control: without the filter the kernel answers mount_setattr itself (EPERM)" EPERM

box -- fspick /usr
expect "fspick answers ENOSYS (CVE-2021-41133)" ENOSYS
box --seccomp=none -- fspick /usr
expect "control: without the filter the kernel answers fspick itself (EPERM)" EPERM

# ======================================================================================
# Namespaces: unshare, clone, clone3, setns
# ======================================================================================

box -- unshare-user
expect "unshare(CLONE_NEWUSER) blocked (EPERM)" EPERM
control "control: without the filter, unshare(CLONE_NEWUSER) works" --seccomp=none -- unshare-user

box -- clone-user
expect "clone(CLONE_NEWUSER) blocked (EPERM: flags checked in the register)" EPERM
control "control: without the filter, clone(CLONE_NEWUSER) works" --seccomp=none -- clone-user

box -- clone3
expect "clone3 answers ENOSYS (its flags are out of the filter's reach)" ENOSYS
control "control: without the filter, clone3(CLONE_NEWUSER) works" --seccomp=none -- clone3

box -- setns /proc/self/ns/user
expect "setns blocked (EPERM)" EPERM
box --seccomp=none -- setns /proc/self/ns/user
expect "control: without the filter the kernel answers setns itself (EINVAL for its own namespace)" EINVAL

# ======================================================================================
# Kernel interfaces
# ======================================================================================

box -- keyctl
expect "add_key into the kernel keyring blocked (EPERM)" EPERM
control "control: --seccomp-allow=add_key lets the key in" --seccomp-allow=add_key -- keyctl

box -- userfaultfd
expect "userfaultfd blocked (EPERM)" EPERM
control "control: --seccomp-allow=userfaultfd allows it (UFFD_USER_MODE_ONLY)" --seccomp-allow=userfaultfd -- userfaultfd

box -- io-uring-setup
expect "io_uring_setup blocked (EPERM: io_uring bypasses per-syscall filtering)" EPERM
control "control: --seccomp-allow=io_uring_setup allows it" --seccomp-allow=io_uring_setup -- io-uring-setup

box -- personality
expect "personality(READ_IMPLIES_EXEC) blocked (EPERM)" EPERM
box -- personality 0x0040000
expect "personality(ADDR_NO_RANDOMIZE) blocked (EPERM)" EPERM
control "control: without the filter, personality(READ_IMPLIES_EXEC) works" --seccomp=none -- personality
box -- personality-query
expect "personality query (0xffffffff) still works" OK
box -- personality 0
expect "personality(PER_LINUX) still works" OK
box --feature=multiarch -- personality 0x0040000
expect "--feature=multiarch still refuses personality(ADDR_NO_RANDOMIZE) (only PER_LINUX32 is needed)" EPERM
box --feature=multiarch -- personality 0x0008
expect "control: --feature=multiarch allows personality(PER_LINUX32)" OK

box -- get-mempolicy
expect "NUMA policy calls blocked (get_mempolicy: EPERM)" EPERM
control "control: without the filter, get_mempolicy works" --seccomp=none -- get-mempolicy

# open_by_handle_at: outside, a plain user is refused by the kernel; root of
# a namespace may decode handles on a filesystem it mounted (Linux 6.10+).
box -- open-by-handle-at /tmp/handle-dir
expect "open_by_handle_at blocked (EPERM)" EPERM
box_ns_root --seccomp=none --landlock=false -- \
  "mkdir -p /tmp/h && mount -t tmpfs escape /tmp/h && mkdir /tmp/h/d && exec $P open-by-handle-at /tmp/h/d"
if [ "$OUT" = OK ]; then
  pass "control: without the filter, nested root opens a directory by handle"
  box_ns_root --landlock=false --seccomp-allow=unshare --seccomp-allow=mount -- \
    "mkdir -p /tmp/h && mount -t tmpfs escape /tmp/h && mkdir /tmp/h/d && exec $P open-by-handle-at /tmp/h/d"
  expect "open_by_handle_at blocked by the filter alone (nested root, no Landlock, unshare and mount allowed)" EPERM
else
  outer_wall "control: without the filter, nested root opens a directory by handle" \
    "the kernel refuses ($OUT; older than 6.10?)"
fi

# bpf: unprivileged_bpf_disabled keeps it from plain users everywhere.
box -- bpf
expect "bpf(BPF_MAP_CREATE) blocked (EPERM)" EPERM
box -- bpf-prog
expect "bpf(BPF_PROG_LOAD) of a socket filter blocked (EPERM)" EPERM
control "control: without the filter, bpf(BPF_MAP_CREATE) works" --seccomp=none -- bpf
# The filter's answer comes before the kernel looks at anything: with an
# unreadable attribute pointer the kernel says EFAULT (on kernels that copy
# the attributes before the unprivileged_bpf_disabled check), the filter EPERM.
box -- bpf-reach
expect "bpf is answered by the filter before the kernel reads its arguments (EPERM)" EPERM
host bpf-reach
bpf_reach_host=$OUT
if [ "$bpf_reach_host" != EPERM ] && [ -n "$bpf_reach_host" ]; then
  box --seccomp=none -- bpf-reach
  expect "control: without the filter the kernel reaches the arguments ($bpf_reach_host, as outside)" "$bpf_reach_host"
else
  outer_wall "control: without the filter the kernel reaches bpf's arguments" "outside it answers EPERM before reading them"
fi

# kexec_load and init_module: the probe's arguments are harmless even to root.
host kexec-load
kexec_host=$OUT
box -- kexec-load
expect "kexec_load blocked (EPERM)" EPERM
box --seccomp=none -- kexec-load
if [ "$OUT" != EPERM ] && [ -n "$OUT" ]; then
  check_eq "control: without the filter the kernel answers kexec_load itself ($kexec_host outside)" "$kexec_host" "$OUT"
else
  outer_wall "control: kexec_load reaches the kernel without the filter" "the kernel answers EPERM too (CAP_SYS_BOOT)"
fi

host init-module
module_host=$OUT
box -- init-module
expect "init_module/finit_module blocked (EPERM)" EPERM
box --seccomp=none -- init-module
if [ "$OUT" != EPERM ] && [ -n "$OUT" ]; then
  check_eq "control: without the filter the kernel answers finit_module itself ($module_host outside)" "$module_host" "$OUT"
else
  outer_wall "control: finit_module reaches the kernel without the filter" "the kernel answers EPERM too (CAP_SYS_MODULE)"
fi

box -- syslog
expect "syslog (kernel log) blocked (EPERM)" EPERM
host syslog
if [ "$OUT" = OK ]; then
  box --seccomp=none -- syslog
  expect "control: without the filter, syslog's buffer size can be read" OK
else
  outer_wall "control: syslog works without the filter" "dmesg_restrict: EPERM outside, the same as the filter's answer"
fi

box -- mknod /tmp/null-copy
expect "mknod of a device blocked (EPERM)" EPERM
outer_wall "control: mknod of a device works" "CAP_MKNOD in the initial namespace is needed (root-escape.sh shows root can)"

# ======================================================================================
# Other ABIs: i386 (int $0x80) and x32
# ======================================================================================

host i386-getpid
if [ "$OUT" = OK ]; then
  box -- i386
  expect_killed "an i386 unshare(CLONE_NEWUSER) through int \$0x80 kills the process (SIGSYS)" 31
  box -- i386-getpid
  expect_killed "even a harmless i386 call kills: the ABI is closed" 31
  box --feature=multiarch -- i386
  expect "--feature=multiarch: an i386 unshare(CLONE_NEWUSER) meets the same rules (EPERM)" EPERM
  box --feature=multiarch -- i386-getpid
  expect "--feature=multiarch: harmless i386 calls work" OK
  box --seccomp=none -- i386
  expect "control: without the filter, unshare(CLONE_NEWUSER) through int \$0x80 works" OK
else
  diag "outside, int \$0x80 gives ${OUT:-exit status $RC}: this kernel has no i386 entry, the ABI cannot be reached here"
  box -- i386
  expect_not_ok "an i386 unshare(CLONE_NEWUSER) through int \$0x80 does not get through"
  skip "control: unshare(CLONE_NEWUSER) through int \$0x80 works without the filter" \
    "this kernel has no i386 syscall entry (int \$0x80 faults outside too)"
fi

# The same rules on paper, for ABIs this kernel may not be able to enter:
# the filter sbox compiles (--seccomp-export) run by the probe's evaluator
# on made-up calls.  x86_64 answers are the evaluator's own control.
CLONE_NEWUSER=0x10000000
TIOCSTI=0x5412
filter_eval () # DESC EXPECTED FILTER ABI NR [ARG...]
{
  local desc=$1 want=$2
  shift 2
  check_eq "$desc" "$want" "$("$HOST_PROBE" seccomp-eval "$@" 2>&1)"
}
for policy in default strict multiarch; do
  case $policy in
    multiarch) opts=(--feature=multiarch) ;;
    *) opts=(--seccomp="$policy") ;;
  esac
  sbox_run --noprofile "${opts[@]}" --seccomp-export "$SBOX_TMP/$policy.bpf" -- true
  if [ "$RC" != 0 ] || [ ! -s "$SBOX_TMP/$policy.bpf" ]; then
    not_ok "the $policy filter can be exported (--seccomp-export)" "exit status $RC: $ERR"
  fi
done
if [ -s "$SBOX_TMP/default.bpf" ]; then
  f=$SBOX_TMP/default.bpf
  filter_eval "control: the evaluator reads the default filter (x86_64 getpid: ALLOW)" ALLOW "$f" x86_64 39
  filter_eval "control: the evaluator reads the default filter (x86_64 unshare(CLONE_NEWUSER): EPERM)" \
    ERRNO:EPERM "$f" x86_64 272 "$CLONE_NEWUSER"
  filter_eval "default filter: i386 unshare(CLONE_NEWUSER) kills the process" KILL_PROCESS "$f" i386 310 "$CLONE_NEWUSER"
  filter_eval "default filter: i386 clone(CLONE_NEWUSER) kills the process" KILL_PROCESS "$f" i386 120 "$CLONE_NEWUSER"
  filter_eval "default filter: i386 ioctl(TIOCSTI) kills the process" KILL_PROCESS "$f" i386 54 0 "$TIOCSTI"
  filter_eval "default filter: i386 getpid kills too (the ABI is closed)" KILL_PROCESS "$f" i386 20
  filter_eval "default filter: x32 getpid kills the process" KILL_PROCESS "$f" x32 39
  filter_eval "default filter: x32 unshare(CLONE_NEWUSER) kills the process" KILL_PROCESS "$f" x32 272 "$CLONE_NEWUSER"
  filter_eval "default filter: x86_64 ioctl(TIOCSTI|1<<32) is refused (low 32 bits compared)" \
    ERRNO:EPERM "$f" x86_64 16 0 0x100005412
fi
if [ -s "$SBOX_TMP/strict.bpf" ]; then
  filter_eval "strict filter: i386 unshare(CLONE_NEWUSER) kills the process" KILL_PROCESS \
    "$SBOX_TMP/strict.bpf" i386 310 "$CLONE_NEWUSER"
  filter_eval "strict filter: x32 getpid kills the process" KILL_PROCESS "$SBOX_TMP/strict.bpf" x32 39
fi
if [ -s "$SBOX_TMP/multiarch.bpf" ]; then
  f=$SBOX_TMP/multiarch.bpf
  filter_eval "control: --feature=multiarch lets i386 getpid through" ALLOW "$f" i386 20
  filter_eval "--feature=multiarch: i386 unshare(CLONE_NEWUSER) meets the same rule (EPERM)" \
    ERRNO:EPERM "$f" i386 310 "$CLONE_NEWUSER"
  filter_eval "--feature=multiarch: i386 clone(CLONE_NEWUSER) meets the same rule (EPERM)" \
    ERRNO:EPERM "$f" i386 120 "$CLONE_NEWUSER"
  filter_eval "--feature=multiarch: i386 ioctl(TIOCSTI) meets the same rule (EPERM)" ERRNO:EPERM "$f" i386 54 0 "$TIOCSTI"
  filter_eval "--feature=multiarch: i386 socket(AF_KEY) meets the same rule (EAFNOSUPPORT)" \
    ERRNO:EAFNOSUPPORT "$f" i386 359 15 3 2
  filter_eval "--feature=multiarch: i386 keyctl is refused as on x86_64 (EPERM)" ERRNO:EPERM "$f" i386 288
  filter_eval "--feature=multiarch: i386 bpf is refused as on x86_64 (EPERM)" ERRNO:EPERM "$f" i386 357
  filter_eval "--feature=multiarch: i386 mount is refused as on x86_64 (EPERM)" ERRNO:EPERM "$f" i386 21
fi

box -- x32
expect_killed "an x32-numbered getpid kills the process (SIGSYS)" 31
box -- x32-unshare
expect_killed "an x32-numbered unshare(CLONE_NEWUSER) kills the process (SIGSYS)" 31
box --seccomp=none -- x32
check_match "control: without the filter the kernel answers the x32 call itself (ENOSYS without the x32 ABI)" \
  "$OUT" '^(OK|ENOSYS)$'

# ======================================================================================
# /proc and /dev
# ======================================================================================

# ns_last_pid is mode 0666 (its write handler checks capabilities): outside,
# a plain user opens it for writing; inside, /proc/sys is read-only.
box -- openw /proc/sys/kernel/ns_last_pid
expect "/proc/sys/kernel/ns_last_pid (mode 0666) cannot be opened for writing (EROFS)" EROFS
host openw /proc/sys/kernel/ns_last_pid
expect "control: outside, a plain user opens it for writing" OK
box -- openw /proc/sys/kernel/core_pattern
expect_not_ok "/proc/sys/kernel/core_pattern cannot be opened for writing"
box -- openw /proc/sysrq-trigger
expect_not_ok "/proc/sysrq-trigger cannot be opened for writing"
if [ -e /proc/sysrq-trigger ]; then
  outer_wall "control: /proc/sysrq-trigger opens for writing" "it is 0200 root (root-escape.sh shows root can)"
else
  skip "control: /proc/sysrq-trigger opens for writing" "this kernel has no /proc/sysrq-trigger"
fi
box -- read /proc/kcore
expect_not_ok "/proc/kcore cannot be read"
if [ -e /proc/kcore ]; then
  outer_wall "control: /proc/kcore can be read" "it is 0400 root (root-escape.sh shows root can)"
else
  skip "control: /proc/kcore can be read" "this kernel has no /proc/kcore"
fi

box -- read /dev/mem
expect "/dev/mem is absent (ENOENT)" ENOENT
if [ -e /dev/mem ]; then
  host read /dev/mem
  outer_wall "control: /dev/mem can be opened" "outside, a plain user gets $OUT (root-escape.sh shows root can)"
else
  skip "control: /dev/mem can be opened" "this kernel has no /dev/mem"
fi

disk=
for d in /dev/sda /dev/vda /dev/nvme0n1 /dev/xvda /dev/mmcblk0; do
  if [ -b "$d" ]; then
    disk=$d
    break
  fi
done
if [ -n "$disk" ]; then
  box -- read "$disk"
  expect "the disk $disk is absent (ENOENT)" ENOENT
  host read "$disk"
  disk_host=$OUT
  check_ne "control: outside, $disk exists (the kernel answers ${disk_host:-nothing}, not ENOENT)" ENOENT "${disk_host:-ENOENT}"
  box --dev-bind "$disk" "$disk" -- read "$disk"
  expect "control: bound in with --dev-bind, $disk gives the answer it gives outside" "$disk_host"
else
  box -- read /dev/sda
  expect "no disk node inside (/dev/sda: ENOENT)" ENOENT
  skip "control: a disk node exists outside" "no /dev/sda, vda, nvme0n1, xvda or mmcblk0 here"
fi

box -- read /dev/kmsg
expect "/dev/kmsg is absent (ENOENT): no kernel log" ENOENT
box -- openw /dev/kmsg
expect "/dev/kmsg is absent for writing too (no log injection)" ENOENT
if [ -c /dev/kmsg ]; then
  host read /dev/kmsg
  kmsg_host=$OUT
  box --dev-bind /dev/kmsg /dev/kmsg -- read /dev/kmsg
  if [ "$kmsg_host" = OK ]; then
    expect "control: bound in with --dev-bind, /dev/kmsg can be read" OK
  else
    expect "control: bound in with --dev-bind, /dev/kmsg reaches the kernel's own check ($kmsg_host)" "$kmsg_host"
  fi
else
  skip "control: /dev/kmsg exists outside" "no /dev/kmsg here"
fi

# ======================================================================================
# Network: abstract unix sockets, host services, refused socket families
# ======================================================================================

if [ -n "$port" ]; then
  host connect-abstract "$abstract"
  expect "control: outside, the abstract socket @$abstract accepts" OK
  box -- connect-abstract "$abstract"
  expect "a host abstract unix socket is unreachable (own network namespace)" ECONNREFUSED
  if [ "$landlock_abi" -ge 6 ]; then
    box --share=network -- connect-abstract "$abstract"
    expect "a host abstract unix socket is unreachable with --share=network (Landlock scope: EPERM)" EPERM
  else
    skip "a host abstract unix socket is unreachable with --share=network (Landlock scope)" \
      "Landlock ABI $landlock_abi here; abstract socket scoping needs 6"
  fi
  box --share=network --landlock=false -- connect-abstract "$abstract"
  expect "control: --share=network --landlock=false reaches the host abstract socket" OK

  box -- connect-tcp 127.0.0.1 "$port"
  check_match "a host service on 127.0.0.1:$port is unreachable without --share=network" \
    "$OUT" '^(ECONNREFUSED|ENETUNREACH)$'
  box --share=network -- connect-tcp 127.0.0.1 "$port"
  expect "control: with --share=network the same connect works" OK
else
  skip "a host abstract unix socket is unreachable (Landlock scope)" "no python3 to listen on the host"
  skip "a host service on 127.0.0.1 is unreachable without --share=network" "no python3 to listen on the host"
fi

# Families the policy refuses answer EAFNOSUPPORT; the control is the same
# socket() with no filter (and the host's network, where the kernel has the
# family only there).
for family in key packet vsock netlink-audit bluetooth can tipc alg rds xdp; do
  box -- socket "$family"
  expect "socket($family) refused by the filter (EAFNOSUPPORT)" EAFNOSUPPORT
  box --seccomp=none --share=network -- socket "$family"
  nofilter=$OUT
  if [ "$nofilter" = OK ]; then
    pass "control: socket($family) works without the filter"
  elif [ -n "$nofilter" ] && [ "$nofilter" != EAFNOSUPPORT ]; then
    pass "control: without the filter the kernel answers socket($family) itself ($nofilter)"
  else
    skip "control: socket($family) reaches the kernel without the filter" \
      "this kernel has no such family (EAFNOSUPPORT without the filter too)"
  fi
done
sbox_run --noprofile "${PB[@]}" -- /bin/sh -c "for f in unix inet inet6 netlink-route; do $P socket \$f; done"
expect "the allowed families still work (unix, inet, inet6, netlink route)" "OK
OK
OK
OK"

# ======================================================================================
# Privilege and environment
# ======================================================================================

if [ -n "${SBOX_PROBE_SUID:-}" ] && [ -u "$SBOX_PROBE_SUID" ]; then
  S=$SBOX_PROBE_SUID
  check_contains "control: outside, the setuid-root probe runs with euid=0" "$("$S" ids)" "euid=0 "
  sbox_run --noprofile --ro-bind "$S" /run/probe-suid -- /run/probe-suid ids
  check_contains "a setuid-root binary gains no privilege inside (euid stays $MY_UID)" "$OUT" "euid=$MY_UID "
else
  skip "a setuid-root binary gains no privilege inside" "no SBOX_PROBE_SUID (the harness needs root to make one)"
fi

secrets=(GITHUB_TOKEN AWS_SECRET_ACCESS_KEY NPM_TOKEN SSH_AUTH_SOCK GPG_AGENT_INFO
  DBUS_SESSION_BUS_ADDRESS SBOX_ESCAPE_SECRET)
for var in "${secrets[@]}"; do
  export "$var=secret-$$"
done
leaked=
for var in "${secrets[@]}"; do
  box -- getenv "$var"
  [ "$OUT" = UNSET ] || leaked="$leaked $var($OUT)"
done
check_eq "secrets in the caller's environment do not reach the sandbox (${secrets[*]})" "" "$leaked"
box --setenv SBOX_ESCAPE_SECRET given -- getenv SBOX_ESCAPE_SECRET
expect "control: a variable set with --setenv does arrive (the check above can fail)" OK
for var in "${secrets[@]}"; do
  unset "$var"
done

# ======================================================================================
# A symlink planted in persistent storage, followed on the next start
# ======================================================================================

profiles=$SBOX_TMP/profiles
mkdir -p "$profiles" "$HOME/private-stuff"
echo "secret-$$" >"$HOME/private-stuff/secret"
printf '[Sandbox]\nHome=tmpfs\n[Context]\npersistent=.cache/x\n' >"$profiles/escape-home.profile"
storage=$HOME/.local/share/sbox/home/escape-home

prof_run () { SBOX_PROFILE_PATH=$profiles sbox_run --profile=escape-home "${PB[@]}" -- "$@"; }

prof_run /bin/sh -c "echo kept > $HOME/.cache/x/marker && $P read $HOME/.cache/x/marker"
expect "control: persistent=.cache/x is writable and kept in the profile's storage" OK
check "control: the storage holds what the sandbox wrote" test -f "$storage/.cache/x/marker"

# The sandbox itself can write its storage; as the next start only sees a
# symlink where the directory was, plant it from outside.
rm -rf "$storage/.cache/x"
ln -s "$HOME/private-stuff" "$storage/.cache/x"
check "control: the planted link leads to the secret on the host" test -f "$storage/.cache/x/secret"
prof_run "$P" read "$HOME/.cache/x/secret"
check_rc "a symlink planted in persistent storage is refused on the next start (125)" 125
check_contains "  ... with a message saying it is not a symlink" "$ERR" "not a symlink"
check_not_contains "  ... and nothing was read through it" "$OUT" OK

rm -f "$storage/.cache/x"
mkdir -p "$HOME/decoy/x"
rm -rf "$storage/.cache"
ln -s "$HOME/decoy" "$storage/.cache"
prof_run "$P" read "$HOME/.cache/x/secret"
check_rc "a symlink planted one level up (.cache) is refused too (125)" 125

# ======================================================================================
# The strict policy closes the same doors
# ======================================================================================

for attempt in unshare-user keyctl io-uring-setup userfaultfd bpf perf-event-open ptrace-child \
  "mount /tmp/escape-mnt" "chroot /tmp" new-mount-api "socket vsock" "socket key"; do
  # shellcheck disable=SC2086 # the attempt's words are its arguments
  box --seccomp=strict -- $attempt
  expect_not_ok "--seccomp=strict: $attempt refused (${OUT:-exit status $RC})"
done
box --seccomp=strict -- clone-user
expect "--seccomp=strict: clone(CLONE_NEWUSER) refused (EPERM)" EPERM
box --seccomp=strict -- personality
expect "--seccomp=strict: personality(READ_IMPLIES_EXEC) refused (EPERM)" EPERM
box --seccomp=strict -- x32
expect_killed "--seccomp=strict: an x32-numbered call kills the process (SIGSYS)" 31
if command -v script >/dev/null 2>&1; then
  box_pty --seccomp=strict --no-new-session -- tiocsti-high
  expect "--seccomp=strict: TIOCSTI|1<<32 refused in the caller's session (EPERM)" EPERM
fi
box --seccomp=strict -- socket unix
expect "control: --seccomp=strict still runs the probe (socket(AF_UNIX) works)" OK

done_testing
