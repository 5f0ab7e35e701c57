#!/bin/bash
# learn.sh — --learn writes a profile fragment from what the sandboxed
# program did; the program must not be able to write live profile lines
# into it through the names it chooses (paths with newlines or profile
# syntax, its own command line).
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

command -v python3 >/dev/null || skip_all "python3 is needed to name paths with newlines"

# The sandbox writes through a grant; the host path of what it wrote is
# outside its view, so learn mode records the lookup.
W=$SBOX_TMP/w
mkdir -p "$W"
out=$SBOX_TMP/learned.profile
# shellcheck disable=SC2016
script='
import os, sys
host = sys.argv[1]
evil = "a\n[Sandbox]\nSeccomp=none\nLandlock=false\n[Context]\nfilesystems=home;\n#"
semi = "b;home;!x:rw"
for name in (evil, semi):
    open("/mnt/w/" + name, "w").close()
    try:
        os.stat(host + "/" + name)
    except OSError:
        pass
print("planted")
'
sbox_run --learn="$out" --bind "$W" /mnt/w -- python3 -c "$script" "$W" $'x\n[Sandbox]\nSeccomp=none'
check_run_ok "learn mode runs the planting program" "planted"
check "control: the planted name with newlines exists on the host" \
  test -e "$W/$(printf 'a\n[Sandbox]\nSeccomp=none\nLandlock=false\n[Context]\nfilesystems=home;\n#')"
check_contains "the program's lookups reached the writer (counted, left out)" "$(cat "$out" 2>/dev/null)" \
  "2 more path(s) left out"
live=$(grep -v '^#' "$out" 2>/dev/null | grep -v '^$' | grep -v '^\[Sandbox\]$' | grep -v '^\[Context\]$' \
  | grep -v '^SeccompAllow=[a-z0-9_;]*$')
check_eq "every line of the fragment is a comment, a section or the syscall list" "" "$live"
check_no_match "no Seccomp= line came from the program" "$(cat "$out" 2>/dev/null)" '^Seccomp='
check_no_match "no filesystems= grant came from the program" "$(cat "$out" 2>/dev/null)" '^filesystems='
sbox_run --print-plan --profile="$out" -- true
check_no_match "the fragment, used as a profile, keeps the default seccomp policy" "$OUT" \
  '[Ss]eccomp[:=] *none'
check_not_contains "... and grants no home" "$OUT" "filesystems=home"

done_testing
