#!/bin/bash
# proc-dev.sh — the sandbox's own /proc (pid namespace, read-only and masked
# kernel knobs) and its minimal /dev.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ -n "$SBOX_PROBE" ] || bail_out "SBOX_PROBE is not set: the probe is needed"
P=$SBOX_PROBE

in_sandbox () { sbox_out --noprofile "${PROBE_BIND[@]}" -- "$@"; }

# --- /dev ----------------------------------------------------------------------------

expected_dev="fd full null ptmx pts random shm stderr stdin stdout tty urandom zero"
inside_dev=$(in_sandbox ls -A /dev | sort | tr '\n' ' ' | sed 's/ $//')
check_eq "/dev holds only the default nodes (no tty on stdin, so no console)" "$expected_dev" "$inside_dev"

host_extra=$(find /dev -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | grep -vxE 'fd|full|null|ptmx|pts|random|shm|stderr|stdin|stdout|tty|urandom|zero|console' | head -n 3 | tr '\n' ' ')
check_ne "control: the host's /dev has more (e.g. $host_extra)" "" "$host_extra"
check_fails "no host block devices inside (/dev/vda, /dev/sda, /dev/loop0, /dev/kmsg, /dev/mem)" \
  grep -q . <<<"$(in_sandbox sh -c 'ls -d /dev/vda /dev/sda /dev/loop0 /dev/kmsg /dev/mem 2>/dev/null')"

check_eq "/dev/null accepts writes" "OK" "$(in_sandbox "$P" write /dev/null)"
check_eq "/dev/null reads empty" "0" "$(in_sandbox sh -c 'wc -c </dev/null')"
check_eq "/dev/zero reads zeros" "0000000 0000 0000" "$(in_sandbox sh -c 'head -c 4 /dev/zero | od -x | head -n1' | tr -s ' ')"
check_eq "/dev/full fails writes with ENOSPC" "ENOSPC" "$(in_sandbox "$P" write /dev/full)"
check_eq "/dev/urandom gives bytes" "16" "$(in_sandbox sh -c 'head -c 16 /dev/urandom | wc -c')"
check_eq "/dev/random gives bytes" "16" "$(in_sandbox sh -c 'head -c 16 /dev/random | wc -c')"
check_eq "/dev/shm starts empty" "listed" "$(in_sandbox sh -c 'ls -A /dev/shm && echo listed')"
remove_at_exit "/dev/shm/sbox-test-$$"
check_eq "/dev/shm is writable" "OK" "$(in_sandbox "$P" write "/dev/shm/sbox-test-$$")"
check_fails "writes to /dev/shm inside do not reach the host's /dev/shm" test -e "/dev/shm/sbox-test-$$"
check_eq "/dev/fd points at /proc/self/fd" "/proc/self/fd" "$(in_sandbox readlink /dev/fd)"
check_eq "/dev/stdin reads the command's stdin" "through-stdin" \
  "$(echo through-stdin | timeout 20 "$SBOX" --noprofile -- cat /dev/stdin 2>/dev/null)"
if [ -x /usr/bin/python3 ]; then
  check_eq "a pseudo-terminal can be opened (own devpts, /dev/ptmx)" "/dev/pts/0" \
    "$(in_sandbox python3 -c 'import os; m, s = os.openpty(); print(os.ttyname(s))')"
else
  skip "a pseudo-terminal can be opened (own devpts, /dev/ptmx)" "no /usr/bin/python3"
fi
check_eq "the sandbox's devpts holds no host terminals" "ptmx" "$(in_sandbox ls -A /dev/pts)"
remove_at_exit "/tmp/sbox-null-copy-$$"
check_eq "mknod of a device fails inside (EPERM)" "EPERM" "$(in_sandbox "$P" mknod "/tmp/sbox-null-copy-$$")"

# --- /proc ----------------------------------------------------------------------------

inside_pids=$(in_sandbox sh -c 'ls /proc | grep -c "^[0-9]"')
check_le "/proc shows only the sandbox's processes (few pids)" 5 "$inside_pids"
host_procs=(/proc/[0-9]*)
check_gt "control: the host's /proc shows more processes" 5 "${#host_procs[@]}"
check_eq "a host process (the test shell, pid $$) is not visible" "ENOENT" "$(in_sandbox "$P" read "/proc/$$/status")"
check_match "/proc is a proc filesystem" "$(in_sandbox cat /proc/self/mountinfo)" '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ /proc [^ ]+ (.* )?- proc '

check_ne "/proc/sys/kernel/hostname cannot be written" "OK" "$(in_sandbox "$P" openw /proc/sys/kernel/hostname)"
check_eq "/proc/sys is mounted read-only" "ro" \
  "$(in_sandbox cat /proc/self/mountinfo | awk '$5 == "/proc/sys" { split($6, o, ","); r = o[1] } END { print r }')"
check_ne "/proc/sysrq-trigger cannot be opened for writing" "OK" "$(in_sandbox "$P" openw /proc/sysrq-trigger)"
check_eq "/proc/kcore is masked (reads nothing)" "0" "$(in_sandbox sh -c 'head -c 1 /proc/kcore 2>/dev/null | wc -c')"

done_testing
