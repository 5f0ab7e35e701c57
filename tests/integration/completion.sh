#!/bin/bash
# completion.sh — the bash completion, loaded in a bash subprocess, offers
# the expected candidates.
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

comp=${SBOX_COMPLETIONS_DIR:-$SBOX_TESTS_SRCDIR/../../completions}/sbox
[ -f "$comp" ] || bail_out "no bash completion at $comp"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

# complete WORD...: the candidates for the last word of "sbox WORD...".
complete_line ()
{
  bash -c '
    . "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _sbox
    printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$comp" "$SBOX" "$@"
}

check_contains "options complete from --help (--prof → --profile)" "$(complete_line --prof)" "--profile"
check_not_contains "... and only matching ones" "$(complete_line --prof)" "--bind"
check_contains "--seccomp-e completes --seccomp-export" "$(complete_line --seccomp-e)" "--seccomp-export"
check_eq "socket values after --socket =" "wayland" "$(complete_line --socket = way)"
check_eq "device values after --device" "dri" "$(complete_line --device dr)"
check_contains "profile names after --profile =" "$(complete_line --profile = firef)" "firefox-esr"
check_contains "... from the profile search path" "$(complete_line --profile = fire)" "firefox"
check_eq "seccomp policies" "strict" "$(complete_line --seccomp = st)"
check_contains "commands after --" "$(complete_line --noprofile -- bas)" "bash"
check_eq "nothing unrelated for an unknown value list" "" "$(complete_line --share = zz)"

done_testing
