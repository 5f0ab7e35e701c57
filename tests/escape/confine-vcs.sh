#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# confine-vcs.sh — in the confinement mode (no user namespace: no mounts),
# Protect=vcs: cannot make .git read-only, so sbox records what it protects
# before the command and puts it back after the command and everything it
# left have ended (sandbox/confine-guard.c). Each attack is a build under
# --profile=build --fallback=confine where user namespaces are refused
# (tests/helpers/no-userns), asserted from outside: the plant is gone, the
# host's real git runs nothing planted, and the build's own writes stay.
# Each is paired with a control: the same commands under the same profile
# without Protect=, after which the plant survives and git runs it.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
command -v git >/dev/null 2>&1 || skip_all "git is not installed"
{ command -v cc >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } \
  || skip_all "cc and make are needed for the build"
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"

PROFILES=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$_here/../integration}/../../profiles}
# The control's profile: build without Protect= (and nothing else changed).
NOPROTECT=$SBOX_TMP/profiles
mkdir -p "$NOPROTECT"
grep -v '^Protect=' "$PROFILES/build.profile" >"$NOPROTECT/build-noprotect.profile"
export SBOX_PROFILE_PATH=$PROFILES:$NOPROTECT
check_fails "setup: the control's profile has no Protect=" \
  grep -q '^Protect=' "$NOPROTECT/build-noprotect.profile"

export GIT_CONFIG_NOSYSTEM=1
G=(git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main
  -c protocol.file.allow=always)
MARK=$SBOX_TMP/PWNED
REPO=$SBOX_TMP/proj

# run_nu ARGS...: sbox ARGS... where user namespaces are refused; the
# --json-status-fd lines in STATUS.
run_nu ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$NOUSERNS" "$SBOX" --json-status-fd=3 "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" 3>"$SBOX_TMP/.status" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
  STATUS=$(cat "$SBOX_TMP/.status")
}

# fresh: a checkout with one commit, a non-executable hook, a .envrc.
fresh ()
{
  rm -rf "$REPO" "$SBOX_TMP/outside"
  mkdir -p "$REPO"
  {
    cd "$REPO" && "${G[@]}" init -q . && echo 'int x;' >a.c && echo 'export A=1' >.envrc \
      && "${G[@]}" add a.c && "${G[@]}" commit -qm init \
      && printf '#!/bin/sh\ntouch %s\n' "$MARK" >.git/hooks/pre-commit \
      && chmod 644 .git/hooks/pre-commit
  } >/dev/null 2>&1 || bail_out "cannot make a Git checkout in $REPO"
  cp .git/config "$SBOX_TMP/config.orig"
  cp .envrc "$SBOX_TMP/envrc.orig"
  GIT_INODE=$(stat -c %i .git)
}

# host_git ARGS...: the user's next git command in the checkout; prints
# "planted" when it ran something the sandbox planted.
host_git ()
{
  rm -f "$MARK"
  (cd "$REPO" && git "$@" >/dev/null 2>&1)
  if [ -e "$MARK" ]; then echo planted; else echo clean; fi
  rm -f "$MARK"
}

# The plants: a hook git runs on checkout, an fsmonitor git status runs,
# a hook made executable, a .envrc direnv runs; and the build's own writes.
PLANT='printf "#!/bin/sh\ntouch %s\n" "$1" >.git/hooks/post-checkout
chmod 755 .git/hooks/post-checkout .git/hooks/pre-commit
printf "[core]\n\tfsmonitor = touch %s; false\n" "$1" >>.git/config
echo "touch $1" >>.envrc
echo built >output.txt && mkdir -p obj && echo o >obj/a.o
echo loose >.git/objects/build-note
echo planted'

cd "$SBOX_TMP" || bail_out "cannot enter $SBOX_TMP"
fresh
run_nu --profile=build --fallback=confine -- sh -c "$PLANT" sh "$MARK"
check_rc "plants: the confined build ran and its status is the command's" 0
check_contains "... it planted" "$OUT" planted
check_eq "a planted .git/hooks/post-checkout is removed" no \
  "$([ -e "$REPO/.git/hooks/post-checkout" ] && echo yes || echo no)"
check_eq "core.fsmonitor appended to .git/config is put back (content equal)" \
  "$(cat "$SBOX_TMP/config.orig")" "$(cat "$REPO/.git/config")"
check_eq "a hook made executable gets its mode back (644)" 644 \
  "$(stat -c %a "$REPO/.git/hooks/pre-commit")"
check_eq ".envrc is put back" "$(cat "$SBOX_TMP/envrc.orig")" "$(cat "$REPO/.envrc")"
check_eq "the host's git checkout runs no planted hook" clean "$(host_git checkout -q -b t1)"
check_eq "the host's git status runs no planted fsmonitor" clean "$(host_git status)"
check_eq "the host's git commit runs no hook made executable" clean \
  "$(host_git -c user.name=t -c user.email=t@example.org commit -q --allow-empty -m x)"
check_eq "the build's new top-level file stays" built "$(cat "$REPO/output.txt" 2>/dev/null)"
check_eq "the build's object directory stays" o "$(cat "$REPO/obj/a.o" 2>/dev/null)"
check_eq "a file in .git/objects (left out of the record) stays" loose \
  "$(cat "$REPO/.git/objects/build-note" 2>/dev/null)"
check_contains "stderr names what was put back, and where" "$ERR" \
  "sbox: the sandbox added .git/hooks/post-checkout in $REPO; removed it"
check_contains "... the config" "$ERR" "sbox: the sandbox changed .git/config in $REPO; put back as it was"
check_contains "--json-status-fd says what was put back" "$STATUS" "\"put-back\": ["
check_contains "... naming the hook" "$STATUS" "\"$REPO/.git/hooks/post-checkout\""
check_contains "the announcement says Protect= is checked and put back" "$ERR" \
  "are checked and put back after the run"

fresh
run_nu --profile=build-noprotect --fallback=confine -- sh -c "$PLANT" sh "$MARK"
check_contains "control: without Protect= the same build plants" "$OUT" planted
check_eq "control: ... the hook survives" yes \
  "$([ -x "$REPO/.git/hooks/post-checkout" ] && echo yes || echo no)"
check_eq "control: ... and the host's git checkout runs it" planted "$(host_git checkout -q -b t1)"
check_eq "control: ... and git status runs the fsmonitor" planted "$(host_git status)"
check_not_contains "control: ... and nothing is said to be put back" "$STATUS" "put-back"

# --- .git/hooks replaced by a symlink to a directory the build controls ------------

HOOKLINK='mkdir -p mine && printf "#!/bin/sh\ntouch %s\n" "$1" >mine/post-checkout \
  && chmod 755 mine/post-checkout && rm -rf .git/hooks && ln -s ../mine .git/hooks && echo planted'
fresh
run_nu --profile=build --fallback=confine -- sh -c "$HOOKLINK" sh "$MARK"
check_contains "hooks symlink: the build replaced .git/hooks" "$OUT" planted
check_eq ".git/hooks is a directory again, not the planted symlink" dir \
  "$([ -d "$REPO/.git/hooks" ] && [ ! -L "$REPO/.git/hooks" ] && echo dir || echo other)"
check_eq "... with its recorded hook back, mode and all" 644 \
  "$(stat -c %a "$REPO/.git/hooks/pre-commit" 2>/dev/null)"
check_eq "... and the host's git checkout runs no planted hook" clean \
  "$(host_git checkout -q -b t1)"
check_eq "the directory the link led to is left alone (not followed)" yes \
  "$([ -x "$REPO/mine/post-checkout" ] && echo yes || echo no)"
fresh
run_nu --profile=build-noprotect --fallback=confine -- sh -c "$HOOKLINK" sh "$MARK"
check_eq "control: without Protect= the symlinked hooks survive and git runs them" planted \
  "$(host_git checkout -q -b t1)"

# --- .git renamed away and a new one made in its place ------------------------------

SWAP='mv .git .git-moved && mkdir -p .git && cp -a .git-moved/. .git/ \
  && printf "#!/bin/sh\ntouch %s\n" "$1" >.git/hooks/post-checkout && chmod 755 .git/hooks/post-checkout
echo planted'
fresh
run_nu --profile=build --fallback=confine -- sh -c "$SWAP" sh "$MARK"
check_contains "swapped .git: the build put a new .git in place" "$OUT" planted
check_eq "the original .git (same inode) is back in place" "$GIT_INODE" "$(stat -c %i "$REPO/.git")"
check_eq "... where the build had moved it, nothing is left" no \
  "$([ -e "$REPO/.git-moved" ] && echo yes || echo no)"
check_eq "... and the host's git checkout runs no planted hook" clean \
  "$(host_git checkout -q -b t1)"
check "... and the repository still works (git log)" git -C "$REPO" log --oneline -1
check_contains "stderr says .git was replaced" "$ERR" "sbox: the sandbox replaced .git in $REPO"
fresh
run_nu --profile=build-noprotect --fallback=confine -- sh -c "$SWAP" sh "$MARK"
check_eq "control: without Protect= the swapped .git survives and git runs its hook" planted \
  "$(host_git checkout -q -b t1)"

# --- Protect=git: (the git profile): Git's own writes stay, its hooks do not -------

if [ -f "$PROFILES/git.profile" ]; then
  fresh
  run_nu --profile=git --fallback=confine -- sh -c 'echo two >b.c && git add b.c \
    && git -c user.name=t -c user.email=t@example.org commit -qm two \
    && printf "#!/bin/sh\ntouch %s\n" "$1" >.git/hooks/post-checkout \
    && chmod 755 .git/hooks/post-checkout && git config core.fsmonitor "touch $1; false" \
    && echo planted' sh "$MARK"
  check_contains "git profile: a commit and a plant in the confined sandbox" "$OUT" planted
  check_eq "... the commit stays (objects, refs and index are Git's to write)" two \
    "$(git -C "$REPO" log -1 --format=%s 2>/dev/null)"
  check_eq "... the hook does not" no \
    "$([ -e "$REPO/.git/hooks/post-checkout" ] && echo yes || echo no)"
  check_eq "... nor the fsmonitor (git config renames a new file over config)" \
    "$(cat "$SBOX_TMP/config.orig")" "$(cat "$REPO/.git/config")"
  check_eq "... and the host's git checkout runs nothing planted" clean "$(host_git checkout -q -b t1)"
else
  skip "git profile: Git's own writes stay" "no git.profile"
fi

# --- a submodule's .git file rewritten to a planted Git directory -------------------

lib=$SBOX_TMP/lib
rm -rf "$lib" && mkdir -p "$lib"
(cd "$lib" && "${G[@]}" init -q . && echo x >x && "${G[@]}" add x && "${G[@]}" commit -qm x) \
  >/dev/null 2>&1 || bail_out "cannot make $lib"
SUBPLANT='mkdir -p planted && cp -a .git/modules/lib/. planted/ 2>/dev/null
printf "[core]\n\tfsmonitor = touch %s; false\n\tworktree = ../lib\n" "$1" >>planted/config
echo "gitdir: ../planted" >lib/.git; echo planted'
for profile in build build-noprotect; do
  fresh
  (cd "$REPO" && "${G[@]}" submodule add -q "$lib" lib && "${G[@]}" commit -qm sub) >/dev/null 2>&1 \
    || bail_out "cannot add a submodule"
  run_nu --profile=$profile --fallback=confine -- sh -c "$SUBPLANT" sh "$MARK"
  rm -f "$MARK"
  (cd "$REPO/lib" && git status >/dev/null 2>&1)
  if [ $profile = build ]; then
    check_eq "a submodule's .git file pointed at a planted Git directory is put back" \
      "gitdir: ../.git/modules/lib" "$(cat "$REPO/lib/.git")"
    check_eq "... and git status in the submodule runs nothing planted" no \
      "$([ -e "$MARK" ] && echo yes || echo no)"
  else
    check_eq "control: without Protect= git status in the submodule runs the plant" yes \
      "$([ -e "$MARK" ] && echo yes || echo no)"
  fi
done

# --- a launcher killed before it could put back: the next start does -----------------

for profile in build build-noprotect; do
  fresh
  "$NOUSERNS" "$SBOX" --quiet --profile=$profile --fallback=confine -- \
    sh -c "$PLANT"'; sleep 30' sh "$MARK" </dev/null >/dev/null 2>&1 &
  launcher=$!
  kill_at_exit "$launcher"
  wait_for 10 test -s "$REPO/.git/objects/build-note" # written after every plant
  kill -KILL "$launcher"
  wait "$launcher" 2>/dev/null
  check_eq "killed launcher ($profile): the plant is there once it is gone" yes \
    "$([ -x "$REPO/.git/hooks/post-checkout" ] && echo yes || echo no)"
  run_nu --profile=build --fallback=confine -- true
  if [ $profile = build ]; then
    check_contains "the next start says it checks what the killed one left" "$ERR" \
      "ended before sbox could check what it changed"
    check_contains "... and puts back the hook" "$ERR" \
      "sbox: the sandbox added .git/hooks/post-checkout in $REPO; removed it"
    check_eq "... which is gone" no \
      "$([ -e "$REPO/.git/hooks/post-checkout" ] && echo yes || echo no)"
    check_eq "... and .git/config is as it was" "$(cat "$SBOX_TMP/config.orig")" \
      "$(cat "$REPO/.git/config")"
    check_eq "... and the host's git checkout runs no planted hook" clean \
      "$(host_git checkout -q -b t1)"
  else
    check_eq "control: without Protect= the killed launcher's plant survives the next start" \
      planted "$(host_git checkout -q -b t1)"
  fi
done

# --- a normal build reports nothing -------------------------------------------------

fresh
cat >main.c <<'EOF'
#include <stdio.h>
int main (void) { puts ("hello from the build"); return 0; }
EOF
printf 'hello: main.o\n\t$(CC) -o $@ main.o\n\t./hello\n\tGIT_CONFIG_NOSYSTEM=1 git describe --always --dirty\n\tGIT_CONFIG_NOSYSTEM=1 git status --short\n%%.o: %%.c\n\t$(CC) -c -o $@ $<\n' \
  >Makefile
"${G[@]}" add main.c Makefile >/dev/null 2>&1 && "${G[@]}" commit -qm build >/dev/null 2>&1
run_nu --profile=build --fallback=confine -- make
check_rc "a normal build in a checkout succeeds in the confinement mode" 0
check_contains "... and ran" "$OUT" "hello from the build"
check_match "... git ran in it (describe, and status, which rewrites the index)" "$OUT" '^[0-9a-f]{7,}$'
check_not_contains "... and nothing is said to be put back" "$ERR" "sbox: the sandbox "
check_not_contains "... nor in --json-status-fd" "$STATUS" "put-back"
check_eq "... and its products stay" yes "$([ -x "$REPO/hello" ] && echo yes || echo no)"

# --- over the guard's limits the start is refused (fail closed) ---------------------

fresh
mkdir -p .vscode
seq 1 20001 | sed 's|^|.vscode/f|' | xargs touch
run_nu --profile=build --fallback=confine -- sh -c 'echo started'
check_rc "a protected entry too large to keep refuses the start (125)" 125
check_not_contains "... before the command runs" "$OUT" started
check_contains "... naming the entry" "$ERR" "$REPO/.vscode holds more than 20000 entries"
rm -rf .vscode
run_nu --profile=build --fallback=confine -- sh -c 'echo started'
check_contains "control: without it the same start runs" "$OUT" started

done_testing
