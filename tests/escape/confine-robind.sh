#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell in the sandbox
# confine-robind.sh — in the confinement mode (no mounts), a read-only grant
# inside a writable one (--filesystem=DIR:rw --filesystem=DIR/sub:ro, or
# --ro-bind DIR/sub DIR/sub) cannot be made read-only by Landlock, which only
# adds rights beneath a rule: sbox records it and puts it back after the run
# (sandbox/confine-mode.c, view_grants). Each attack is asserted from
# outside after the run; the control makes the same writes with the
# read-only grant left out and sees them stay.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"

W=$SBOX_TMP/work
run_nu ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$NOUSERNS" "$SBOX" --noprofile --fallback=confine "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  ERR=$(cat "$SBOX_TMP/.stderr")
}
fresh ()
{
  rm -rf "$W" && mkdir -p "$W/ro" && echo original >"$W/ro/f" && chmod 644 "$W/ro/f"
}
ATTACK='echo planted >>"$1/ro/f"; chmod 666 "$1/ro/f"; echo x >"$1/ro/added"; echo kept >"$1/out"'
state () { echo "$(cat "$W/ro/f")|$(stat -c %a "$W/ro/f")|$([ -e "$W/ro/added" ] && echo added)"; }

for how in "--filesystem=$W/ro:ro" "--ro-bind $W/ro $W/ro"; do
  fresh
  # shellcheck disable=SC2086 # $how is two or three words on purpose
  run_nu --filesystem="$W:rw" $how -- sh -c "$ATTACK" sh "$W"
  check_rc "setup: the command runs ($how)" 0
  check_eq "a read-only grant inside a writable one keeps its content and mode ($how)" \
    "original|644|" "$(state)"
  check_contains "... and says what it put back" "$ERR" "put back as it was"
  check_eq "... while the writable tree's own writes stay" kept "$(cat "$W/out" 2>/dev/null)"
done

fresh
run_nu --filesystem="$W:rw" -- sh -c "$ATTACK" sh "$W"
check_eq "control: without the read-only grant the same writes stay" \
  "original
planted|666|added" "$(state)"

done_testing
