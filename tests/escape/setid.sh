#!/bin/bash
# setid.sh — the set-id guard, as a plain user: no sandbox, whatever its
# seccomp policy (default, strict, none), may make a set-uid or set-gid
# file or write file capabilities, by any call that sets a mode
# (chmod, fchmod, fchmodat, fchmodat2, open/openat/creat with O_CREAT or
# O_TMPFILE, mknod) or security.capability (setxattr, setxattrat), nor a
# character or block device node (mknod, mknodat).
#
# Each attempt is made by tests/escape/escape-probe in a tree bound
# read-write, asserted to fail inside, and checked on the host: no set-id
# bit. Each control names the one call in --seccomp-allow, which lifts
# that call's check only, and shows the same attempt leaves a set-id file.
# root-setid.sh makes the same attempts as root, where the tree is root's
# on disk.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

[ -n "${SBOX_ESCAPE_PROBE:-}" ] || SBOX_ESCAPE_PROBE=$_here/escape-probe
need_escape_probe
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (root-setid.sh covers root)"

P=/run/escape-probe
TREE=$SBOX_TMP/tree
mkdir -p "$TREE"
UNSHARE=/usr/bin/unshare

# box [SBOX_OPTION...] -- PROBE_ARGS...: the probe with the tree bound.
box ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --noprofile --ro-bind "$SBOX_ESCAPE_PROBE" "$P" --bind "$TREE" "$TREE" \
    "${opts[@]}" -- "$P" "$@"
}

# setid_bits FILE: the set-id bits of FILE on the host ("none" if neither).
setid_bits ()
{
  local mode
  mode=$(stat -c %a "$1" 2>/dev/null) || { echo missing; return; }
  case $(( 8#$mode & 8#6000 )) in
    0) echo none ;;
    *) echo "$(( 8#$mode & 8#6000 ))" ;;
  esac
}

# --- modes: an existing file --------------------------------------------------------
for call in chmod fchmod fchmodat fchmodat2; do
  for mode in 4755 2755; do
    f=$TREE/$call-$mode
    : >"$f"
    box -- "$call" "$f" "$mode"
    check_run_ok "$call to $mode refused (EPERM)" EPERM
    check_eq "... and $f has no set-id bit on the host" none "$(setid_bits "$f")"
  done
  box -- "$call" "$f" 0750
  check_run_ok "$call to 0750 still works" OK
  box --seccomp-allow="$call" -- "$call" "$f" 4755
  check_run_ok "control: --seccomp-allow=$call lets $call set u+s" OK
  check_eq "control: ... leaving a set-uid file on the host" 2048 "$(setid_bits "$f")"
done

# --- modes: a new file -------------------------------------------------------------
for call in open-create openat-create creat mknod-file; do
  case $call in
    open-create) name=open ;;
    openat-create) name=openat ;;
    mknod-file) name=mknodat ;; # libc's mknod
    *) name=$call ;;
  esac
  for mode in 4755 2755; do
    f=$TREE/$call-$mode
    box -- "$call" "$f" "$mode"
    check_run_ok "$name creating a $mode file refused (EPERM)" EPERM
    check_eq "... and no such file on the host" missing "$(setid_bits "$f")"
  done
  box -- "$call" "$TREE/$call-plain" 0755
  check_run_ok "$name creating a 0755 file still works" OK
  box --seccomp-allow="$name" -- "$call" "$TREE/$call-control" 4755
  check_run_ok "control: --seccomp-allow=$name lets it create a 4755 file" OK
  check_eq "control: ... set-uid on the host" 2048 "$(setid_bits "$TREE/$call-control")"
done

box -- tmpfile "$TREE" tmpfile-4755 4755
check_run_ok "O_TMPFILE with mode 4755 refused (EPERM)" EPERM
check_eq "... and nothing linked on the host" missing "$(setid_bits "$TREE/tmpfile-4755")"
box -- tmpfile "$TREE" tmpfile-plain 0755
check_run_ok "O_TMPFILE with mode 0755 still works" OK
box --seccomp-allow=openat -- tmpfile "$TREE" tmpfile-control 4755
check_run_ok "control: --seccomp-allow=openat lets O_TMPFILE 4755 through" OK
check_eq "control: ... set-uid on the host once linked" 2048 "$(setid_bits "$TREE/tmpfile-control")"

box -- openat2-create "$TREE/openat2" 0755
check_run_ok "openat2 answers ENOSYS (its mode is out of the filter's sight; libc falls back)" ENOSYS
box --seccomp-allow=openat2 -- openat2-create "$TREE/openat2-control" 4755
check_run_ok "control: --seccomp-allow=openat2 lets openat2 create a 4755 file" OK
check_eq "control: ... set-uid on the host" 2048 "$(setid_bits "$TREE/openat2-control")"

# mkdir keeps its mode: the kernel itself drops set-id bits from it.
box -- mkdir-mode "$TREE/dir-6755" 6755
check_run_ok "mkdir with 06755 is not refused" OK
check_eq "... and the kernel stored no set-id bit" none "$(setid_bits "$TREE/dir-6755")"

# --- device nodes --------------------------------------------------------------------
# A 0:0 character device (an overlay whiteout) is the one device node the
# kernel lets a user namespace make; the guard refuses every character and
# block device from mknod and mknodat. FIFOs stay.
node_type ()
{
  stat -c %F "$1" 2>/dev/null || echo missing
}
for policy in default none; do
  sbox_run --noprofile --bind "$TREE" "$TREE" --seccomp="$policy" -- mknod "$TREE/wh-$policy" c 0 0
  check_ne "--seccomp=$policy: mknod of a 0:0 character device (whiteout) fails" 0 "$RC"
  check_contains "... with EPERM" "$ERR" "Operation not permitted"
  check_eq "... and no device node on the host" missing "$(node_type "$TREE/wh-$policy")"
done
sbox_run --noprofile --bind "$TREE" "$TREE" -- mknod "$TREE/blk" b 0 0
check_eq "mknod of a block device leaves nothing either" missing "$(node_type "$TREE/blk")"
sbox_run --noprofile --bind "$TREE" "$TREE" -- mkfifo "$TREE/fifo"
check_rc "mkfifo (mknodat S_IFIFO) still works" 0
check_eq "... a FIFO on the host" "fifo" "$(node_type "$TREE/fifo")"
sbox_run --noprofile --bind "$TREE" "$TREE" --seccomp-allow=mknodat -- mknod "$TREE/wh-control" c 0 0
check_rc "control: with --seccomp-allow=mknodat, mknod c 0 0 works" 0
check_eq "control: ... leaving a character device on the host" "character special file" \
  "$(node_type "$TREE/wh-control")"

# --- other policies ------------------------------------------------------------------
for policy in strict none; do
  f=$TREE/policy-$policy
  : >"$f"
  box --seccomp="$policy" -- fchmodat "$f" 4755
  check_run_ok "--seccomp=$policy keeps the guard: fchmodat u+s refused" EPERM
  box --seccomp="$policy" -- openat-create "$f-new" 2755
  check_run_ok "--seccomp=$policy keeps the guard: openat 2755 refused" EPERM
done
box --seccomp=none --seccomp-allow=fchmodat -- fchmodat "$TREE/policy-none" 4755
check_run_ok "control: --seccomp=none with --seccomp-allow=fchmodat sets u+s" OK
box --seccomp=none -- io-uring-setup
check_run_ok "--seccomp=none still refuses io_uring (it opens with modes unseen)" EPERM
box --seccomp=none --seccomp-allow=io_uring_setup -- io-uring-setup
check_run_ok "control: --seccomp-allow=io_uring_setup lets io_uring in" OK

# --- file capabilities ----------------------------------------------------------------
# A plain sandbox has no CAP_SETFCAP, and the kernel refuses by itself; a
# nested user namespace (what --seccomp-allow=unshare or the browser
# profiles permit) has it over the tree, and there only the guard refuses.
nested ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --noprofile --ro-bind "$SBOX_ESCAPE_PROBE" "$P" --bind "$TREE" "$TREE" \
    --seccomp-allow=unshare "${opts[@]}" -- "$UNSHARE" -Ur "$P" "$@"
}
f=$TREE/capfile
: >"$f"
nested -- setxattr-cap "$f"
check_run_ok "security.capability v2 from a nested user namespace refused (EPERM)" EPERM
nested -- setxattr-cap "$f" 0
check_run_ok "security.capability v3 from a nested user namespace refused (EPERM)" EPERM
if command -v getcap >/dev/null; then
  check_eq "... and the file carries no security.capability on the host" "" "$(getcap "$f")"
else
  skip "getcap is not installed (libcap2-bin)"
fi
nested --seccomp-allow=setxattr -- setxattr-cap "$f"
check_run_ok "control: --seccomp-allow=setxattr lets the nested root write it" OK
if command -v getcap >/dev/null; then
  check "control: ... the file carries capabilities on the host" sh -c "getcap '$f' | grep -q cap_setuid"
else
  skip "getcap is not installed (libcap2-bin)"
fi
box -- setxattr-size "$TREE/capfile" 21
check_run_ok "a 21-byte user xattr still works" OK
box -- setxattr-size "$TREE/capfile" 24
check_run_ok "a 24-byte xattr (a v3 capability's size) is refused" EPERM
box -- syscall 463 0 0 0 0 0 0
check_run_ok "setxattrat answers ENOSYS (its size lies in memory)" ENOSYS

done_testing
