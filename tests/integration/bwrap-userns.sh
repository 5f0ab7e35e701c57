#!/bin/bash
# bwrap-userns.sh — sbox-bwrap joining namespaces the caller hands over
# (--userns, --pidns, --userns2, --userns-block-fd), against Debian's real
# bubblewrap the way bwrap-compat.sh compares them: the same command line
# under both, the same exit status and the same output of a probe inside.
# Each effect is also asserted on its own (the namespaces seen inside are
# the holder's), with a control run without the option. Where bwrap is
# absent only sbox-bwrap's own checks run.
# The sandboxed shell expands what stands in single quotes here.
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

# A sanitizer build's leak checker stops the world from a helper it clones:
# once the launcher has joined the holder's pid namespace, that helper cannot
# see its parent and the exit never ends. No effect on other builds.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

BWRAP=${SBOX_TEST_BWRAP:-/usr/bin/bwrap}
have_bwrap=0
if [ -x "$BWRAP" ] && "$BWRAP" --ro-bind / / true 2>/dev/null; then
  have_bwrap=1
fi

mkdir -p "$SBOX_TMP/bin"
ln -s "$SBOX" "$SBOX_TMP/bin/sbox-bwrap"
SBWRAP=$SBOX_TMP/bin/sbox-bwrap

BASE=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/sbin /sbin)
[ -e /lib64 ] && BASE+=(--symlink usr/lib64 /lib64)
BASE+=(--proc /proc --dev /dev --tmpfs /tmp)

# run PROGRAM ARGS...: sets RC, OUT, ERR. FD5, FD6: files (here namespace
# links) opened afresh on descriptors 5 and 6 for each run.
run ()
{
  local out err
  out=$(mktemp "$SBOX_TMP/out.XXXXXX") err=$(mktemp "$SBOX_TMP/err.XXXXXX")
  [ -n "${FD5:-}" ] && exec 5<"$FD5"
  [ -n "${FD6:-}" ] && exec 6<"$FD6"
  timeout 20 "$@" >"$out" 2>"$err" </dev/null
  RC=$?
  [ -n "${FD5:-}" ] && exec 5<&-
  [ -n "${FD6:-}" ] && exec 6<&-
  OUT=$(cat "$out")
  ERR=$(cat "$err")
  rm -f "$out" "$err"
}

# same DESC ARGS...: as bwrap-compat.sh's; sbox-bwrap's stdout and status
# are left in S_OUT and S_RC for checks of their own.
same ()
{
  local desc=$1
  shift
  run "$SBWRAP" "$@"
  S_RC=$RC S_OUT=$OUT
  local s_err=$ERR
  SAME_S_ERR=${s_err#sbox-bwrap: }
  if [ "$have_bwrap" = 0 ]; then
    check_eq "$desc: sbox-bwrap exit status" "${SBOX_EXPECT_RC:-0}" "$S_RC"
    return
  fi
  run "$BWRAP" "$@"
  local b_rc=$RC b_out=$OUT b_err=$ERR
  if [ "$S_RC" = "$b_rc" ] && [ "$S_OUT" == "$b_out" ]; then
    ok "$desc (status $b_rc, same output)"
  else
    not_ok "$desc" "bwrap: status $b_rc, stdout: $b_out, stderr: $b_err" \
      "sbox-bwrap: status $S_RC, stdout: $S_OUT, stderr: $s_err"
  fi
  SAME_B_ERR=${b_err#bwrap: }
}

# same_error DESC ARGS...: both refuse with status 1 and the same line.
same_error ()
{
  local desc=$1
  shift
  SBOX_EXPECT_RC=1 same "$desc" "$@"
  check_eq "$desc: status 1" 1 "$S_RC"
  if [ "$have_bwrap" = 1 ]; then
    check_eq "$desc: the same message" "$SAME_B_ERR" "$SAME_S_ERR"
  fi
}

# --- the holder: a user namespace (the caller is uid 0 there) and a pid
# namespace whose init is a shell, with a nested user namespace beneath.
command -v unshare >/dev/null || skip_all "no unshare(1)"
unshare -Ur --pid --fork --kill-child sh -c 'unshare -Ur sleep 1000 & sleep 1000 & wait' &
holder=$!
disown "$holder"
kill_at_exit "$holder"
init=
for _ in $(seq 50); do
  init=$(pgrep -P "$holder" | head -n 1)
  [ -n "$init" ] && [ "$(pgrep -c -P "$init")" = 2 ] && break
  sleep 0.1
done
[ -n "$init" ] || bail_out "the holder did not start"
sleep 0.2
U1=$(readlink "/proc/$init/ns/user")
P1=$(readlink "/proc/$init/ns/pid")
nested=
for p in $(pgrep -P "$init"); do
  [ "$(readlink "/proc/$p/ns/user")" != "$U1" ] && nested=$p
done
[ -n "$nested" ] || bail_out "the holder's nested user namespace did not start"
U2=$(readlink "/proc/$nested/ns/user")
export FD5 FD6

# --- --userns and --pidns ---------------------------------------------------
FD5=/proc/$init/ns/user FD6=/proc/$init/ns/pid same "--userns --pidns: the holder's namespaces" \
  "${BASE[@]}" --userns 5 --pidns 6 \
  sh -c 'readlink /proc/self/ns/user /proc/self/ns/pid; cat /proc/1/comm
         test $$ != 1 && echo not-init; ps -e -o comm= | grep -c "^sleep$"'
check_eq "--userns --pidns: inside are the holder's user and pid namespaces, its init and sleeps" \
  "$(printf '0 %s\n%s\nsh\nnot-init\n2' "$U1" "$P1")" "$S_RC $S_OUT"
# Controls: without them the sandbox has a user namespace of its own (a
# new one each run: not compared with bwrap's) and shares the caller's pid
# namespace.
run "$SBWRAP" "${BASE[@]}" readlink /proc/self/ns/user
check_ne "control: without --userns the user namespace is not the holder's" "0 $U1" "$RC $OUT"
check_match "control: without --userns a user namespace all the same" "$RC $OUT" '^0 user:'
same "control: without --pidns the caller's pid namespace" "${BASE[@]}" readlink /proc/self/ns/pid
check_eq "control: without --pidns the pid namespace is the caller's" \
  "0 $(readlink /proc/self/ns/pid)" "$S_RC $S_OUT"

FD5=/proc/$init/ns/user same "--userns: the ids the holder's maps give, no capabilities" \
  "${BASE[@]}" --userns 5 \
  sh -c 'id -u; id -g; cat /proc/self/uid_map; grep -E "^Cap(Prm|Eff|Bnd|Amb):" /proc/self/status'
check_contains "--userns: uid 0 as the holder maps the caller" "$S_RC $S_OUT" "0 0
0"
FD5=/proc/$init/ns/user same "--userns with --unshare-net and --unshare-ipc: made in it" \
  "${BASE[@]}" --userns 5 --unshare-net --unshare-ipc --unshare-uts --hostname joined \
  sh -c 'readlink /proc/self/ns/user; uname -n; ip -o link | cut -d: -f2'
FD5=/proc/$init/ns/user SBOX_EXPECT_RC=1 same "--userns with --uid the holder has not mapped (1)" \
  "${BASE[@]}" --userns 5 --uid 5 id -u

FD5=/proc/$init/ns/user FD6=/proc/$init/ns/pid same \
  "--userns --unshare-pid --pidns: a pid namespace of its own beneath the holder's" \
  "${BASE[@]}" --userns 5 --unshare-pid --pidns 6 \
  sh -c 'echo $$; ps -e -o comm= | grep -c "^sleep$"
         test "$(readlink /proc/self/ns/pid)" != "'"$P1"'" && echo own'
check_eq "--unshare-pid under --pidns: pid 2 under an init, none of the holder's in sight" \
  "$(printf '0 2\n0\nown')" "$S_RC $S_OUT"
run "$SBWRAP" "${BASE[@]}" --userns 5 --unshare-pid --pidns 6 --info-fd 7 true \
  5<"/proc/$init/ns/user" 6<"/proc/$init/ns/pid" 7>"$SBOX_TMP/info"
check_match "--info-fd names the pid namespace made beneath" "$(cat "$SBOX_TMP/info")" \
  '"pid-namespace": [0-9]+'

FD6=/proc/$init/ns/pid SBOX_EXPECT_RC=1 same "--pidns without --userns: not permitted (1)" \
  "${BASE[@]}" --pidns 6 true
check_eq "--pidns without --userns: bwrap's message" \
  "1 Setting pidns failed: Operation not permitted" "$S_RC $SAME_S_ERR"
FD5=/dev/null SBOX_EXPECT_RC=1 same "--userns on a file that is no namespace (1)" \
  "${BASE[@]}" --userns 5 true
check_eq "--userns on no namespace: bwrap's message" \
  "1 Joining the specified user namespace failed, it might not be a descendant of the current user namespace." \
  "$S_RC $SAME_S_ERR"

# --- --userns2 ------------------------------------------------------------------
FD5=/proc/$init/ns/user FD6=/proc/$nested/ns/user same \
  "--userns2: the command is in the nested user namespace" "${BASE[@]}" --userns 5 --userns2 6 \
  sh -c 'readlink /proc/self/ns/user; id -u; cat /proc/self/uid_map'
check_contains "--userns2: in the holder's nested user namespace" "$S_RC $S_OUT" "0 $U2"
FD5=/proc/$init/ns/user same "control: without --userns2, the first one" "${BASE[@]}" --userns 5 \
  readlink /proc/self/ns/user
check_eq "control: without --userns2 the user namespace is --userns's" "0 $U1" "$S_RC $S_OUT"
FD6=/proc/$nested/ns/user SBOX_EXPECT_RC=1 same "--userns2 without --userns: not permitted (1)" \
  "${BASE[@]}" --userns2 6 true

# --- refused combinations: bwrap's words and status 1 ----------------------
same_error "--userns with --unshare-user" --userns 5 --unshare-user true
same_error "--userns with --unshare-user-try" --userns 5 --unshare-user-try true
same_error "--userns with --unshare-all" --userns 5 --unshare-all true
same_error "--userns-block-fd without --unshare-user" --info-fd 7 --userns-block-fd 8 true
same_error "--userns-block-fd without --info-fd" --unshare-user --userns-block-fd 8 true
same_error "--userns-block-fd with --disable-userns" --unshare-user --disable-userns --info-fd 7 \
  --userns-block-fd 8 true
same_error "--userns's operand" --userns x true

# --- --userns-block-fd: the caller writes the maps --------------------------
# block PROGRAM MAPS: start the sandbox with --info-fd and --userns-block-fd,
# read the child's pid, see that the command has not run, write the maps
# (MAPS=yes: uid and gid 0 mapped to the caller's) and release it. Sets
# RC and OUT ("held" or "ran early", then the command's output).
block ()
{
  local program=$1 maps=$2 dir pid json started
  dir=$(mktemp -d "$SBOX_TMP/block.XXXXXX")
  mkfifo "$dir/info" "$dir/block"
  timeout 20 "$program" --unshare-user --info-fd 7 --userns-block-fd 8 "${BASE[@]}" \
    --bind "$dir" /w sh -c 'touch /w/ran; id -u; id -g; cat /proc/self/uid_map' \
    7>"$dir/info" 8<>"$dir/block" >"$dir/out" 2>"$dir/err" </dev/null &
  started=$!
  json=$(timeout 10 cat "$dir/info")
  pid=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' <<<"$json")
  sleep 0.3
  if [ -e "$dir/ran" ]; then OUT="ran early"; else OUT="held"; fi
  if [ "$maps" = yes ] && [ -n "$pid" ]; then
    echo deny >"/proc/$pid/setgroups"
    echo "0 $(id -u) 1" >"/proc/$pid/uid_map"
    echo "0 $(id -g) 1" >"/proc/$pid/gid_map"
  fi
  # Opened for writing and reading: never blocks, even with no reader left.
  echo go 1<>"$dir/block"
  wait "$started"
  RC=$?
  OUT=$(
    printf '%s\n' "$OUT"
    cat "$dir/out"
  )
  ERR=$(cat "$dir/err")
}

block "$SBWRAP" yes
s_block="$RC $OUT"
check_eq "--userns-block-fd: held until released, then runs with the caller's maps" \
  "$(printf '0 held\n0\n0\n%10s %10s %10s' 0 "$(id -u)" 1)" "$s_block"
block "$SBWRAP" no
s_nomaps="$RC $OUT"
# Control: released without maps there are none (the launcher wrote none,
# the maps above were the caller's): setup cannot even make its root.
check_eq "control: released without the caller's maps, the sandbox cannot start (1)" \
  "1 held" "$s_nomaps"
if [ "$have_bwrap" = 1 ]; then
  block "$BWRAP" yes
  check_eq "--userns-block-fd with the caller's maps: as bwrap" "$RC $OUT" "$s_block"
  block "$BWRAP" no
  check_eq "--userns-block-fd without maps: as bwrap" "$RC $OUT" "$s_nomaps"
fi

run "$SBWRAP" --help
check_contains "--help lists the options" "$OUT" "--userns FD --userns2 FD --pidns FD"

done_testing
