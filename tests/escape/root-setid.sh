#!/bin/bash
# root-setid.sh — a root caller's untrusted build must not leave a set-uid
# or set-gid root program, or one with file capabilities, in its tree.
#
# As root, `sbox --profile=build` runs the build as an unprivileged uid
# outside, but its tree is bound through an idmapped mount: what it makes
# is root's on disk. Without the set-id guard, `cp /bin/sh x; chmod u+s x`
# would leave a set-uid root shell for anyone on the host. Each way of
# setting a mode is tried (chmod u+s and g+s, open with O_CREAT 04755,
# fchmodat2, mknod, install -m 4755, cp -p and tar -p of a set-uid file)
# and so are writing security.capability and making a device node (the
# 0:0 character device of an overlay whiteout); afterwards the host looks at the
# tree: no set-id bit, no capability. The control makes the same build
# with the call named in --seccomp-allow and finds a set-uid root file.
# Runs as root.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

[ "$MY_UID" = 0 ] || skip_all "this test runs only as root"
[ -n "${SBOX_ESCAPE_PROBE:-}" ] || SBOX_ESCAPE_PROBE=$_here/escape-probe
need_escape_probe
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

P=/run/escape-probe
# A set-uid member for tar -p, made here by root.
mkdir -p "$SBOX_TMP/tarsrc"
cp /bin/true "$SBOX_TMP/tarsrc/suid"
chmod 4755 "$SBOX_TMP/tarsrc/suid"
tar -C "$SBOX_TMP/tarsrc" -cf "$SBOX_TMP/setid.tar" suid
# A set-uid program for cp -p that the build's root owns: the host's
# nobody, which a root caller's sandbox runs as (root-owned files show up
# as another uid inside, and cp -p drops set-id bits it cannot own).
cp /bin/true "$SBOX_TMP/suid-source"
chown 65534:65534 "$SBOX_TMP/suid-source"
chmod 4755 "$SBOX_TMP/suid-source"

# A checkout in a directory only root may enter, as CI runners make.
new_tree ()
{
  local tree
  tree=$(mktemp -d /root/sbox-setid.XXXXXX 2>/dev/null || mktemp -d)
  chmod 700 "$tree"
  remove_at_exit "$tree"
  echo "$tree"
}

# build TREE [SBOX_OPTION...] -- SCRIPT: SCRIPT by sh in the build profile,
# run from TREE, with the probe as $P and the tar as /run/setid.tar.
build ()
{
  local tree=$1 opts=()
  shift
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  pushd "$tree" >/dev/null || return
  sbox_run --profile=build --ro-bind "$SBOX_ESCAPE_PROBE" "$P" \
    --ro-bind "$SBOX_TMP/setid.tar" /run/setid.tar \
    --ro-bind "$SBOX_TMP/suid-source" /run/suid-source "${opts[@]}" -- /bin/sh -c "$1"
  popd >/dev/null || return
}

# setid_files TREE: the files in TREE with a set-id bit, as "NAME MODE OWNER".
setid_files ()
{
  find "$1" -perm /6000 -printf '%P %m %u\n' | sort
}

# --- the attacks ------------------------------------------------------------------
T=$(new_tree)
build "$T" -- 'cp /bin/sh chmod-u; chmod u+s chmod-u'
check_ne "chmod u+s fails in a root caller's build" 0 "$RC"
build "$T" -- 'cp /bin/sh chmod-g; chmod g+s chmod-g'
check_ne "chmod g+s fails" 0 "$RC"
build "$T" -- "$P openat-create open-4755 4755"
check_run_ok "open(O_CREAT, 04755) refused (EPERM)" EPERM
build "$T" -- "cp /bin/sh fchmodat2; $P fchmodat2 fchmodat2 4755"
check_run_ok "fchmodat2 to 4755 refused (EPERM)" EPERM
build "$T" -- "$P mknod-file mknod-4755 4755"
check_run_ok "mknod of a 04755 regular file refused (EPERM)" EPERM
build "$T" -- 'install -m 4755 /bin/sh install-4755'
check_ne "install -m 4755 fails" 0 "$RC"
build "$T" -- 'cp -p /run/suid-source cp-p'
check_ne "cp -p of a set-uid program the build's root owns fails to keep its mode" 0 "$RC"
build "$T" -- 'mkdir tar && tar -C tar -xpf /run/setid.tar'
check_ne "tar -xpf of a set-uid member fails to keep its mode" 0 "$RC"
build "$T" -- "cp /bin/true cap-v2 && $P setxattr-cap cap-v2"
check_run_ok "security.capability (v2) refused (EPERM)" EPERM
build "$T" -- "cp /bin/true cap-v3 && $P setxattr-cap cap-v3 0"
check_run_ok "security.capability (v3, root id 0) refused (EPERM)" EPERM
if command -v setcap >/dev/null; then
  build "$T" --ro-bind "$(command -v setcap)" /run/setcap -- \
    'cp /bin/true setcap && /run/setcap cap_setuid+ep setcap'
  check_ne "setcap cap_setuid+ep fails" 0 "$RC"
else
  skip "setcap is not installed (libcap2-bin)"
fi
check_eq "the build's tree has no set-uid or set-gid file on the host" "" "$(setid_files "$T")"
if command -v getcap >/dev/null; then
  check_eq "... and no file with capabilities" "" "$(getcap -r "$T" 2>/dev/null)"
else
  skip "getcap is not installed (libcap2-bin)"
fi
check_eq "... though the build did make its files (owned by root on disk)" "0:0" \
  "$(stat -c %u:%g "$T/chmod-u" 2>/dev/null)"

build "$T" -- 'mknod whiteout c 0 0'
check_ne "mknod of a 0:0 character device (an overlay whiteout) fails" 0 "$RC"
build "$T" --seccomp=none -- 'mknod whiteout-none c 0 0'
check_ne "--seccomp=none: mknod c 0 0 still fails" 0 "$RC"
check_eq "... no device node in the tree on the host" "" "$(find "$T" \( -type c -o -type b \) -printf '%P\n')"
build "$T" -- 'mkfifo fifo'
check_rc "mkfifo still works" 0

# The guard holds for --seccomp=none too.
build "$T" --seccomp=none -- 'cp /bin/sh none-u; chmod u+s none-u'
check_ne "--seccomp=none: chmod u+s still fails" 0 "$RC"
check_eq "--seccomp=none: ... no set-id file" "" "$(setid_files "$T")"

# The kernel's own answer on capabilities: the build has no CAP_SETFCAP,
# and a nested user namespace gets no id map in a root caller's sandbox,
# so even with the guard lifted the write is refused.
build "$T" --seccomp-allow=setxattr -- "$P setxattr-cap cap-v3 0"
check_run_ok "the kernel refuses security.capability by itself here too (no CAP_SETFCAP)" EPERM

# --- controls: the same calls with their check lifted -------------------------------
C=$(new_tree)
build "$C" --seccomp-allow=fchmodat -- 'cp /bin/sh chmod-u; chmod u+s chmod-u'
check_rc "control: with --seccomp-allow=fchmodat, chmod u+s works" 0
build "$C" --seccomp-allow=openat -- "$P openat-create open-4755 4755"
check_run_ok "control: with --seccomp-allow=openat, open(O_CREAT, 04755) works" OK
build "$C" --seccomp-allow=fchmodat2 -- "cp /bin/sh fchmodat2; $P fchmodat2 fchmodat2 4755"
check_run_ok "control: with --seccomp-allow=fchmodat2, fchmodat2 works" OK
build "$C" --seccomp-allow=mknodat -- "$P mknod-file mknod-4755 4755"
check_run_ok "control: with --seccomp-allow=mknodat, mknod 04755 works" OK
build "$C" --seccomp-allow=fchmod --seccomp-allow=fchmodat --seccomp-allow=chmod -- \
  'install -m 4755 /bin/sh install-4755 && mkdir tar && tar -C tar -xpf /run/setid.tar && cp -p /run/suid-source cp-p'
check_rc "control: with the chmod calls allowed, install -m 4755, tar -xpf and cp -p work" 0
build "$C" --seccomp=none --seccomp-allow=fchmodat -- 'cp /bin/sh none-u; chmod u+s none-u'
check_rc "control: --seccomp=none with --seccomp-allow=fchmodat: chmod u+s works" 0
build "$C" --seccomp-allow=mknodat -- 'mknod whiteout c 0 0'
check_rc "control: with --seccomp-allow=mknodat, mknod c 0 0 works" 0
check_eq "control: ... leaving a root-owned character device 0:0 on the host" \
  "character special file 0:0 root" "$(stat -c '%F %t:%T %U' "$C/whiteout" 2>&1)"
expected="chmod-u 4755 root
cp-p 4755 root
fchmodat2 4755 root
install-4755 4755 root
mknod-4755 4755 root
none-u 4755 root
open-4755 4755 root
tar/suid 4755 root"
check_eq "control: ... each left a set-uid root file on the host" "$expected" "$(setid_files "$C")"

done_testing
