#!/bin/bash
# confine-leftovers.sh — in the confinement mode (no PID namespace) sbox is
# the subreaper of what the command leaves running and kills it all before
# it puts back the Protect= parts (sandbox/confine-mode.c, end_leftovers).
# The attack: a chain of a thousand and more processes, each the child of
# the one before; killing one hands its child to sbox, so killing only
# sbox's own children one round at a time runs out of rounds before the
# chain runs out of links, and what is left writes into the checkout after
# sbox has exited (past the put-back). Asserted from outside: nothing is
# written late and no link is left. The control runs the same chain under a
# shell that exits without killing it: it outlives its parent and writes.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
command -v cc >/dev/null 2>&1 || skip_all "cc is needed for the chain"
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"

W=$SBOX_TMP/checkout
mkdir -p "$W"
cat >"$SBOX_TMP/chain.c" <<'CEOF'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
/* chain DEPTH FILE: DEPTH processes, each the child of the one before;
 * once the caller's parent is gone, the first still alive creates FILE. */
int
main (int argc, char **argv)
{
  int depth = argc > 2 ? atoi (argv[1]) : 0;
  char proc[64], ready[4096];
  snprintf (proc, sizeof proc, "/proc/%d", (int) getppid ());
  snprintf (ready, sizeof ready, "%s.ready", argv[2]);
  if (fork () != 0)
    {
      struct stat st;
      while (stat (ready, &st) != 0)
        usleep (10000);
      return 0;
    }
  setsid ();
  for (int d = 0; d < depth; d++)
    if (fork () != 0)
      break;
    else if (d + 1 == depth)
      close (open (ready, O_WRONLY | O_CREAT, 0644));
  struct stat st;
  while (stat (proc, &st) == 0)
    usleep (200000);
  usleep (300000);
  close (open (argv[2], O_WRONLY | O_CREAT, 0644));
  return 0;
}
CEOF
cc -O2 -o "$W/chain" "$SBOX_TMP/chain.c" || bail_out "cannot build the chain"
cd "$W" || bail_out "no $W"

timeout -k 5 300 "$NOUSERNS" "$SBOX" --noprofile --fallback=confine \
  --filesystem="$W:rw" -- "$W/chain" 1100 "$W/late" >/dev/null 2>"$SBOX_TMP/.stderr" </dev/null
RC=$?
check_rc "setup: the chain's command runs" 0
check_eq "... and its chain was built" yes "$([ -e "$W/late.ready" ] && echo yes || echo no)"
sleep 2
check_eq "a chain of 1100 processes left behind is killed whole: nothing written after the run" \
  no "$([ -e "$W/late" ] && echo yes || echo no)"
check_eq "... and no link of it is left" "" "$(pgrep -u "$MY_UID" -x chain)"

rm -f "$W/late" "$W/late.ready"
sh -c '"$1/chain" 1100 "$1/late" & wait' sh "$W"
for _ in $(seq 100); do [ -e "$W/late" ] && break; sleep 0.2; done
check_eq "control: the same chain outlives a parent that does not kill it, and writes" \
  yes "$([ -e "$W/late" ] && echo yes || echo no)"

done_testing
