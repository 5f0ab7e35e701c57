#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# messages.sh — what sbox says when it refuses or stops something: one line
# per problem, each starting with "sbox: " and naming what (and FILE:LINE
# for files); exit 125 for sbox's own failures, usage errors included;
# limits too small for any command to start are refused with the least
# that works, instead of a command that dies of SIGSEGV.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$here/libtest.sh"

export SBOX_PROFILE_PATH=$SBOX_TMP/profiles
mkdir -p "$SBOX_PROFILE_PATH"
man_dir=${SBOX_MAN_DIR:-${SBOX_TESTS_SRCDIR:-$here}/../../man}

# every_line_prefixed TEXT: each non-empty line starts with "sbox: ".
# shellcheck disable=SC2317 # called through check
every_line_prefixed ()
{
  ! printf '%s\n' "$1" | grep -v '^$' | grep -qv '^sbox: '
}

# lines TEXT: the number of non-empty lines.
lines () { printf '%s\n' "$1" | grep -c . ; }

# --- option values ---------------------------------------------------------------------

sbox_run --noprofile --keep-env= -- true
check_rc "--keep-env= (empty) is a usage error (125)" 125
check_eq "... one line naming the option" "sbox: --keep-env: empty value (expected GLOB)" "$ERR"
check_not_contains "... never '(null)'" "$ERR" "(null)"
sbox_run --noprofile --filesystem= -- true
check_rc "--filesystem= (empty) is refused the same way" 125
sbox_run --noprofile --keep-env=LANG -- true
check_rc "control: --keep-env=LANG runs" 0

# --- limits too small to start a command --------------------------------------------

sbox_run --noprofile --memory=1k -- true
check_rc "--memory=1k is refused (125), not run into SIGSEGV (139)" 125
check_contains "... naming the least that works" "$ERR" "--memory=1k: too small for a command to start (the least is 4M)"
sbox_run --noprofile --memory=4M -- true
check_rc "control: a command starts at the least, --memory=4M" 0
if printf '%s\n' "$ERR" | grep -q "no delegated cgroup"; then
  check_match "the cgroup fallback is one warning line" "$ERR" "^sbox: warning: no delegated cgroup v2 .*RLIMIT_AS per process$"
  check_no_match "... not ending in a dangling '; '" "$ERR" "; $"
else
  skip "the cgroup fallback is one warning line" "a delegated cgroup is here"
fi
sbox_run --noprofile --rlimit=as=1k -- true
check_rc "--rlimit=as=1k is refused (125)" 125
check_contains "... with the least" "$ERR" "the least is as=4M"
sbox_run --noprofile --rlimit=as=4M -- true
check_rc "control: --rlimit=as=4M (sizes take K, M, G) runs a command" 0
sbox_run --noprofile --rlimit=nofile=0 -- true
check_rc "--rlimit=nofile=0 is refused (125)" 125
check_contains "... with the least" "$ERR" "the least is nofile=4"
sbox_run --noprofile --rlimit=nofile=4 -- true
check_rc "control: a command starts at nofile=4 (limits are set after sbox's own setup)" 0
sbox_run --noprofile --rlimit=cpu=0 -- true
check_rc "--rlimit=cpu=0 (killed at once) is refused" 125
sbox_run --noprofile --rlimit=nproc=1 -- true
check_rc "--rlimit=nproc=1 is refused: init and the command are two" 125
check_contains "... saying so" "$ERR" "the least is 2, or 1 with --as-pid-1"
sbox_run --noprofile --pids=1 -- true
check_rc "--pids=1 is refused the same way" 125
sbox_run --noprofile --pids=1 --as-pid-1 -- true
check_rc "control: --pids=1 with --as-pid-1 runs" 0
sbox_run --noprofile --rlimit=nofile=100:10 -- true
check_rc "--rlimit=nofile=100:10 is refused" 125
check_contains "... saying the soft limit is above the hard one" "$ERR" "the soft limit 100 is above the hard limit 10"
check_not_contains "... not that the syntax is wrong" "$ERR" "expected"
printf '[Sandbox]\nRlimits=nofile=2\n' >"$SBOX_PROFILE_PATH/lowfd.profile"
sbox_run --check-profile=lowfd
check_rc "a profile's Rlimits=nofile=2 fails --check-profile (125)" 125
check_match "... at FILE:LINE" "$ERR" "^sbox: .*lowfd.profile:2: \[Sandbox\] Rlimits: .*the least is nofile=4"

# --- what cannot run ---------------------------------------------------------------------

sbox_run --noprofile -- /usr/bin
check_rc "sbox -- /usr/bin: cannot run (126)" 126
check_eq "... because it is a directory" "sbox: cannot run /usr/bin: it is a directory" "$ERR"
sbox_run --profile=/tmp -- true
check_rc "--profile=/tmp is refused (125)" 125
check_eq "... as a directory, not as missing" "sbox: profile /tmp is a directory, not a profile file" "$ERR"

# --- profiles with syntax errors ------------------------------------------------------

printf '[Profile\nDescription=x\n[Context]\nshared=network\n' >"$SBOX_PROFILE_PATH/header.profile"
sbox_run --check-profile=header
check_rc "an unterminated [Profile header fails --check-profile (125)" 125
check_eq "... in one line saying so at FILE:1" \
  "sbox: $SBOX_PROFILE_PATH/header.profile:1: section header [Profile has no closing ']'" "$ERR"
printf '[Profile]\nDescription=caf\xe9\n' >"$SBOX_PROFILE_PATH/latin1.profile"
sbox_run --check-profile=latin1
check_rc "a profile that is not UTF-8 fails --check-profile (125)" 125
check_eq "... in one line at FILE:2" \
  "sbox: $SBOX_PROFILE_PATH/latin1.profile:2: not UTF-8 text (profiles and sbox.conf are UTF-8)" "$ERR"
check "... without the raw bytes" bash -c '! printf "%s" "$1" | LC_ALL=C grep -q "[$(printf "\x80-\xff")]"' _ "$ERR"
printf '[Profile]\nBogus=1\n[Context]\nshared=moon\n[Sandbox]\nHome=nowhere\n' >"$SBOX_PROFILE_PATH/many.profile"
sbox_run --check-profile=many
check_eq "three problems are three lines" 3 "$(lines "$ERR")"
check "... each starting with 'sbox: '" every_line_prefixed "$ERR"
sbox_run --profile=many -- true
check_rc "running it is refused (125)" 125
check "... every line starting with 'sbox: '" every_line_prefixed "$ERR"
printf '[Profile]\nDescription=fine\n' >"$SBOX_PROFILE_PATH/fine.profile"
sbox_run --check-profile=fine
check_rc "control: a good profile passes --check-profile (0)" 0

# --- exit statuses of sbox's own failures ---------------------------------------------------

sbox_run --check-profile=no-such-profile
check_rc "--check-profile of a missing profile is a usage error (125)" 125
check_match "... said with the sbox: prefix" "$ERR" "^sbox: profile no-such-profile not found"
export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
sbox_run --kill=no-such-box
check_rc "--kill of no sandbox exits 125" 125
check_eq "... in one line" "sbox: no running sandbox named no-such-box (see sbox --list)" "$ERR"
sbox_run --enter=no-such-box
check_rc "--enter of no sandbox exits 125 too" 125
if [ -r "$man_dir/sbox.1" ]; then
  exit_section=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$man_dir/sbox.1")
  check_contains "sbox(1) EXIT STATUS says usage errors are 125" "$exit_section" "usage error"
  check_contains "... and that --kill and --enter fail with 125" "$exit_section" "\\-\\-kill"
else
  skip "sbox(1) EXIT STATUS says usage errors are 125" "man page not found"
fi

# --- warnings -------------------------------------------------------------------------------

sbox_run --noprofile --filesystem=/nonexistnt-$$ -- true
check_rc "--filesystem= of a missing path still runs" 0
check_eq "... with one warning naming it" \
  "sbox: warning: --filesystem=/nonexistnt-$$: /nonexistnt-$$ does not exist, nothing granted" "$ERR"
sbox_run --noprofile --quiet --filesystem=/nonexistnt-$$ -- true
check_eq "... which --quiet silences" "" "$ERR"
printf '[Context]\nfilesystems=/nonexistnt-%s\n' "$$" >"$SBOX_PROFILE_PATH/missing-path.profile"
sbox_run --profile=missing-path -- true
check_eq "control: a profile's missing path stays silent" "" "$ERR"

sbox_run --noprofile --timeout=1 -- sleep 10
check_rc "--timeout expiry exits 124" 124
check_eq "... saying why in one line" \
  "sbox: timeout: the sandbox ran for 1 s (Timeout=/--timeout), killed it (exit 124)" "$ERR"
sbox_run --noprofile --quiet --timeout=1 -- sleep 10
check_eq "... which --quiet silences" "" "$ERR"

# --- the tests' own X servers leave nothing in /tmp ---------------------------------------

if command -v Xvfb >/dev/null; then
  n=$(free_x_display 150 180)
  bash -c '. "$1"; Xvfb ":$2" -nolisten tcp >/dev/null 2>&1 & x_server_at_exit "$2" $!
           wait_for 5 test -e "/tmp/.X$2-lock"; test -e "/tmp/.X$2-lock" && echo locked >"$3"
           done_testing >/dev/null' _ "$here/libtest.sh" "$n" "$SBOX_TMP/x-seen"
  check_eq "control: the X server made /tmp/.X$n-lock" "locked" "$(cat "$SBOX_TMP/x-seen" 2>/dev/null)"
  check "x_server_at_exit removes its lock file" test ! -e "/tmp/.X$n-lock"
  check "... and its socket" test ! -e "/tmp/.X11-unix/X$n"
else
  skip "x_server_at_exit removes its lock file" "Xvfb is not installed"
fi

done_testing
