#!/bin/bash
# root-escape.sh — escape attempts by root inside the sandbox, for the doors
# that the kernel itself keeps shut for plain users (so escape.sh cannot show
# a control that succeeds): kernel memory and log devices, disks, modules,
# kexec, bpf, syslog, device nodes, kernel knobs.  Root outside is the
# control: there the same attempt gets through (or at least past the
# privilege check), inside it does not.
#
# Every attempt is harmless on the host even when it succeeds: reads of one
# byte, opens for writing that write nothing, a kexec_load with a foreign
# architecture and a finit_module of /dev/null (both refused after the
# privilege check), a bpf map that is closed at once.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

[ "$MY_UID" = 0 ] || skip_all "this test runs only as root"
[ -n "${SBOX_ESCAPE_PROBE:-}" ] || SBOX_ESCAPE_PROBE=$_here/escape-probe
need_escape_probe
[ -x "$SBOX_ESCAPE_PROBE" ] || bail_out "SBOX_ESCAPE_PROBE=$SBOX_ESCAPE_PROBE is not executable"

P=/run/escape-probe
PB=(--ro-bind "$SBOX_ESCAPE_PROBE" "$P")

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

host ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$SBOX_ESCAPE_PROBE" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  # shellcheck disable=SC2034 # check_run_ok shows it
  ERR=$(cat "$SBOX_TMP/.stderr")
}

expect () { check_run_ok "$1" "$2"; }

expect_not_ok ()
{
  if [ "${OUT:-}" != OK ]; then
    pass "$1"
    return 0
  fi
  fail "$1"
  diag "  the escape worked (exit status ${RC:-?})"
  return 1
}

# --- devices: kernel memory, kernel log, disks ---------------------------------------

if [ -c /dev/mem ]; then
  host read /dev/mem
  expect "control: root outside can open and read /dev/mem" OK
  box -- read /dev/mem
  expect "root inside: /dev/mem is absent (ENOENT)" ENOENT
  box --dev-bind /dev/mem /dev/mem -- read /dev/mem
  expect "root inside: even bound in, /dev/mem is refused (CAP_SYS_RAWIO of the initial namespace)" EPERM
else
  box -- read /dev/mem
  expect "root inside: /dev/mem is absent (ENOENT)" ENOENT
  skip "control: root outside can open /dev/mem" "this kernel has no /dev/mem"
fi

if [ -c /dev/kmsg ]; then
  host read /dev/kmsg
  expect "control: root outside can read the kernel log (/dev/kmsg)" OK
  box -- read /dev/kmsg
  expect "root inside: /dev/kmsg is absent (ENOENT)" ENOENT
  box -- openw /dev/kmsg
  expect "root inside: /dev/kmsg cannot be opened to inject log lines (ENOENT)" ENOENT
  box --dev-bind /dev/kmsg /dev/kmsg -- read /dev/kmsg
  expect "root inside: even bound in, /dev/kmsg is not readable (CAP_SYSLOG of the initial namespace)" EPERM
else
  skip "control: root outside can read /dev/kmsg" "no /dev/kmsg here"
fi

disk=
for d in /dev/sda /dev/vda /dev/nvme0n1 /dev/xvda /dev/mmcblk0; do
  if [ -b "$d" ]; then
    disk=$d
    break
  fi
done
if [ -n "$disk" ]; then
  host read "$disk"
  disk_host=$OUT
  box -- read "$disk"
  expect "root inside: the disk $disk is absent (ENOENT)" ENOENT
  if [ "$disk_host" = OK ]; then
    pass "control: root outside can read the disk $disk"
    box --dev-bind "$disk" "$disk" -- read "$disk"
    expect "control: root inside reads $disk once it is bound in (the node's absence is the wall)" OK
  else
    skip "control: root outside can read the disk $disk" "even root outside gets $disk_host here"
  fi
else
  skip "root inside: no disk node" "no /dev/sda, vda, nvme0n1, xvda or mmcblk0 here"
fi

# --- kernel knobs --------------------------------------------------------------------------

host openw /proc/sys/kernel/core_pattern
expect "control: root outside can open /proc/sys/kernel/core_pattern for writing" OK
box -- openw /proc/sys/kernel/core_pattern
expect "root inside (running as nobody outside): core_pattern cannot be opened for writing (EACCES)" EACCES
box --keep-root -- openw /proc/sys/kernel/core_pattern
expect "root inside with --keep-root: core_pattern cannot be opened for writing (read-only /proc/sys: EROFS)" EROFS
box --keep-root --seccomp=none --landlock=false -- openw /proc/sys/kernel/core_pattern
expect "root inside: core_pattern stays read-only without filter and Landlock (the mount)" EROFS

if [ -e /proc/sysrq-trigger ]; then
  host openw /proc/sysrq-trigger
  expect "control: root outside can open /proc/sysrq-trigger for writing" OK
  box -- openw /proc/sysrq-trigger
  expect_not_ok "root inside: /proc/sysrq-trigger cannot be opened for writing"
else
  box -- openw /proc/sysrq-trigger
  expect_not_ok "root inside: /proc/sysrq-trigger cannot be opened for writing"
  skip "control: root outside can open /proc/sysrq-trigger" "this kernel has no /proc/sysrq-trigger"
fi

if [ -e /proc/kcore ]; then
  host read /proc/kcore
  expect "control: root outside can read /proc/kcore" OK
  box -- read /proc/kcore
  expect_not_ok "root inside: /proc/kcore cannot be read"
else
  box -- read /proc/kcore
  expect_not_ok "root inside: /proc/kcore cannot be read"
  skip "control: root outside can read /proc/kcore" "this kernel has no /proc/kcore"
fi

for f in /etc/passwd /usr/lib/os-release; do
  [ -f "$f" ] || continue
  host openw "$f"
  expect "control: root outside can open $f for writing" OK
  box -- openw "$f"
  expect "root inside (running as nobody outside): $f cannot be opened for writing (EACCES)" EACCES
  box --keep-root -- openw "$f"
  expect "root inside with --keep-root: $f cannot be opened for writing (EROFS)" EROFS
done

# --- kernel interfaces ---------------------------------------------------------------------

host bpf
expect "control: root outside can create a bpf map" OK
box -- bpf
expect "root inside: bpf(BPF_MAP_CREATE) blocked (EPERM)" EPERM
box -- bpf-prog
expect "root inside: bpf(BPF_PROG_LOAD) blocked (EPERM)" EPERM
box --seccomp=none -- bpf
expect "root inside: without the filter the kernel still refuses bpf (no CAP_BPF in the initial namespace)" EPERM

host syslog
expect "control: root outside can read the kernel log's size (syslog)" OK
box -- syslog
expect "root inside: syslog blocked (EPERM)" EPERM
box --seccomp=none -- syslog
expect "root inside: without the filter the kernel still refuses syslog (CAP_SYSLOG of the initial namespace)" EPERM

remove_at_exit "$SBOX_TMP/null-copy"
host mknod "$SBOX_TMP/null-copy"
expect "control: root outside can make a device node" OK
rm -f "$SBOX_TMP/null-copy"
box -- mknod /tmp/null-copy
expect "root inside: mknod of a device blocked (EPERM)" EPERM

# kexec_load and finit_module with harmless arguments: root outside gets past
# the privilege check (EINVAL or the like) or meets a kernel built without
# them (ENOSYS); root inside meets the filter (EPERM) first.
host kexec-load
kexec_host=$OUT
box -- kexec-load
expect "root inside: kexec_load blocked (EPERM)" EPERM
if [ "$kexec_host" != EPERM ] && [ -n "$kexec_host" ]; then
  pass "control: root outside reaches past kexec_load's privilege check ($kexec_host)"
else
  fail "control: root outside reaches past kexec_load's privilege check"
  diag "  got ${kexec_host:-exit status $RC} (kexec_load_disabled set?)"
fi

host init-module
module_host=$OUT
box -- init-module
expect "root inside: finit_module blocked (EPERM)" EPERM
if [ "$module_host" != EPERM ] && [ -n "$module_host" ]; then
  pass "control: root outside reaches past finit_module's privilege check ($module_host)"
else
  fail "control: root outside reaches past finit_module's privilege check"
  diag "  got ${module_host:-exit status $RC} (modules_disabled set?)"
fi

host open-by-handle-at "$SBOX_TMP"
expect "control: root outside can open a directory by handle (open_by_handle_at)" OK
box -- open-by-handle-at /tmp
expect "root inside: open_by_handle_at blocked (EPERM)" EPERM

done_testing
