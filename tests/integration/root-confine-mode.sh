#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# root-confine-mode.sh — a root caller where no user namespace can be had:
# the CI container that runs its jobs as root under Docker's default
# seccomp profile (tests/helpers/no-userns.c makes that profile's refusal).
# The confinement mode runs the command as nobody (65534) as the full
# sandbox does, or as root without capabilities with --keep-root; either
# way Landlock, not file ownership, keeps it out of root's files. Runs as
# root.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root"
NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
{ command -v cc >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } \
  || skip_all "cc and make are needed for the build"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

run_nu ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$NOUSERNS" "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

PROJ=$SBOX_TMP/proj
mkdir -p "$PROJ"
echo 'int main (void) { return 0; }' >"$PROJ/main.c"
printf 'hello: main.c\n\t$(CC) -o $@ main.c\n\t./hello && echo ran-as-$$(id -u)\n' >"$PROJ/Makefile"
cd "$PROJ" || bail_out "cannot enter $PROJ"
mkdir -p "$HOME/.ssh" && echo "root-secret-$$" >"$HOME/.ssh/id_test"

run_nu --quiet --fallback=confine --profile=build --keep-root -- make
check_rc "as root with --keep-root, --fallback=confine --profile=build builds a root-owned checkout" 0
check_contains "... as uid 0" "$OUT" "ran-as-0"
run_nu --quiet --fallback=confine --profile=build --keep-root -- grep Cap /proc/self/status
check_contains "... with no capability at all (bounding set empty)" "$OUT" "CapBnd:	0000000000000000"
run_nu --quiet --fallback=confine --profile=build --keep-root -- cat "$HOME/.ssh/id_test"
check_not_contains "root's ~/.ssh/id_test cannot be read by uid 0 (Landlock)" "$OUT" "root-secret"
run_nu --quiet --fallback=confine --profile=build --keep-root --landlock=false -- cat "$HOME/.ssh/id_test"
check_contains "control: with --landlock=false uid 0 reads it" "$OUT" "root-secret-$$"
run_nu --quiet --fallback=confine --profile=build --keep-root -- sh -c 'echo x >/etc/sbox-confine-planted && echo WROTE'
check_not_contains "uid 0 cannot write /etc (Landlock)" "$OUT" WROTE
rm -f /etc/sbox-confine-planted hello

# nobody must reach the checkout: the scratch directory is root's 0700.
chmod 0711 "$SBOX_TMP"
chown -R 65534:65534 "$PROJ"
run_nu --quiet --fallback=confine --profile=build -- make
check_rc "as root without --keep-root the build runs as nobody, in a checkout it owns" 0
check_contains "... as uid 65534" "$OUT" "ran-as-65534"
run_nu --quiet --fallback=confine --profile=build -- sh -c 'echo x >"$TMPDIR/t" && cat "$TMPDIR/t"'
check_eq "... with a private TMPDIR it can write" x "$OUT"

done_testing
