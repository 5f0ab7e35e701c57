#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# filters.sh — seccomp policies, their export, Landlock, and learn mode.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

# --- the effective policy is visible ------------------------------------------------

sbox_run --print-plan -- true
check_contains "--print-plan names the seccomp policy" "$OUT" "seccomp: default"
check_contains "--print-plan lists the denied calls" "$OUT" "deny: mount umount2 pivot_root"
check_contains "--print-plan lists the argument checks" "$OUT" "ioctl TIOCSTI/TIOCLINUX"
sbox_run --print-plan --seccomp=strict -- true
check_contains "strict shows its allowlist" "$OUT" "allow (everything else ENOSYS): read write open"
sbox_run --print-plan --feature=devel -- true
check_not_contains "--feature=devel takes ptrace off the deny list" "$OUT" " ptrace"

# --- profile-level lists -------------------------------------------------------------

sbox_run --seccomp-deny=not_a_syscall -- true
check_rc "an unknown syscall name is an error (125)" 125
check_contains "... naming it" "$ERR" "unknown syscall 'not_a_syscall'"
sbox_run -- uname -s
check_run_ok "control: uname works by default" "Linux"
sbox_run --seccomp-deny=uname -- uname -s
check_ne "--seccomp-deny=uname makes uname fail" 0 "$RC"
sbox_run --seccomp-deny=uname:ENOSYS -- sh -c 'uname -s 2>&1'
check_contains "--seccomp-deny=NAME:ERRNO answers with that errno" "$OUT" "Function not implemented"

# --- strict builds a C project ----------------------------------------------------------

if command -v cc >/dev/null && command -v make >/dev/null; then
  proj=$SBOX_TMP/proj
  mkdir -p "$proj"
  printf '#include <stdio.h>\nint main(void){puts("hello from a strict build");return 0;}\n' >"$proj/hello.c"
  printf 'hello: hello.c\n\tcc -O2 -o hello hello.c\n' >"$proj/Makefile"
  sbox_run --seccomp=strict --bind "$proj" "$proj" --chdir "$proj" -- make -s
  check_rc "sbox --seccomp=strict -- make builds a C project" 0
  sbox_run --seccomp=strict --ro-bind "$proj" "$proj" -- "$proj/hello"
  check_run_ok "... and the program it built runs under strict too" "hello from a strict build"
  sbox_run --seccomp=strict -- sh -c 'unshare -U true 2>&1'
  check_contains "strict still refuses new user namespaces" "$OUT" "Operation not permitted"
else
  skip "sbox --seccomp=strict -- make builds a C project" "no cc or make"
fi

# --- export for other tools ---------------------------------------------------------------

sbox_run --seccomp-export="$SBOX_TMP/filter.bpf" -- true
check_rc "--seccomp-export writes the filter and exits 0" 0
size=$(stat -c %s "$SBOX_TMP/filter.bpf" 2>/dev/null || echo 0)
check_gt "the exported filter is a BPF program (non-empty)" 0 "$size"
check_eq "... made of whole 8-byte instructions" 0 $((size % 8))
if command -v bwrap >/dev/null && bwrap --ro-bind / / -- true 2>/dev/null; then
  out=$(bwrap --ro-bind / / --dev /dev --seccomp 3 3<"$SBOX_TMP/filter.bpf" -- \
    sh -c 'unshare -U true 2>&1 && echo unshared')
  check_contains "bubblewrap's --seccomp FD enforces the exported filter" "$out" "Operation not permitted"
  out=$(bwrap --ro-bind / / --dev /dev -- sh -c 'unshare -U true 2>&1 && echo unshared')
  check_contains "control: without it the same bwrap run creates a user namespace" "$out" "unshared"
else
  skip "bubblewrap's --seccomp FD enforces the exported filter" "bwrap unusable here"
fi

# --- Landlock ------------------------------------------------------------------------------

sbox_run --verbose -- true
check_match "--verbose reports the Landlock ABI in use" "$ERR" "landlock: ABI [0-9]+"
abi=$(printf '%s\n' "$ERR" | sed -n 's/.*landlock: ABI \([0-9]*\).*/\1/p')
sbox_run --landlock=required -- true
check_rc "--landlock=required runs where the kernel has Landlock" 0
sbox_run --verbose --landlock=false -- true
check_not_contains "--landlock=false applies no ruleset" "$ERR" "landlock: ABI"
sbox_run -- sh -c 'grep -c . /proc/self/status >/dev/null; kill -0 1 && echo init-reachable'
check_run_ok "signals still reach processes inside the sandbox" "init-reachable"
if [ "${abi:-0}" -ge 6 ]; then
  sbox_run --verbose -- true
  check_contains "ABI 6+: abstract unix sockets and signals are scoped" "$ERR" "scoped to the sandbox"
fi

# --- learn mode ------------------------------------------------------------------------------

out=$SBOX_TMP/learned.profile
sbox_run --learn="$out" -- python3 -c 'import os; print(len(os.listdir("/")) > 0); open("/etc/shadow")'
check_contains "learn mode runs the program" "$OUT" "True"
check "learn mode writes the profile fragment" test -s "$out"
check "... and the syscall list" test -s "$out.syscalls"
check_contains "the fragment has a SeccompAllow= list" "$(cat "$out")" "SeccompAllow="
check_contains "the list includes what python3 used (openat)" "$(cat "$out.syscalls")" "openat"
check_contains "a path looked for outside the view is reported, not granted" "$(cat "$out")" \
  "#filesystems=/etc/shadow:ro"
sbox_run --seccomp="$out.syscalls" -- python3 -c 'import os; print(len(os.listdir("/")) > 0)'
check_run_ok "the learned list, used as Seccomp=FILE, lets the same run succeed" "True"
sbox_run --seccomp="$out.syscalls" -- python3 -c 'import socket; socket.socket(); print("socket")'
check_ne "... and refuses what the run never did (a socket)" 0 "$RC"
sbox_run --check-profile="$out"
check_rc "the fragment is a valid profile" 0

# The fragment works once uncommented: every path the run missed is granted,
# not only the last (a key file keeps one of two filesystems= lines).
mkdir -p "$HOME/learn-a" "$HOME/learn-b"
echo "a-$$" >"$HOME/learn-a/f"
echo "b-$$" >"$HOME/learn-b/f"
frag=$SBOX_TMP/two-paths.profile
sbox_run --learn="$frag" -- sh -c 'cat "$HOME/learn-a/f" "$HOME/learn-b/f"'
check_ne "control: the run cannot read the two files outside its view" 0 "$RC"
sed 's/^#filesystems=/filesystems=/' "$frag" >"$SBOX_TMP/two-paths-live.profile"
check_eq "the fragment offers the paths on one filesystems= line" 1 \
  "$(grep -c '^filesystems=' "$SBOX_TMP/two-paths-live.profile")"
sbox_run --check-profile="$SBOX_TMP/two-paths-live.profile"
check_rc "the uncommented fragment is a valid profile" 0
sbox_run --profile="$SBOX_TMP/two-paths-live.profile" -- sh -c 'cat "$HOME/learn-a/f" "$HOME/learn-b/f"'
check_run_ok "the uncommented fragment grants every path the run missed" "a-$$
b-$$"

# The door a failed run was missing: a name lookup needs shared=network.
if [ -n "$(command -v python3)" ]; then
  frag=$SBOX_TMP/dns.profile
  lookup='import socket
try:
    socket.getaddrinfo("deb.debian.org", 80)
except OSError:
    raise SystemExit(3)'
  sbox_run --learn="$frag" -- python3 -c "$lookup"
  check_eq "control: the name lookup fails in the private network" 3 "$RC"
  check_match "the fragment suggests the missing door" "$(cat "$frag")" '^#shared=network$'
  check_contains "... and stderr names it" "$ERR" "closed doors: shared=network (a DNS name lookup)"
  sbox_run --learn="$frag" --share=network -- python3 -c "$lookup"
  check_no_match "control: with the network shared nothing is suggested" "$(cat "$frag")" 'shared=network'
  sbox_run --learn="$frag" -- python3 -c 'import socket
for p in ("/tmp/.X11-unix/X917", "/run/user/%d/pulse/native" % __import__("os").getuid()):
    try:
        socket.socket(socket.AF_UNIX).connect(p)
    except OSError:
        pass'
  check_match "a socket door the run tried is suggested, on one sockets= line" "$(cat "$frag")" \
    '^#sockets=pulseaudio;x11$'
  sed 's/^#sockets=/sockets=/' "$frag" >"$SBOX_TMP/sockets-live.profile"
  sbox_run --check-profile="$SBOX_TMP/sockets-live.profile"
  check_rc "... which is valid once uncommented" 0
else
  skip "the fragment suggests the missing door" "no python3"
fi

done_testing
