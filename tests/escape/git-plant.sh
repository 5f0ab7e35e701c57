#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# git-plant.sh — a sandbox that may write a checkout must not plant what
# the host's next git command runs: a core.fsmonitor in a Git directory's
# config, reached through a renamed .git, a submodule's .git file, a
# nested repository or a worktree's Git directory.
#
# Every attack ends with a real `git status` on the host, which runs the
# planted fsmonitor command (it touches a marker) if the plant took. Each is
# paired with a control: the same commands through a plain --bind of the
# directory, after which the host's git status does create the marker.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$_here/../integration}/../../profiles}
command -v git >/dev/null 2>&1 || skip_all "git is not installed"
export GIT_CONFIG_NOSYSTEM=1
G=(git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main
  -c protocol.file.allow=always)
MARK=$SBOX_TMP/PWNED
EVIL="[core]
	fsmonitor = touch $MARK; false"

# repo DIR: a checkout with one commit.
repo ()
{
  { mkdir -p "$1" && (cd "$1" && "${G[@]}" init -q . && echo src > a.c && "${G[@]}" add a.c \
    && "${G[@]}" commit -qm init) >/dev/null 2>&1; } || bail_out "cannot make a Git checkout in $1"
}

# host_status DIR: the user's next git status there; prints "planted" when
# it ran the planted command.
host_status ()
{
  rm -f "$MARK"
  (cd "$1" && git status >/dev/null 2>&1)
  if [ -e "$MARK" ]; then echo planted; else echo clean; fi
  rm -f "$MARK"
}

# attack NAME DIR SCRIPT SBOX-ARGS...: run SCRIPT (sh -c, in DIR) under
# SBOX-ARGS, then the host's git status in DIR; then the control: a fresh
# copy of the checkout, the same SCRIPT through a plain --bind.
attack ()
{
  local name=$1 dir=$2 script=$3
  shift 3
  rm -rf "$SBOX_TMP/pristine" && cp -a "$dir" "$SBOX_TMP/pristine"
  cd "$dir" || bail_out "cannot enter $dir"
  sbox_run "$@" -- sh -c "echo ran; $script" sh "$EVIL"
  check_contains "$name: the sandbox ran" "$OUT" ran
  check_eq "... and the host's git status runs nothing planted" clean "$(host_status "$dir")"
  { cd "$SBOX_TMP" && rm -rf "$dir" && cp -a "$SBOX_TMP/pristine" "$dir" && cd "$dir"; } \
    || bail_out "cannot restore $dir"
  sbox_run --noprofile --bind "$dir" "$dir" -- sh -c "$script" sh "$EVIL"
  check_eq "control: through a plain --bind the same commands plant it" planted \
    "$(host_status "$dir")"
  { cd "$SBOX_TMP" && rm -rf "$dir" && cp -a "$SBOX_TMP/pristine" "$dir"; } || bail_out "cannot restore $dir"
}

# --- a submodule's .git file and Git directory ------------------------------------

lib=$SBOX_TMP/lib
super=$SBOX_TMP/super
repo "$lib"
repo "$super"
(cd "$super" && "${G[@]}" submodule add -q "$lib" lib && "${G[@]}" commit -qm sub) >/dev/null 2>&1 \
  || bail_out "cannot add a submodule"
check_contains "setup: lib/.git is a file naming .git/modules/lib" "$(cat "$super/lib/.git")" \
  "gitdir: ../.git/modules/lib"

plant_gitdir='mkdir -p planted && cp -a .git/modules/lib/. planted/ 2>/dev/null;
printf "%s\n\tworktree = ../lib\n" "$1" >> planted/config; echo "gitdir: ../planted" > lib/.git'
attack "build profile: rewriting the submodule's .git file to a planted Git directory" \
  "$super" "$plant_gitdir" --profile=build
attack "git profile: rewriting the submodule's .git file to a planted Git directory" \
  "$super" "$plant_gitdir" --profile=git
attack "git profile: a core.fsmonitor in the submodule's config (.git/modules/lib/config)" \
  "$super" 'printf "%s\n" "$1" >> .git/modules/lib/config' --profile=git
attack "git profile: replacing .git/modules/lib by a planted Git directory" \
  "$super" 'cp -a .git/modules/lib .git/planted && printf "%s\n" "$1" >> .git/planted/config &&
mv .git/modules/lib .git/old-lib; mv .git/planted .git/modules/lib' --profile=git

# --- the Git directory itself renamed and replaced ------------------------------------

proj=$SBOX_TMP/proj
repo "$proj"
replace_dotgit='cp -a .git .git-new && printf "%s\n" "$1" >> .git-new/config && mv .git .git-old; mv .git-new .git'
attack "git profile: moving .git away for a planted one" "$proj" "$replace_dotgit" --profile=git
attack "build profile: moving .git away for a planted one" "$proj" "$replace_dotgit" --profile=build

commondir='mkdir .git/evil && cp -a .git/objects .git/refs .git/HEAD .git/evil/ &&
cp .git/config .git/evil/config && printf "%s\n" "$1" >> .git/evil/config && echo evil > .git/commondir'
attack "build profile: a .git/commondir naming a planted Git directory" "$proj" "$commondir" \
  --profile=build

# From a subdirectory of a checkout, the checkout's Git directory is above
# the bound directory: not visible at all.
mkdir -p "$proj/sub"
cd "$proj/sub" || bail_out "cannot enter $proj/sub"
sbox_run --profile=build -- sh -c 'echo ran; printf "%s\n" "$1" >> ../.git/config' sh "$EVIL"
check_contains "build profile from a subdirectory, writing ../.git/config: the sandbox ran" "$OUT" ran
check_eq "... and the checkout's config above it is out of reach" clean "$(host_status "$proj")"
sbox_run --noprofile --bind "$proj" "$proj" -- sh -c 'printf "%s\n" "$1" >> ../.git/config' sh "$EVIL"
check_eq "control: with the checkout's top bound, the same write plants it" planted \
  "$(host_status "$proj")"
{ cd "$SBOX_TMP" && rm -rf "$proj" && cp -a "$SBOX_TMP/pristine" "$proj"; } || bail_out "cannot restore $proj"

# --- a nested repository, and a worktree's Git directory ---------------------------

repo "$proj/vendor/dep"
attack "build profile: a core.fsmonitor in a nested repository's config" "$proj/vendor/dep" \
  'printf "%s\n" "$1" >> .git/config' --profile=build
cd "$proj" || bail_out "cannot enter $proj"
sbox_run --profile=build -- sh -c 'echo ran; printf "%s\n" "$1" >> vendor/dep/.git/config' sh "$EVIL"
check_contains "build profile from the top, writing vendor/dep/.git/config: the sandbox ran" "$OUT" ran
check_eq "build profile from the top: the nested repository's config stays read-only" clean \
  "$(host_status "$proj/vendor/dep")"
sbox_run --profile=git -- sh -c 'echo ran; printf "%s\n" "$1" >> vendor/dep/.git/config' sh "$EVIL"
check_contains "git profile from the top, writing vendor/dep/.git/config: the sandbox ran" "$OUT" ran
check_eq "git profile from the top: the nested repository's config stays read-only" clean \
  "$(host_status "$proj/vendor/dep")"
rm -rf "$proj/vendor"

wt=$SBOX_TMP/proj-wt
(cd "$proj" && "${G[@]}" worktree add -q "$wt" -b side) >/dev/null 2>&1 || bail_out "cannot add a worktree"
retarget='rm -rf .git/evil; mkdir .git/evil && cp -a .git/objects .git/refs .git/HEAD .git/evil/ &&
cp .git/config .git/evil/config && printf "%s\n" "$1" >> .git/evil/config &&
echo ../../evil > .git/worktrees/proj-wt/commondir'
sbox_run --profile=git -- sh -c "echo ran; $retarget" sh "$EVIL"
check_contains "git profile, pointing a worktree's commondir elsewhere: the sandbox ran" "$OUT" ran
check_eq "git profile: a worktree's commondir cannot be pointed at a planted Git directory" clean \
  "$(host_status "$wt")"
sbox_run --noprofile --bind "$proj" "$proj" -- sh -c "$retarget" sh "$EVIL"
check_eq "control: through a plain --bind the worktree's git status runs the plant" planted \
  "$(host_status "$wt")"

# --- what Git inside the git profile still does -------------------------------------

# The remote beside the checkout, both below the directory git runs in.
top=$SBOX_TMP/top
remote=$top/remote
repo "$remote"
work=$top/work
"${G[@]}" clone -q "$remote" "$work" >/dev/null 2>&1 || bail_out "cannot clone"
(cd "$remote" && echo up >> a.c && "${G[@]}" commit -qam upstream) >/dev/null 2>&1
cd "$top" || bail_out "cannot enter $top"
script="set -e
g() { git -C work -c user.name=t -c user.email=t@example.org \"\$@\"; }
echo one > work/b.c && g add b.c && g commit -qm local && echo commit:ok
g fetch -q origin && echo fetch:ok
g merge -q --no-edit origin/main && echo merge:ok
g checkout -q -b topic HEAD~1 && echo t > work/t.c && g add t.c && g commit -qm topic
g rebase -q main && echo rebase:ok
echo dirty >> work/a.c && g stash -q && g stash pop -q && echo stash:ok
g gc -q && echo gc:ok"
sbox_run --profile=git -- sh -c "$script"
check_run_ok "git profile: commit, fetch from a local remote, merge, rebase, stash and gc work" \
  "commit:ok
fetch:ok
merge:ok
rebase:ok
stash:ok
gc:ok"
check_eq "... and the rebased branch is on the host" topic "$(git -C work log -1 --format=%s topic 2>/dev/null)"
check_contains "... with the fetched commit below it" "$(git -C work log --format=%s topic 2>/dev/null)" upstream

# --- the editor's project directories ----------------------------------------------

mkdir -p "$HOME/src"
repo "$HOME/src/proj"
repo "$HOME/src/proj/nested"
sbox_run --profile=code -- sh -c \
  'git -C ~/src/proj config core.fsmonitor "$1"; git -C ~/src/proj/nested config core.fsmonitor "$1"; echo > ~/src/proj/new.c && echo wrote' \
  sh "touch $MARK; false"
check_run_ok "code profile: the project directory is writable" wrote
check_eq "code profile: git config core.fsmonitor in ~/src/proj does not reach the host" clean \
  "$(host_status "$HOME/src/proj")"
check_eq "code profile: ... nor in a repository nested below it" clean \
  "$(host_status "$HOME/src/proj/nested")"
sbox_run --noprofile --filesystem='~/src' -- sh -c 'git -C ~/src/proj config core.fsmonitor "$1"' \
  sh "touch $MARK; false"
check_eq "control: a plain grant of ~/src lets git config plant it" planted \
  "$(host_status "$HOME/src/proj")"

done_testing
