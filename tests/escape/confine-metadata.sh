#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox)
# confine-metadata.sh — the confinement mode's metadata guard
# (sandbox/confine-notify.c). Landlock checks no chmod, chown, utimes or
# xattr change, nor an O_PATH open: without the guard a command it
# confines could still make ~/.ssh/id_* world-readable, a program in the
# home world-executable, ~/.bashrc unreadable, backdate ~/.profile or tag
# files with xattrs. Every attempt runs as the unprivileged user in the
# confinement mode (tests/helpers/no-userns.c refuses user namespaces the
# way Docker's default profile does), by path, through an O_PATH
# descriptor and /proc/self/fd/N, through an inherited descriptor and
# through links planted in the writable tree (tests/helpers/meta-calls.c
# makes each call), and must fail with the file unchanged as seen from
# outside. CONTROL: the same attempts with --landlock=false, which turns
# the guard off with the Landlock rules it completes, succeed. The
# writable tree keeps chmod +x, touch and setfattr (a build needs them).
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
META=${SBOX_PROBE:+${SBOX_PROBE%/*}/meta-calls}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ] || [ ! -x "$META" ]; then
  skip_all "the no-userns and meta-calls helpers are not built (make check builds them)"
fi
{ command -v setfattr >/dev/null 2>&1 && command -v getfattr >/dev/null 2>&1; } \
  || skip_all "setfattr and getfattr are needed (Debian package attr)"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

probe=$SBOX_TMP/xattr-probe
touch "$probe"
setfattr -n user.probe -v 1 "$probe" 2>/dev/null \
  || skip_all "the file system of $SBOX_TMP keeps no user xattrs"

# run_nu ARGS...: sbox ARGS... where user namespaces are refused; standard
# input from $STDIN (an inherited descriptor to attack) or /dev/null.
run_nu ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$NOUSERNS" "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" <"${STDIN:-/dev/null}"
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# fresh FILE MODE: a file of the user's with known times and xattrs.
fresh ()
{
  printf 'secret-%s\n' "$$" >"$1"
  chmod "$2" "$1"
  for k in 1 2 3 4 5; do
    setfattr -n "user.keep$k" -v "$k" "$1"
  done
  touch -h -d '2020-02-02 02:02:02' "$1"
}

# snapshot FILE: its mode, group, times and user xattrs, from outside.
snapshot ()
{
  stat -c '%a %g %Y %z' "$1"
  getfattr -d -m '^user\.' --absolute-names "$1" 2>/dev/null | sort
}

PROJ=$SBOX_TMP/proj
BIN=$SBOX_TMP/bin
mkdir -p "$PROJ" "$BIN" "$HOME/.ssh"
cp "$META" "$BIN/meta-calls"
M=$BIN/meta-calls
cd "$PROJ" || bail_out "cannot enter $PROJ"
B=(--quiet --fallback=confine --profile=build --ro-bind "$BIN" "$BIN")
# The build profile's policy is an allowlist: calls newer than this
# libseccomp get ENOSYS from it. The default policy lets removexattrat
# through, and fchmodat2 when allowed; only the guard stands in their way.
D=(--quiet --fallback=confine --noprofile --bind "$PROJ" "$PROJ" --ro-bind "$BIN" "$BIN"
   --seccomp-allow fchmodat2)

# Each attempt of meta-calls, and what it gets outside the grants with the
# guard on: EPERM from the guard, but for the newer raw calls (the build
# policy answers ENOSYS, libc falls back) and fchmod on an O_PATH
# descriptor (EBADF, as the kernel answers).
EPERM_OPS=(chmod chmod-orx chmod-0 fchmodat fchmodat-dirfd chmod-opath fchmod-fd0 chown lchown
           fchownat-opath chown-opath fchown-fd0 utime utimes futimesat utimensat utimensat-now
           utimensat-opath futimens-fd0 setxattr lsetxattr setxattr-opath fsetxattr-fd0 removexattr
           lremovexattr removexattr-opath fremovexattr-fd0)
NEWER_OPS=(fchmodat2 removexattrat)

# --- a file outside the grants, every call -------------------------------------------

KEY=$HOME/.ssh/id_meta
fresh "$KEY" 0600
before=$(snapshot "$KEY")
STDIN=$KEY run_nu "${B[@]}" -- "$M" "$KEY"
guarded=$OUT
check_rc "the attempts run in the confinement mode" 0
for op in "${EPERM_OPS[@]}"; do
  check_contains "$op on ~/.ssh/id_meta (outside the grants) is refused with EPERM" \
    "$guarded" "$op FAIL EPERM"
done
for op in "${NEWER_OPS[@]}" setxattrat; do
  check_contains "$op on it fails (the build policy's ENOSYS)" "$guarded" "$op FAIL"
done
check_contains "fchmod on an O_PATH descriptor fails with EBADF, as the kernel says" \
  "$guarded" "fchmod-opath FAIL EBADF"
check_eq "... and ~/.ssh/id_meta's mode, group, times and xattrs are unchanged" \
  "$before" "$(snapshot "$KEY")"

STDIN=$KEY run_nu "${B[@]}" --landlock=false -- "$M" "$KEY"
unguarded=$OUT
for op in "${EPERM_OPS[@]}"; do
  check_contains "control: with --landlock=false (no guard) $op succeeds" "$unguarded" "$op OK"
done
check_ne "control: ... and the file is changed" "$before" "$(snapshot "$KEY")"

# The newer raw calls where the policy lets them through: the guard
# answers them (setxattrat stays ENOSYS in every policy of sbox's).
fresh "$KEY" 0600
before=$(snapshot "$KEY")
run_nu "${D[@]}" -- "$M" "$KEY" "${NEWER_OPS[@]}"
check_eq "fchmodat2 and removexattrat, let through by the policy, are refused by the guard" \
  $'fchmodat2 FAIL EPERM\nremovexattrat FAIL EPERM' "$OUT"
check_eq "... the file unchanged" "$before" "$(snapshot "$KEY")"
run_nu "${D[@]}" --landlock=false -- "$M" "$KEY" "${NEWER_OPS[@]}"
check_eq "control: with --landlock=false they succeed" $'fchmodat2 OK\nremovexattrat OK' "$OUT"
check_ne "control: ... and change the file" "$before" "$(snapshot "$KEY")"

# --- the attacks as shell commands ----------------------------------------------------

fresh "$KEY" 0600
TOOL=$HOME/tool
printf '#!/bin/sh\necho tool\n' >"$TOOL"
RC_FILE=$HOME/.bashrc
PROFILE=$HOME/.profile
TAGGED=$HOME/notes
for f in "$TOOL" "$RC_FILE" "$PROFILE" "$TAGGED"; do
  fresh "$f" 0600
done
chmod 0700 "$TOOL"
group=$(id -g)
state ()
{
  for f in "$KEY" "$TOOL" "$RC_FILE" "$PROFILE" "$TAGGED"; do
    snapshot "$f"
  done
}
before=$(state)
shell_attacks="
chmod 0644 '$KEY'; echo chmod-key=\$?
chmod o+rx '$TOOL'; echo chmod-tool=\$?
chmod 0 '$RC_FILE'; echo chmod-rc=\$?
touch -d 2000-01-01 '$PROFILE'; echo touch=\$?
setfattr -n user.x -v 1 '$TAGGED'; echo setfattr=\$?
chgrp $group '$TAGGED'; echo chgrp=\$?
"
run_nu "${B[@]}" -- sh -c "$shell_attacks"
for what in chmod-key chmod-tool chmod-rc touch setfattr chgrp; do
  check_not_contains "shell: $what outside the grants fails" "$OUT" "$what=0"
done
check_contains "... chmod says EPERM" "$ERR" "Operation not permitted"
check_eq "... and none of ~/.ssh/id_meta, ~/tool, ~/.bashrc, ~/.profile, ~/notes changed" \
  "$before" "$(state)"
run_nu "${B[@]}" --landlock=false -- sh -c "$shell_attacks"
for what in chmod-key chmod-tool chmod-rc touch setfattr chgrp; do
  check_contains "control: with --landlock=false, shell $what succeeds" "$OUT" "$what=0"
done
check_ne "control: ... and the files changed" "$before" "$(state)"
check_eq "control: ... ~/.ssh/id_meta world-readable" 644 "$(stat -c %a "$KEY")"

# --- links planted in the writable tree -----------------------------------------------

fresh "$KEY" 0600
before=$(snapshot "$KEY")
FOLLOWING=(chmod fchmodat chmod-opath chown utime utimes futimesat utimensat utimensat-opath
           setxattr setxattr-opath removexattr removexattr-opath)
rm -f "$PROJ/link-out" "$PROJ/dir-out"
run_nu "${B[@]}" -- sh -c "ln -s '$KEY' '$PROJ/link-out' && ln -s '$HOME/.ssh' '$PROJ/dir-out' \
  && '$M' '$PROJ/link-out' ${FOLLOWING[*]} && '$M' '$PROJ/dir-out/id_meta' chmod chown utimensat setxattr"
check "the sandbox plants links in its writable tree" test -L "$PROJ/link-out"
check_not_contains "no call through a planted link to ~/.ssh/id_meta or its directory succeeds" \
  "$OUT" " OK"
check_eq "... every one refused with EPERM ($((${#FOLLOWING[@]} + 4)) calls)" \
  $((${#FOLLOWING[@]} + 4)) "$(grep -c ' FAIL EPERM$' <<<"$OUT")"
check_eq "... and the file is unchanged" "$before" "$(snapshot "$KEY")"
run_nu "${B[@]}" -- "$M" "$PROJ/link-out" lchown
check_eq "lchown on the planted link itself works (the link lies in the writable tree)" \
  "lchown OK" "$OUT"
check_eq "... and leaves the file it points to alone" "$before" "$(snapshot "$KEY")"
run_nu "${B[@]}" --landlock=false -- "$M" "$PROJ/link-out" "${FOLLOWING[@]}"
check_not_contains "control: with --landlock=false every call through the link succeeds" "$OUT" "FAIL"
check_ne "control: ... and changes the file" "$before" "$(snapshot "$KEY")"

# --- the writable tree keeps working ----------------------------------------------------

INSIDE=$PROJ/inside
fresh "$INSIDE" 0600
STDIN=$INSIDE run_nu "${B[@]}" -- "$M" "$INSIDE"
for op in "${EPERM_OPS[@]}"; do
  check_contains "$op on a file in the writable tree works" "$OUT" "$op OK"
done
check_eq "... the last of them left their marks: times, user.sbox set, user.keep1-4 removed" \
  "946684800 user.keep5=\"5\""$'\n'"user.sbox=\"1\"" \
  "$(stat -c %Y "$INSIDE") $(getfattr -d -m '^user\.' "$INSIDE" 2>/dev/null | grep '^user')"
run_nu "${D[@]}" -- "$M" "$INSIDE" "${NEWER_OPS[@]}"
check_eq "fchmodat2 and removexattrat work in the writable tree" \
  $'fchmodat2 OK\nremovexattrat OK' "$OUT"
check_eq "... user.keep5 removed" "" "$(getfattr -n user.keep5 "$INSIDE" 2>/dev/null)"
fresh "$INSIDE" 0600
run_nu "${B[@]}" -- "$M" inside chmod
check_eq "a path relative to the command's working directory is found (chmod 0640)" \
  "chmod OK 640" "$OUT $(stat -c %a "$INSIDE")"

printf '#!/bin/sh\necho script-ran\n' >"$PROJ/script.sh"
chmod 0644 "$PROJ/script.sh"
touch "$PROJ/stamp"
run_nu "${B[@]}" -- sh -c "chmod +x script.sh && ./script.sh && touch -d 2001-01-01 stamp \
  && setfattr -n user.built -v yes stamp && echo done"
check_eq "chmod +x, touch -d and setfattr in the writable tree work" $'script-ran\ndone' "$OUT"
check_eq "... the script is executable from outside too" 755 "$(stat -c %a "$PROJ/script.sh")"
check_eq "... the stamp's time is set" "$(date -d 2001-01-01 +%s)" "$(stat -c %Y "$PROJ/stamp")"
check_eq "... and its xattr" "yes" "$(getfattr --only-values -n user.built "$PROJ/stamp" 2>/dev/null)"
check_eq "the private TMPDIR is writable for metadata too" "OK" \
  "$(run_nu "${B[@]}" -- sh -c 'touch "$TMPDIR/t" && chmod 600 "$TMPDIR/t" && echo OK'; echo "$OUT")"

# --- the launcher as root of a user namespace of its own ------------------------------

# user.max_user_namespaces=0 set inside one of the test's own namespaces
# (as confine-mode.sh does): sbox runs there as uid 0 with the namespace's
# capabilities, which the guard puts out of effect while it answers.
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
  fresh "$KEY" 0600
  before=$(snapshot "$KEY")
  limit0 "$SBOX" "${B[@]}" -- "$M" "$KEY" chmod chown utimensat setxattr
  check_eq "as root of its own user namespace, the guard still refuses outside the grants" \
    $'chmod FAIL EPERM\nchown FAIL EPERM\nutimensat FAIL EPERM\nsetxattr FAIL EPERM' "$OUT"
  check_eq "... the file unchanged" "$before" "$(snapshot "$KEY")"
  limit0 "$SBOX" "${B[@]}" -- "$M" "$INSIDE" chmod chown utimensat setxattr
  check_eq "... and makes the calls in the writable tree" \
    $'chmod OK\nchown OK\nutimensat OK\nsetxattr OK' "$OUT"
  limit0 "$SBOX" "${B[@]}" --landlock=false -- "$M" "$KEY" chmod chown utimensat setxattr
  check_eq "control: ... with --landlock=false the calls outside succeed" \
    $'chmod OK\nchown OK\nutimensat OK\nsetxattr OK' "$OUT"
else
  skip "the launcher as root of a user namespace of its own" "unshare -Ur fails here"
fi

# --- where no listener can be had --------------------------------------------------------

# Inside an sbox in learn mode a seccomp supervisor already listens: the
# kernel gives one per process, so the inner confinement mode refuses to
# start rather than run without its guard.
NEST=$SBOX_TMP/nest
mkdir -p "$NEST" && cp "$SBOX" "$NEST/sbox"
nest=(--noprofile --env=ASAN_OPTIONS=detect_leaks=0 --ro-bind "$NEST" "$NEST"
      --ro-bind "$SBOX_PROFILE_PATH" "$SBOX_PROFILE_PATH" --env=SBOX_PROFILE_PATH="$SBOX_PROFILE_PATH"
      --bind "$PROJ" "$PROJ" --chdir "$PROJ")
sbox_run --learn "$SBOX_TMP/learned" "${nest[@]}" -- "$NEST/sbox" --fallback=confine --noprofile -- true
check_rc "where the metadata guard's listener cannot be had, the confinement mode refuses (125)" 125
check_eq "... in one line naming the guard" 1 "$(grep -c "metadata guard" <<<"$ERR")"
sbox_run --learn "$SBOX_TMP/learned" "${nest[@]}" -- \
  "$NEST/sbox" --quiet --fallback=confine --noprofile --landlock=false -- true
check_rc "control: the same start without the guard (--landlock=false) runs" 0

done_testing
