#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# editor-vcs.sh — the document editors write ~/Documents (and the desktop,
# downloads, pictures); a checkout kept there keeps its VCS metadata
# read-only, since the host runs Git in it later.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

command -v git >/dev/null || skip_all "git is needed"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
export GIT_CONFIG_NOSYSTEM=1
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
mkdir -p "$HOME/.config" "$HOME/Documents/thesis"
printf 'XDG_DOCUMENTS_DIR="$HOME/Documents"\n' >"$HOME/.config/user-dirs.dirs"
git -C "$HOME/Documents/thesis" init -q .
plant='git -C "$HOME/Documents/thesis" config core.fsmonitor "touch /tmp/planted; false" && echo WROTE'
for profile in gedit libreoffice gimp inkscape; do
  sbox_run --profile="$profile" -- sh -c "$plant"
  check_not_contains "$profile: a checkout in ~/Documents keeps its Git config read-only" "$OUT" WROTE
  sbox_run --profile="$profile" -- sh -c 'echo text > "$HOME/Documents/thesis/chapter.txt" && echo SAVED'
  check_run_ok "$profile: ... while documents there can still be saved" SAVED
done
sbox_run --noprofile --filesystem=xdg-documents -- sh -c "$plant"
check_contains "control: the same grant without Protect= lets the config be rewritten" "$OUT" WROTE

done_testing
