#!/bin/bash
# bwrap-overlay.sh — sbox-bwrap's overlay options (--overlay-src with
# --overlay, --tmp-overlay, --ro-overlay): inside, every layer's files show
# with the upper one winning; writes land in the upper dir (--overlay),
# vanish with the sandbox (--tmp-overlay) or are refused (--ro-overlay); the
# host's lower dirs are never changed. Each command line also runs under
# bubblewrap 0.11 (the first with these options, which ./bootstrap builds
# into tests/cache) for the same exit status and output, and the usage
# errors are bwrap's. Without that bwrap the comparisons skip and sbox-bwrap's
# own checks still run.
# The sandboxed shell expands what stands in single quotes here.
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# An unprivileged overlayfs mount is the machine's to allow (Linux 5.11).
mkdir -p "$SBOX_TMP/probe/l" "$SBOX_TMP/probe/u" "$SBOX_TMP/probe/w" "$SBOX_TMP/probe/m"
if ! unshare -rm mount -t overlay overlay \
  -o "lowerdir=$SBOX_TMP/probe/l,upperdir=$SBOX_TMP/probe/u,workdir=$SBOX_TMP/probe/w,userxattr" \
  "$SBOX_TMP/probe/m" 2>/dev/null; then
  skip_all "this kernel refuses overlayfs in a user namespace"
fi

# Staged beside the test when run-test.sh drops root, else in the tree.
here=$(dirname "${BASH_SOURCE[0]}")
BWRAP=${SBOX_TEST_BWRAP11:-$here/cache/bwrap-0.11/bwrap}
[ -x "$BWRAP" ] || BWRAP=$here/../cache/bwrap-0.11/bwrap
have_bwrap=0
no_bwrap_why="bubblewrap 0.11 is not built ($BWRAP; ./bootstrap builds it)"
if [ -x "$BWRAP" ]; then
  if "$BWRAP" --ro-bind / / true 2>/dev/null; then
    have_bwrap=1
  else
    no_bwrap_why="$BWRAP cannot make a user namespace here"
  fi
fi
[ "$have_bwrap" = 1 ] || diag "comparisons skipped: $no_bwrap_why"

mkdir -p "$SBOX_TMP/bin"
ln -s "$SBOX" "$SBOX_TMP/bin/sbox-bwrap"
SBWRAP=$SBOX_TMP/bin/sbox-bwrap

BASE=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/sbin /sbin)
[ -e /lib64 ] && BASE+=(--symlink usr/lib64 /lib64)
BASE+=(--proc /proc --dev /dev --tmpfs /tmp)

# The layers: L1 at the bottom, L2 over it, UP (for --overlay) on top.
L1=$SBOX_TMP/l1 L2=$SBOX_TMP/l2 UP=$SBOX_TMP/up WK=$SBOX_TMP/wk
mkdir -p "$L1/d" "$L2"
echo 1-a >"$L1/a"
echo 1-b >"$L1/b"
echo 1-x >"$L1/d/x"
echo 2-b >"$L2/b"
echo 2-c >"$L2/c"

# lowers: the host's lower dirs as they stand (names, modes, contents).
lowers ()
{
  (cd "$SBOX_TMP" && find l1 l2 -printf '%p %m %s\n' | sort && cat l1/a l1/b l1/d/x l2/b l2/c)
}
LOWERS=$(lowers)

# fresh_upper: UP holds one file over L2's, WK is empty (each run its own).
# shellcheck disable=SC2317 # run calls it by the name in $BEFORE
fresh_upper ()
{
  # overlayfs leaves WK/work mode 0
  [ -d "$WK/work" ] && chmod 700 "$WK/work"
  rm -rf "$UP" "$WK"
  mkdir -p "$UP" "$WK"
  echo up-c >"$UP/c"
}

# run PROGRAM ARGS...: sets RC, OUT, ERR. $BEFORE runs first; what $AFTER
# prints (the host's side after the run) is appended to OUT.
run ()
{
  local out err
  out=$(mktemp "$SBOX_TMP/out.XXXXXX") err=$(mktemp "$SBOX_TMP/err.XXXXXX")
  [ -n "${BEFORE:-}" ] && "$BEFORE"
  timeout 20 "$@" >"$out" 2>"$err" </dev/null
  RC=$?
  OUT=$(cat "$out")
  ERR=$(cat "$err")
  rm -f "$out" "$err"
  if [ -n "${AFTER:-}" ]; then
    OUT+=$'\n-- host --\n'$("$AFTER")
  fi
}

# same DESC ARGS...: sbox-bwrap ARGS and bwrap ARGS exit alike and print the
# same stdout (and leave the same host side). sbox-bwrap's own run is left
# in RC, OUT, ERR (and S_RC, S_OUT, S_ERR) for the checks that follow,
# bwrap's stderr in B_ERR.
same ()
{
  local desc=$1
  shift
  run "$SBWRAP" "$@"
  S_RC=$RC S_OUT=$OUT S_ERR=$ERR
  if [ "$have_bwrap" = 0 ]; then
    skip "$desc: as bubblewrap 0.11" "$no_bwrap_why"
    return
  fi
  run "$BWRAP" "$@"
  if [ "$S_RC" = "$RC" ] && [ "$S_OUT" == "$OUT" ]; then
    ok "$desc: as bubblewrap 0.11 (status $RC, same output)"
  else
    not_ok "$desc: as bubblewrap 0.11" "bwrap: status $RC, stdout: $OUT, stderr: $ERR" \
      "sbox-bwrap: status $S_RC, stdout: $S_OUT, stderr: $S_ERR"
  fi
  B_ERR=$ERR
  RC=$S_RC OUT=$S_OUT ERR=$S_ERR
}

# same_error DESC MESSAGE ARGS...: both refuse the command line with status
# 1 and bwrap's one line MESSAGE.
same_error ()
{
  local desc=$1 message=$2
  shift 2
  same "$desc" "$@"
  check_eq "$desc: sbox-bwrap's status and line" "1 sbox-bwrap: $message" "$S_RC $S_ERR"
  if [ "$have_bwrap" = 1 ]; then
    check_eq "$desc: bwrap's line" "bwrap: $message" "$B_ERR"
  fi
}

# --- --overlay: writes land in the upper dir ---------------------------------
# shellcheck disable=SC2317 # run calls it by the name in $AFTER
upper_after ()
{
  (cd "$UP" && find . -printf '%p %y\n' | sort && cat new b)
}
BEFORE=fresh_upper AFTER=upper_after same "--overlay" "${BASE[@]}" \
  --overlay-src "$L1" --overlay-src "$L2" --overlay "$UP" "$WK" /o \
  sh -c 'cat /o/a /o/b /o/c /o/d/x; echo new >/o/new; echo changed >/o/b; rm /o/a
         ls /o | tr "\n" " "; echo; cat /o/b'
check_eq "--overlay: every layer shows, the upper one winning" \
  "0 $(printf '1-a\n2-b\nup-c\n1-x\nb c d new \nchanged')" "$S_RC ${S_OUT%%$'\n-- host --'*}"
check_eq "--overlay: the writes land in the upper dir" \
  "$(printf '. d\n./a c\n./b f\n./c f\n./new f\nnew\nchanged')" "${S_OUT#*$'-- host --\n'}"
check_eq "--overlay: the host's lower dirs are unchanged" "$LOWERS" "$(lowers)"
# Control: the layers' order decides which b shows.
BEFORE=fresh_upper run "$SBWRAP" "${BASE[@]}" --overlay-src "$L2" --overlay-src "$L1" \
  --overlay "$UP" "$WK" /o cat /o/b
check_run_ok "control: with the lower layers swapped the other b shows" "1-b"

# --- --tmp-overlay: writes vanish with the sandbox ---------------------------
tmp_probe='cat /o/a /o/b /o/c; test -e /o/new && echo left-over; echo new >/o/new && cat /o/new
           rm /o/b && test ! -e /o/b && echo removed; ls -A / | grep -c overlay; true'
same "--tmp-overlay" "${BASE[@]}" --overlay-src "$L1" --overlay-src "$L2" --tmp-overlay /o \
  sh -c "$tmp_probe"
check_run_ok "--tmp-overlay: the layers show and take writes, its dirs hidden" \
  "$(printf '1-a\n2-b\n2-c\nnew\nremoved\n0')"
run "$SBWRAP" "${BASE[@]}" --overlay-src "$L1" --overlay-src "$L2" --tmp-overlay /o \
  sh -c "$tmp_probe"
check_run_ok "--tmp-overlay: the last run's writes are gone" \
  "$(printf '1-a\n2-b\n2-c\nnew\nremoved\n0')"
check_eq "--tmp-overlay: the host's lower dirs are unchanged" "$LOWERS" "$(lowers)"
same "two --tmp-overlay mounts, each with its own upper dir" "${BASE[@]}" \
  --overlay-src "$L1" --tmp-overlay /o1 --overlay-src "$L2" --tmp-overlay /o2 \
  sh -c 'echo one >/o1/n; echo two >/o2/n; cat /o1/n /o2/n; ls /o1 /o2'

# --- --ro-overlay: writes are refused ----------------------------------------
ro_probe='cat /o/a /o/b /o/c; { echo x >/o/new; } 2>&1 | sed "s/.*: //"
          rm /o/a 2>/dev/null || echo rm-refused'
same "--ro-overlay" "${BASE[@]}" --overlay-src "$L1" --overlay-src "$L2" --ro-overlay /o \
  sh -c "$ro_probe"
check_run_ok "--ro-overlay: the layers show, writes fail with EROFS" \
  "$(printf '1-a\n2-b\n2-c\nRead-only file system\nrm-refused')"
check_eq "--ro-overlay: the host's lower dirs are unchanged" "$LOWERS" "$(lowers)"
# Control: the same writes into a --tmp-overlay of the same layers succeed.
run "$SBWRAP" "${BASE[@]}" --overlay-src "$L1" --overlay-src "$L2" --tmp-overlay /o \
  sh -c "$ro_probe"
check_run_ok "control: with --tmp-overlay the same writes succeed" "$(printf '1-a\n2-b\n2-c')"

# --- layer paths overlayfs's options would have to escape --------------------
odd=$SBOX_TMP/'odd,dir:with\back'
mkdir -p "$odd"
echo odd >"$odd/o"
same "a layer whose path holds ',' ':' and '\\'" "${BASE[@]}" --overlay-src "$L1" \
  --overlay-src "$odd" --ro-overlay /o sh -c 'cat /o/a /o/o'
check_run_ok "a layer whose path holds ',' ':' and '\\': its files show" "$(printf '1-a\nodd')"
cd "$SBOX_TMP" || bail_out "cannot enter $SBOX_TMP"
same "relative layer paths are the caller's" "${BASE[@]}" --overlay-src l1 --overlay-src l2 \
  --ro-overlay /o cat /o/b
cd / || bail_out "cannot leave $SBOX_TMP"

# --- failures: a missing layer, layers the kernel refuses --------------------
same "a missing --overlay-src fails (1)" "${BASE[@]}" \
  --overlay-src "$SBOX_TMP/nonexistent" --tmp-overlay /o true
check_eq "a missing --overlay-src: one line naming it" \
  "1 sbox-bwrap: cannot open the overlay's lower dir $SBOX_TMP/nonexistent: No such file or directory" \
  "$S_RC $S_ERR"
same "a lower dir inside another fails (1)" "${BASE[@]}" \
  --overlay-src "$L1" --overlay-src "$L1/d" --ro-overlay /o true
check_eq "a lower dir inside another: the kernel's refusal in one line" \
  "1 sbox-bwrap: cannot mount overlay of $L1:$L1/d on /o: its directories overlap" "$S_RC $S_ERR"
BEFORE=fresh_upper same "one dir as upper and work fails (1)" "${BASE[@]}" \
  --overlay-src "$L1" --overlay "$UP" "$UP" /o true
check_eq "one dir as upper and work: the kernel's refusal in one line" \
  "1 sbox-bwrap: cannot mount overlay of $L1 with upper $UP and work $UP on /o: Invalid argument" \
  "$S_RC $S_ERR"

# --- usage errors: bwrap's words and status 1 -------------------------------
followed="--overlay-src must be followed by another --overlay-src or one of --overlay, --tmp-overlay, or --ro-overlay"
same_error "--overlay-src then --bind" "$followed" --overlay-src "$L1" --bind /usr /usr true
same_error "--overlay-src then the command" "$followed" --overlay-src "$L1" true
same_error "--overlay-src then --" "$followed" --overlay-src "$L1" -- true
same_error "--overlay-src without its operand" "$followed" --overlay-src
same_error "--ro-overlay with one source" "--ro-overlay requires at least two --overlay-src" \
  --overlay-src "$L1" --ro-overlay /o true
same_error "--tmp-overlay without a source" "--tmp-overlay requires at least one --overlay-src" \
  --tmp-overlay /o true
same_error "--overlay without a source" "--overlay requires at least one --overlay-src" \
  --overlay "$UP" "$WK" /o true
same_error "--overlay with two operands" "--overlay takes three arguments" \
  --overlay-src "$L1" --overlay "$UP" "$WK"
same_error "--tmp-overlay without its operand" "--tmp-overlay takes an argument" \
  --overlay-src "$L1" --tmp-overlay
same_error "--ro-overlay without its operand" "--ro-overlay takes an argument" \
  --overlay-src "$L1" --overlay-src "$L2" --ro-overlay
same_error "--perms before --overlay-src" \
  "--perms must be followed by an option that creates a file" \
  --perms 0755 --overlay-src "$L1" --tmp-overlay /o true

# --- SBOX_BWRAP_HARDEN: Landlock lets the writable overlay be written --------
run env SBOX_BWRAP_HARDEN=1 "$SBWRAP" "${BASE[@]}" --overlay-src "$L1" --tmp-overlay /o \
  --overlay-src "$L1" --overlay-src "$L2" --ro-overlay /r \
  sh -c 'echo x >/o/new && cat /o/new; touch /r/new 2>/dev/null || echo ro-refused'
check_run_ok "SBOX_BWRAP_HARDEN=1: --tmp-overlay writable, --ro-overlay not" \
  "$(printf 'x\nro-refused')"

[ -d "$WK/work" ] && chmod 700 "$WK/work"
done_testing
