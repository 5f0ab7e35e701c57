#!/bin/bash
# profile-local.sh — a profile given by path takes no NAME.local: a
# project that keeps its profile in its own tree must not let its build
# widen the next run.
#
# The attack: ci/build.profile grants the project directory read-write; the
# build, sandboxed by it, writes ci/build.local with filesystems=home; the
# next `sbox --profile=ci/build.profile` merged that file and handed the
# whole home over. Now .local files are merged only into profiles found by
# name on the search path (the user's and the administrator's
# directories). CONTROL: the same file found by name (the directory on
# SBOX_PROFILE_PATH) still merges its .local, and the planted file does
# widen it.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

unset SBOX_PROFILE_PATH XDG_CONFIG_HOME
proj=$HOME/proj
mkdir -p "$proj/ci" || bail_out "cannot make the project"
echo "home-secret-$$" >"$HOME/secret"
cat >"$proj/ci/build.profile" <<EOF
[Context]
filesystems=$proj;
EOF

sbox_run --profile="$proj/ci/build.profile" -- sh -c \
  "printf '[Context]\nfilesystems=home;\n' >$proj/ci/build.local"
check_rc "a build sandboxed by ci/build.profile writes ci/build.local (the attack's first half)" 0
check "control: ci/build.local is there on the host" test -s "$proj/ci/build.local"

sbox_run --profile="$proj/ci/build.profile" -- cat "$HOME/secret"
check_not_contains "--profile=PATH does not merge the build.local planted beside it" \
  "$OUT" "home-secret-$$"
sbox_run --print-plan --profile="$proj/ci/build.profile" -- true
check_not_contains "... --print-plan names no build.local" "$OUT" "build.local"

SBOX_PROFILE_PATH=$proj/ci sbox_run --profile=build -- cat "$HOME/secret"
check_run_ok "control: the profile found by name on the search path merges its build.local" \
  "home-secret-$$"

mkdir -p "$HOME/.config/sbox/profiles"
printf '[Environment]\nFROM=user-local\n' >"$HOME/.config/sbox/profiles/build.local"
rm -f "$proj/ci/build.local"
sbox_run --profile="$proj/ci/build.profile" -- printenv FROM
check_eq "the user's own build.local is not merged into a profile given by path either" "" "$OUT"
SBOX_PROFILE_PATH=$proj/ci sbox_run --profile=build -- printenv FROM
check_run_ok "control: ... it is merged into the profile found by name" "user-local"

done_testing
