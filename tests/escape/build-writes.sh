#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# build-writes.sh — an untrusted build must not plant what the host runs
# later, nor get the home as its project directory.
#
# The build profile binds ${PWD} read-write; Protect=vcs:${PWD} keeps the
# checkout's Git directory read-only (a .git/config with core.fsmonitor or a
# hook runs at the user's next git command, unsandboxed). --cache=~/.cargo
# keeps the cache in sbox's storage, so ~/.cargo/bin (on PATH) on the host
# is out of reach. ${PWD} is compared with the home by inode, and the home's
# secret and launch-point directories are refused as ${PWD}. Each attack is
# paired with a control: the same write through a plain --bind of ${PWD} or
# a raw --bind of ~/.cargo, which succeeds (a --filesystem grant of
# ~/.cargo keeps ~/.cargo/bin read-only: broad-grants.sh).
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$_here/../integration}/../../profiles}
command -v git >/dev/null 2>&1 || skip_all "git is not installed"
G=(git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main)

# write WHAT: a shell line inside that appends to WHAT and prints the status.
write_cmd='for f in "$@"; do if (echo planted >> "$f") 2>/dev/null; then echo "$f:ok"; else (echo planted >> "$f") 2>&1 | sed "s/.*: //"; fi; done'

# --- the checkout's Git directory -------------------------------------------------

proj=$SBOX_TMP/proj
{ mkdir -p "$proj" && (cd "$proj" && "${G[@]}" init -q . && echo src > a.c && "${G[@]}" add a.c \
  && "${G[@]}" commit -qm init); } || bail_out "cannot make a Git checkout"
config_before=$(cat "$proj/.git/config")
cd "$proj" || bail_out "cannot enter $proj"

sbox_run --profile=build -- sh -c "$write_cmd" sh .git/config
check_contains "build profile: writing .git/config (core.fsmonitor) fails" "$OUT" "Read-only file system"
check_eq "... and the host's .git/config is unchanged" "$config_before" "$(cat .git/config)"
sbox_run --profile=build -- sh -c "$write_cmd" sh .git/hooks/pre-commit
check_contains "build profile: planting .git/hooks/pre-commit fails" "$OUT" "Read-only file system"
check "... and no hook exists on the host" test ! -e .git/hooks/pre-commit
sbox_run --profile=build -- sh -c 'mv .git .git-old; mkdir -p .git/hooks && echo x > .git/hooks/pre-commit'
check_fails "build profile: moving .git away to plant a new one fails" test -e .git-old
[ -e .git-old ] && { rm -rf .git; mv .git-old .git; }
sbox_run --profile=build -- sh -c 'echo obj > a.o && echo built'
check_run_ok "build profile: the build still writes its outputs" "built"
check_eq "... which are on the host" obj "$(cat a.o 2>/dev/null)"

sbox_run --noprofile --bind "$proj" "$proj" -- sh -c "$write_cmd" sh .git/config .git/hooks/pre-commit
check_run_ok "control: through a plain --bind of \${PWD} both writes succeed" \
  ".git/config:ok
.git/hooks/pre-commit:ok"
check_contains "... and the host's .git/config was changed" "$(cat .git/config)" planted
printf '%s\n' "$config_before" > .git/config
rm -f .git/hooks/pre-commit

# --- a .git file naming a Git directory elsewhere in the tree ----------------------

sep=$SBOX_TMP/sep
{ mkdir -p "$sep/vendor" && "${G[@]}" init -q --separate-git-dir="$sep/vendor/gd" "$sep"; } \
  || bail_out "cannot make a checkout with a .git file"
cd "$sep" || bail_out "cannot enter $sep"
check_contains "setup: .git is a file naming vendor/gd" "$(cat .git)" "gitdir:"
sbox_run --profile=build -- sh -c "$write_cmd" sh vendor/gd/config vendor/gd/hooks/pre-commit .git
check_eq "build profile: the Git directory a .git file names is read-only, and so is the .git file" \
  "Read-only file system
Read-only file system
Read-only file system" "$OUT"
sbox_run --noprofile --bind "$sep" "$sep" -- sh -c "$write_cmd" sh vendor/gd/config
check_run_ok "control: through a plain --bind the same config is writable" "vendor/gd/config:ok"

# --- the git profile: commits work, config and hooks do not change -----------------

cd "$proj" || bail_out "cannot enter $proj"
echo more >> a.c
sbox_run --profile=git -- "${G[@]}" commit -qam second
check_rc "git profile: git commit works (objects, refs, index are writable)" 0
check_eq "... and the commit is on the host" second "$(git log -1 --format=%s 2>/dev/null)"
sbox_run --profile=git -- sh -c "$write_cmd" sh .git/config .git/hooks/post-checkout
check_eq "git profile: .git/config and .git/hooks stay read-only" \
  "Read-only file system
Read-only file system" "$OUT"
sbox_run --profile=git -- git config core.fsmonitor 'touch /tmp/pwned'
check_fails "git profile: git config core.fsmonitor fails" test "$RC" = 0
check_not_contains "... and the host's config has no fsmonitor" "$(cat .git/config)" fsmonitor

# --- --cache keeps the cache in sbox's storage --------------------------------------

mkdir -p "$HOME/.cargo/bin"
sbox_run --profile=build --cache='~/.cargo' -- \
  sh -c 'mkdir -p ~/.cargo/bin && echo evil > ~/.cargo/bin/evil && echo kept > ~/.cargo/registry-index && echo cached'
check_run_ok "--cache=~/.cargo: the build writes its cache, ~/.cargo/bin/evil included" "cached"
check "... and the host's ~/.cargo/bin is untouched" test ! -e "$HOME/.cargo/bin/evil"
sbox_run --profile=build --cache='~/.cargo' -- sh -c 'cat ~/.cargo/registry-index'
check_run_ok "... the cache persists to the next run" "kept"
store=$(ls -d "$HOME/.local/share/sbox/cache/"*cargo 2>/dev/null)
check_contains "... in sbox's storage (~/.local/share/sbox/cache/<escaped path>)" "$store" "%2F.cargo"
sbox_run --noprofile --bind "$HOME/.cargo" "$HOME/.cargo" -- sh -c 'echo evil > ~/.cargo/bin/evil'
check "control: a raw --bind of ~/.cargo writes the host's ~/.cargo/bin" test -e "$HOME/.cargo/bin/evil"
rm -f "$HOME/.cargo/bin/evil"

# --- ${PWD} is compared with the home by inode ---------------------------------------

ln -s / "$SBOX_TMP/lnk"
linked_home=$SBOX_TMP/lnk$HOME
case $HOME/ in
  "$linked_home"/*) lexical=under ;;
  *) case $linked_home/ in "$HOME"/*) lexical=under ;; *) lexical=apart ;; esac ;;
esac
check_eq "setup: HOME spelled through a symlink is lexically apart from the cwd" apart "$lexical"
cd "$HOME" || bail_out "cannot enter $HOME"
HOME=$linked_home sbox_run --profile=build -- sh -c 'touch "$PWD/.planted"'
check_rc "build profile from the home, HOME spelled through a symlink: refused (125)" 125
check_match "... with one line naming the reason" "$ERR" "^sbox: .*holds the whole home directory"
check_eq "... one line only" 1 "$(printf '%s\n' "$ERR" | wc -l)"
check "... and nothing was written in the home" test ! -e "$HOME/.planted"
mkdir -p "$HOME/.ssh" "$HOME/.local/bin" "$HOME/work"
cd "$HOME/.ssh" || bail_out "cannot enter ~/.ssh"
sbox_run --profile=build -- sh -c 'echo key >> authorized_keys'
check_rc "build profile from ~/.ssh: refused (125)" 125
check_contains "... naming ~/.ssh" "$ERR" "holds SSH keys"
cd "$HOME/.local" || bail_out "cannot enter ~/.local"
sbox_run --profile=build -- true
check_rc "build profile from ~/.local (holding ~/.local/bin): refused (125)" 125
cd "$HOME/work" || bail_out "cannot enter ~/work"
HOME=$linked_home sbox_run --profile=build -- sh -c 'echo made > out && cat out'
check_run_ok "control: from a project directory in the same home the build runs" "made"

done_testing
