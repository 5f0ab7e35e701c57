#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# cli.sh — sbox's command line: options, errors and exit codes, --print-plan,
# --version and --help.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

# Every error is one line on stderr starting "sbox: " and nothing on stdout.
check_error_shape ()
{
  local what=$1
  local lines
  lines=$(printf '%s\n' "$ERR" | grep -c .)
  check_eq "$what: exactly one line on stderr" 1 "$lines"
  check_match "$what: the line starts with 'sbox: '" "$ERR" '^sbox: '
  check_eq "$what: nothing on stdout" "" "$OUT"
}

# --- --version and --help ---------------------------------------------------

sbox_run --version
check_rc "--version exits 0" 0
check_match "--version prints the program name and a version" "$OUT" 'sbox.*[0-9]+\.[0-9]+'

sbox_run --help
check_rc "--help exits 0" 0
check_contains "--help documents --ro-bind" "$OUT" "--ro-bind"
check_contains "--help documents --print-plan" "$OUT" "--print-plan"
check_match "--help names --setenv as bubblewrap's spelling of --env" "$OUT" "^  --setenv .*bubblewrap's spelling of --env"
check_match "... and --unsetenv of --unset-env" "$OUT" "^  --unsetenv .*bubblewrap's spelling of --unset-env"
sbox_run --noprofile --setenv GREETING hi -- printenv GREETING
check_run_ok "... --setenv VAR VALUE sets it" hi
sbox_run --noprofile --env=GREETING=hi -- printenv GREETING
check_run_ok "... as --env=VAR=VALUE does" hi

# --- one variable-name check for every way of setting or removing one ---------
# A name with '-' (or starting with a digit) cannot be used by a shell and
# was once taken by --setenv while --env refused it: every spelling refuses
# it now with the same words, and each accepts the same name with '_'.

for spelling in "--setenv A-B x" "--env=A-B=x" "--unsetenv A-B" "--unset-env=A-B"; do
  read -r -a words <<<"$spelling"
  sbox_run --noprofile "${words[@]}" -- true
  check_rc "${words[0]%%=*} A-B: refused (exit 125)" 125
  check_contains "... saying the name is invalid" "$ERR" "${words[0]%%=*}: invalid variable name 'A-B'"
  check_error_shape "${words[0]%%=*} A-B"
done
sbox_run --noprofile --setenv 1A x -- true
check_contains "--setenv 1A: a name starting with a digit is refused too" "$ERR" "invalid variable name '1A'"
printf '[Environment]\nA-B=x\n' >"$SBOX_TMP/env-name.profile"
sbox_run --profile="$SBOX_TMP/env-name.profile" -- true
check_rc "[Environment] A-B=: refused (exit 125)" 125
check_contains "... with the same words" "$ERR" "invalid variable name 'A-B'"
# Controls: the same options with a valid name do what they say.
sbox_run --noprofile --setenv A_B x -- printenv A_B
check_run_ok "control: --setenv A_B x sets it" x
sbox_run --noprofile --env=A_B=y -- printenv A_B
check_run_ok "control: --env=A_B=y sets it" y
sbox_run --noprofile --setenv A_B x --unsetenv A_B -- sh -c 'echo "${A_B-unset}"'
check_run_ok "control: --unsetenv A_B removes it" unset
sbox_run --noprofile --env=A_B=y --unset-env=A_B -- sh -c 'echo "${A_B-unset}"'
check_run_ok "control: --unset-env=A_B removes it" unset
printf '[Environment]\nA_B=z\n' >"$SBOX_TMP/env-name-ok.profile"
sbox_run --profile="$SBOX_TMP/env-name-ok.profile" -- printenv A_B
check_run_ok "control: [Environment] A_B=z sets it" z

# --- running a command -------------------------------------------------------

sbox_run --noprofile -- echo hello
check_run_ok "sbox --noprofile -- CMD runs CMD" "hello"

sbox_run echo hello
check_run_ok "sbox CMD (no profile installed) runs CMD" "hello"

sbox_run --noprofile -- printf '%s|' 'a b' '' '-x' '--' 'c'
check_run_ok "arguments reach the command unchanged (spaces, empty, dashes)" "a b||-x|--|c|"

sbox_run --noprofile --chdir /usr/share -- pwd
check_run_ok "--chdir sets the working directory" "/usr/share"

sbox_run --noprofile --quiet -- true
check_rc "--quiet run exits 0" 0
check_eq "--quiet prints nothing on stderr" "" "$ERR"

sbox_run --noprofile --verbose -- true
check_rc "--verbose run exits 0" 0
check_match "--verbose describes setup steps on stderr" "$ERR" '^sbox: '
check_eq "--verbose lines all start with 'sbox: '" "" "$(printf '%s\n' "$ERR" | grep -v '^sbox: ')"

# --- errors --------------------------------------------------------------------

sbox_run --noprofile
check_rc "no command: exit 125" 125
check_error_shape "no command"

sbox_run --noprofile --
check_rc "'--' and no command: exit 125" 125

sbox_run --frobnicate -- true
check_rc "unknown option: exit 125" 125
check_error_shape "unknown option"
check_contains "unknown option: the message says so" "$ERR" "unknown option"
check_contains "unknown option: the message names it" "$ERR" "--frobnicate"

sbox_run -weird-command arg
check_rc "command starting with '-' without '--': exit 125" 125
check_contains "command starting with '-': reported as an unknown option" "$ERR" "unknown option"
check_contains "command starting with '-': the message names it" "$ERR" "-weird-command"
check_match "command starting with '-': the message hints at '--'" "$ERR" "(^|[^-])--([^-a-z]|$)"

sbox_run --noprofile --ro-bind /nonexistent /mnt -- true
check_rc "missing --ro-bind source: exit 125" 125
check_eq "missing --ro-bind source: the exact message" \
  "sbox: cannot bind /nonexistent: No such file or directory" "$ERR"
check_eq "missing --ro-bind source: nothing on stdout" "" "$OUT"

sbox_run --noprofile --bind /nonexistent /mnt -- true
check_rc "missing --bind source: exit 125" 125
check_eq "missing --bind source: the exact message" \
  "sbox: cannot bind /nonexistent: No such file or directory" "$ERR"

sbox_run --noprofile --ro-bind /usr usr-relative -- true
check_rc "relative DEST: exit 125" 125
check_error_shape "relative DEST"
check_contains "relative DEST: the message names it" "$ERR" "usr-relative"

sbox_run --noprofile --ro-bind /usr
check_rc "--ro-bind with one argument: exit 125" 125
check_match "--ro-bind with one argument: error on stderr" "$ERR" '^sbox: '

sbox_run --noprofile --setenv ONLY_NAME
check_rc "--setenv without a value: exit 125" 125

# The command does not exist inside the sandbox.
marker=sbox-no-such-command-$$
sbox_run --noprofile -- "$marker" arg
check_rc "command not found: exit 127" 127
check_contains "command not found: the message names the command" "$ERR" "$marker"
check_match "command not found: the message starts with 'sbox: '" "$ERR" '^sbox: '
check_eq "command not found: nothing on stdout" "" "$OUT"

sbox_run --noprofile -- /usr/bin/"$marker"
check_rc "absolute path not found: exit 127" 127

# Found but not executable: a plain file bound in.
printf 'echo should-not-run\n' >"$SBOX_TMP/not-executable"
chmod 0644 "$SBOX_TMP/not-executable"
sbox_run --noprofile --ro-bind "$SBOX_TMP/not-executable" /opt/not-executable -- /opt/not-executable
check_rc "command found but not executable: exit 126" 126
check_not_contains "command not executable: nothing ran" "$OUT" "should-not-run"
check_match "command not executable: the message starts with 'sbox: '" "$ERR" '^sbox: '

# A directory is not a command either.
sbox_run --noprofile -- /usr
check_rc "a directory as the command: exit 126" 126

# No stray processes after errors: nothing with the marker is left.
check_eq "no stray processes after failed runs" "" "$(pids_with_marker "$marker")"

# SRC may be relative to the caller's working directory.
mkdir -p "$SBOX_TMP/rel"
echo relative-source >"$SBOX_TMP/rel/file"
cd "$SBOX_TMP" || exit 1
sbox_run --noprofile --ro-bind rel /opt/rel -- cat /opt/rel/file
check_run_ok "relative SRC is resolved against the caller's cwd" "relative-source"

# --- --print-plan ----------------------------------------------------------------

mkdir -p "$SBOX_TMP/plan-w"
plan_marker=$SBOX_TMP/plan-w/ran
sbox_run --noprofile --print-plan --bind "$SBOX_TMP/plan-w" "$SBOX_TMP/plan-w" \
  --tmpfs /opt/a --dir /opt/a/b --symlink /usr/bin /opt/a/c \
  -- touch "$plan_marker"
check_rc "--print-plan exits 0" 0
plan=$OUT
check_fails "--print-plan runs nothing (the command's file is not created)" test -e "$plan_marker"
check_match "--print-plan shows the command and its arguments (quoted or not)" "$plan" "touch'? +'?$plan_marker"
check_match "--print-plan shows 'ro-bind /usr /usr'" "$plan" '(^|[[:space:]])ro-bind /usr /usr([[:space:]]|$)'
check_match "--print-plan shows 'tmpfs /tmp'" "$plan" '(^|[[:space:]])tmpfs /tmp([[:space:]]|$)'
check_match "--print-plan shows the user namespace" "$plan" '(^|[^a-z])user([^a-z]|$)'
check_match "--print-plan shows the pid namespace" "$plan" '(^|[^a-z])pid([^a-z]|$)'
check_match "--print-plan shows the network namespace" "$plan" '(^|[^a-z])net(work)?([^a-z]|$)'
check_match "--print-plan shows --bind as an operation" "$plan" "(^|[[:space:]])bind $SBOX_TMP/plan-w $SBOX_TMP/plan-w"

# The operations appear one per line, in command-line order, after the default
# view (which starts with /usr).
line_of () { printf '%s\n' "$plan" | grep -nE -- "$1" | head -n1 | cut -d: -f1; }
l_usr=$(line_of '(^|[[:space:]])ro-bind /usr /usr')
l_tmpfs=$(line_of '(^|[[:space:]])tmpfs /opt/a([[:space:]]|$)')
l_dir=$(line_of '(^|[[:space:]])dir /opt/a/b')
l_link=$(line_of '(^|[[:space:]])symlink /usr/bin /opt/a/c')
if [ -n "$l_usr" ] && [ -n "$l_tmpfs" ] && [ -n "$l_dir" ] && [ -n "$l_link" ] \
   && [ "$l_usr" -lt "$l_tmpfs" ] && [ "$l_tmpfs" -lt "$l_dir" ] && [ "$l_dir" -lt "$l_link" ]; then
  ok "--print-plan lists the operations in order after the default view"
else
  not_ok "--print-plan lists the operations in order after the default view" \
    "lines: /usr=$l_usr tmpfs=$l_tmpfs dir=$l_dir symlink=$l_link" "$plan"
fi

# Control for the "runs nothing" check: the same command without --print-plan
# does create the file (through the writable --bind).
sbox_run --noprofile --bind "$SBOX_TMP/plan-w" "$SBOX_TMP/plan-w" -- touch "$plan_marker"
check "control: without --print-plan the command runs and writes through --bind" test -e "$plan_marker"

# JSON.
# shellcheck disable=SC2317 # called through check
json_check ()
{
  python3 -c '
import json, sys
plan = json.load(sys.stdin)
assert isinstance(plan, dict), "not an object"
for key in ("namespaces", "filesystem", "environment", "command"):
    assert key in plan, "missing key " + key
assert isinstance(plan["filesystem"], list), "filesystem is not a list"
assert "json-plan-marker" in json.dumps(plan["command"]), "command not shown"
assert "SBOX_PLAN_VAR" in json.dumps(plan["environment"]), "--setenv not in environment"
' <<<"$1"
}
sbox_run --noprofile --print-plan=json --setenv SBOX_PLAN_VAR value -- echo json-plan-marker
check_rc "--print-plan=json exits 0" 0
if command -v python3 >/dev/null 2>&1; then
  check "--print-plan=json is one JSON object with namespaces, filesystem, environment, command" \
    json_check "$OUT"
else
  skip "--print-plan=json is one JSON object" "no python3 to parse it"
fi
json_default=$OUT

json_namespaces () { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["namespaces"], sort_keys=True))' <<<"$1" 2>/dev/null; }
sbox_run --noprofile --print-plan=json --share=network --setenv SBOX_PLAN_VAR value -- echo json-plan-marker
check_ne "--print-plan=json: --share=network changes the namespaces" \
  "$(json_namespaces "$json_default")" "$(json_namespaces "$OUT")"

sbox_run --noprofile --print-plan --share=network -- true
plan_eq=$OUT
sbox_run --noprofile --print-plan --share network -- true
check_eq "--share network (two arguments) means --share=network" "$plan_eq" "$OUT"
sbox_run --noprofile --print-plan -- true
check_ne "--share=network shows in the plan" "$plan_eq" "$OUT"

# Started under a program's name (a link to sbox early in PATH), sbox runs
# the real program of that name in a sandbox.
links=$SBOX_TMP/links
mkdir -p "$links"
ln -s "$SBOX" "$links/cat"
ln -s "$SBOX" "$links/no-such-program-$$"
echo "host secret" > "$HOME/alias-secret-$$"
run_alias ()
{
  PATH="$links:$PATH" timeout -k 5 "$SBOX_TIMEOUT" "$@" >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}
run_alias cat /proc/self/status
check_match "a link named cat runs cat inside a sandbox (under seccomp)" "$OUT" "^Seccomp:.2$"
run_alias cat /etc/os-release
check_contains "... the real cat, found further along PATH" "$OUT" "ID="
run_alias cat "$HOME/alias-secret-$$"
check_ne "... which cannot read the caller's home" 0 "$RC"
check_eq "control: the same file outside" "host secret" "$(cat "$HOME/alias-secret-$$")"
run_alias cat --version
check_contains "arguments go to the program, not to sbox" "$OUT" "coreutils"
run_alias "no-such-program-$$"
check_rc "a link whose program PATH does not hold: 127" 127
check_contains "... naming it" "$ERR" "no-such-program-$$: command not found"
PATH=$links timeout 10 "$links/cat" /dev/null >/dev/null 2>&1
check_rc "PATH holding only the link does not loop: 127" 127

done_testing
