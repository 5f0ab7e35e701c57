#!/bin/bash
# completion.sh — the bash completion, loaded in a bash subprocess, offers
# the expected candidates.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
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
check_eq "--lis completes to --list and --list-profiles, not the literal --list[=json]" \
  "--list --list-profiles" "$(complete_line --lis | tr '\n' ' ' | sed 's/ $//')"
check_eq "... --print-plan likewise" "--print-plan" "$(complete_line --print-p)"
check_eq "formats after --list =" "json" "$(complete_line --list = js)"

# Names of running sandboxes after --enter and --kill.
export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$SBOX" --noprofile --name="comp-$$" -- sleep 30 </dev/null >/dev/null 2>&1 &
kill_at_exit "$!"
wait_for 5 bash -c "\"$SBOX\" --list | grep -q comp-$$"
check_eq "bash: running sandbox names after --enter =" "comp-$$" "$(complete_line --enter = comp)"
check_eq "bash: ... and after --kill" "comp-$$" "$(complete_line --kill comp)"

# fish: the same questions through fish's own completion engine.
fish_comp="$(dirname "$comp")/sbox.fish"
if command -v fish >/dev/null 2>&1 && [ -f "$fish_comp" ]; then
  complete_fish ()
  {
    fish --no-config -c "set -g fish_complete_path $(dirname "$fish_comp") \$fish_complete_path
      function sbox; command \"$SBOX\" \$argv; end
      complete -C '$1'" 2>/dev/null | cut -f1 | sort
  }
  check_contains "fish: options (--prof → --profile)" "$(complete_fish 'sbox --prof')" "--profile"
  check_not_contains "fish: ... and only matching ones" "$(complete_fish 'sbox --prof')" "--bind"
  check_eq "fish: socket values" "--socket=wayland" "$(complete_fish 'sbox --socket=way')"
  check_contains "fish: profile names" "$(complete_fish 'sbox --profile=firef')" "--profile=firefox-esr"
  check_eq "fish: seccomp policies" "--seccomp=strict" "$(complete_fish 'sbox --seccomp=st')"
  check_eq "fish: running sandbox names after --enter" "--enter=comp-$$" "$(complete_fish "sbox --enter=comp")"
  check_contains "fish: commands after --" "$(complete_fish 'sbox --noprofile -- bas')" "bash"
else
  skip "fish completion" "fish is not installed"
fi

# zsh: the function at least parses (its behaviour needs an interactive zsh).
if command -v zsh >/dev/null 2>&1; then
  check "zsh: _sbox parses" zsh -n "$(dirname "$comp")/_sbox"
  # The lists _sbox builds, taken from it and run in zsh as it runs them.
  zsh_lists=$(zsh -f -c '
    _call_program () { shift; "$@"; }
    words=("$2")
    f () {
      local -a options profiles running
      eval "$(grep -E "^  (options|profiles|running)=" "$1")"
      print -l -- $options $profiles
    }
    f "$1"' _ "$(dirname "$comp")/_sbox" "$SBOX" 2>&1)
  check_contains "zsh: options include --list" "$zsh_lists" "--list"
  check_not_contains "zsh: ... not the literal --list[=json], and awk runs" "$zsh_lists" "["
  check_contains "zsh: profile names" "$zsh_lists" "firefox"
else
  skip "zsh: _sbox parses" "zsh is not installed"
fi

done_testing
