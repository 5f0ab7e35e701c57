#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# fail-closed.sh — what a sandbox leaves behind for the next start must not
# switch a protection off: Protect= and the broad-grant guard refuse to
# start when they cannot see what they guard (an unreadable directory, a
# tree grown past the walk's limits), and the files they read (.git files,
# commondir, config) cannot make the next start hang, eat memory or
# protect the wrong place.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

command -v git >/dev/null || skip_all "git is needed"
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (root reads what chmod 0 hides)"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t

new_project () # DIR: a checkout with a nested repository in vendor/lib
{
  rm -rf "$1"
  mkdir -p "$1/vendor/lib"
  git -C "$1" init -q . && git -C "$1/vendor/lib" init -q .
}
P=$SBOX_TMP/proj
new_project "$P"
cd "$P" || bail_out "cannot enter $P"

sbox_run --profile=build -- sh -c 'echo x >> vendor/lib/.git/config && echo WROTE'
check_not_contains "control: the nested checkout's config is read-only under the build profile" "$OUT" WROTE

# An unreadable directory hides what it holds from the walk.
sbox_run --profile=build -- chmod 0 vendor
check_rc "a build makes a directory of its tree unreadable" 0
sbox_run --profile=build -- sh -c 'chmod 755 vendor; echo x >> vendor/lib/.git/config && echo WROTE'
check_rc "the next start refuses (125) rather than leave what it cannot see unprotected" 125
check_contains "... naming the directory" "$ERR" "cannot read $P/vendor"
check_not_contains "... and nothing ran" "$OUT" WROTE
chmod 755 vendor
sbox_run --profile=build -- sh -c 'echo x >> vendor/lib/.git/config && echo WROTE'
check_not_contains "control: readable again, the start protects it again" "$OUT" WROTE

# A tree grown past the walk's mount budget.
# Grown from outside: inside a sandbox the 1,100 directories can take longer
# than sbox_run's timeout on a busy machine.
(mkdir aaa && cd aaa && i=0 && while [ "$i" -lt 1100 ]; do mkdir -p "d$i/.git"; i=$((i+1)); done)
sbox_run --profile=build -- sh -c 'echo x >> vendor/lib/.git/config && echo WROTE'
check_rc "past the walk's limits the start is refused (125), not started half-protected" 125
check_not_contains "... and nothing ran" "$OUT" WROTE
rm -rf aaa

# A .git file naming the tree itself.
sbox_run --profile=build -- sh -c 'mkdir -p sub && echo "gitdir: .." > sub/.git'
sbox_run --profile=build -- sh -c 'touch out.o && echo BUILT'
check_run_ok "gitdir: .. in a .git file does not make the whole tree read-only" "BUILT"
sbox_run --profile=build -- sh -c 'echo "gitdir: /" > sub/.git && echo WROTE'
check_not_contains "... and that .git file stays read-only" "$OUT" WROTE
rm -rf sub

# commondir as a FIFO or a link to /dev/zero: read without waiting or growing.
mkdir -p fifo/.git && mkfifo fifo/.git/commondir && touch fifo/.git/HEAD
sbox_run --profile=build -- true
check_rc "a FIFO commondir does not make the next start hang" 0
rm -rf fifo
mkdir -p zero/.git && ln -s /dev/zero zero/.git/commondir && touch zero/.git/HEAD
sbox_run --profile=git -- true
check_rc "a commondir linked to /dev/zero is not read (the start goes on)" 0
rm -rf zero

# The broad-grant guard: an unreadable ~/.local hides ~/.local/bin and sbox's storage.
mkdir -p "$HOME/.local/bin" "$HOME/.local/share/sbox/home/other"
echo secret >"$HOME/.local/share/sbox/home/other/key"
sbox_run --noprofile --filesystem=home -- sh -c 'touch ~/.local/bin/ls && echo WROTE'
check_not_contains "control: ~/.local/bin is read-only under a broad grant" "$OUT" WROTE
sbox_run --noprofile --filesystem=home -- chmod 0 "$HOME/.local"
sbox_run --noprofile --filesystem=home -- sh -c 'chmod 700 ~/.local; touch ~/.local/bin/ls && echo WROTE'
check_rc "an unreadable guarded path stops the next broad grant (125)" 125
check_not_contains "... and nothing ran" "$OUT" WROTE
chmod 700 "$HOME/.local"
sbox_run --noprofile --bind "$HOME" "$HOME" -- sh -c 'chmod 0 ~/.local; chmod 700 ~/.local; touch ~/.local/bin/ls && echo WROTE'
check_contains "control: without the guard (a raw bind) the same writes work" "$OUT" WROTE

done_testing
