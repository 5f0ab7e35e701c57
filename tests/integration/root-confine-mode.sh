#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# root-confine-mode.sh — a root caller where no user namespace can be had:
# the CI container that runs its jobs as root under Docker's default
# seccomp profile (tests/helpers/no-userns.c makes that profile's refusal).
# The confinement mode is refused to root: Landlock does not stop chmod on
# files the caller owns, and root owns the system's. Runs as root.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root"
# shellcheck source-path=SCRIPTDIR source=confine-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/confine-lib.sh"
{ command -v cc >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } \
  || skip_all "cc and make are needed for the build"

PROJ=$SBOX_TMP/proj
mkdir -p "$PROJ"
echo 'int main (void) { return 0; }' >"$PROJ/main.c"
printf 'hello: main.c\n\t$(CC) -o $@ main.c\n\t./hello && echo ran-as-$$(id -u)\n' >"$PROJ/Makefile"
cd "$PROJ" || bail_out "cannot enter $PROJ"
mkdir -p "$HOME/.ssh" && echo "root-secret-$$" >"$HOME/.ssh/id_test"

run_nu --fallback=confine --profile=build --keep-root -- make
check_rc "a root caller is refused the confinement mode (125): Landlock does not keep root from chmod-ing the system's files" 125
check_contains "... in one line saying why" "$ERR" "not offered to root callers"
check_eq "... and nothing ran" "" "$(ls hello 2>/dev/null)"
run_nu --fallback=confine --profile=build -- make
check_rc "... nor as nobody (its private directories would be another uid's)" 125
timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" --quiet --profile=build -- make >"$SBOX_TMP/.stdout" 2>&1 </dev/null
check_eq "control: where a user namespace can be had, root's build runs in the full sandbox" 0 "$?"
rm -f hello

done_testing
