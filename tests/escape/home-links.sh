#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# home-links.sh — a symlink directly in the home must not carry a grant out
# of the home, onto the home itself, or into sbox's own state.
#
# The attack: a sandbox that can write the home (--filesystem=home) replaces
# ~/Downloads by `-> /`. Links directly in the home used to be trusted
# ("whoever writes the home can rewrite ~/.profile anyway"), so the next
# sandbox granted ~/Downloads (xdg-download, a profile's Mounts=, an
# absolute --filesystem) wrote the host's /tmp and saw /run/user. The same
# trick with `~/x -> .` handed over the whole home, and with
# `~/Downloads -> .config/sbox` sbox's own configuration. The plan-time
# checks only judged ~/-spelled grants, and a link swapped in after them
# was followed at setup. Now the object setup opens is judged where it
# lies: a grant under the home ends in it, on the home itself only when it
# names the home, and in (or over) sbox's state only when it names that.
#
# CONTROLS: on the host the links lead where the attack says, and a raw
# --bind of ~/Downloads (the user names it on the command line) follows
# the link and writes the host's /tmp.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

unset XDG_DATA_HOME
export XDG_CONFIG_HOME=$HOME/.config
mkdir -p "$HOME/.config/sbox" "$HOME/Downloads" "$HOME/work/proj" || bail_out "cannot make the home"
echo "proj-$$" >"$HOME/work/proj/file"
echo "home-$$" >"$HOME/home-file"
echo "state-$$" >"$HOME/.config/sbox/state-file"
printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n' >"$HOME/.config/user-dirs.dirs"
profiles=$SBOX_TMP/profiles
mkdir -p "$profiles"
export SBOX_PROFILE_PATH=$profiles:${SBOX_PROFILES_DIR:-$_here/../../profiles}

seen=/tmp/sbox-home-links-$$-seen
made=/tmp/sbox-home-links-$$-made
echo "host-tmp-$$" >"$seen"
remove_at_exit "$seen" "$made"

# What a sandbox granted ~/Downloads tries when ~/Downloads leads to "/".
probe="cat $HOME/Downloads$seen 2>/dev/null; touch $HOME/Downloads$made 2>/dev/null;
test -d $HOME/Downloads/run/user && echo run-user-listed; true"

# --- (1) ~/Downloads -> / ------------------------------------------------------------

sbox_run --noprofile --filesystem=home -- sh -c "rm -rf $HOME/Downloads && ln -s / $HOME/Downloads"
check_rc "a sandbox with --filesystem=home replaces ~/Downloads by a link to / (the attack's first half)" 0
check_eq "control: on the host ~/Downloads now leads to /" "/" "$(readlink "$HOME/Downloads")"
check_eq "control: through it the host's /tmp is read" "host-tmp-$$" "$(cat "$HOME/Downloads$seen")"
check "control: ... and /run/user is there" test -d "$HOME/Downloads/run/user"

# not_through LABEL: the last run neither read nor wrote the host's /tmp
# nor saw /run/user through ~/Downloads.
not_through ()
{
  check_not_contains "$1: the host's /tmp is not read" "$OUT" "host-tmp-$$"
  check "$1: the host's /tmp is not written" test ! -e "$made"
  check_not_contains "$1: /run/user is not listed" "$OUT" "run-user-listed"
  rm -f "$made"
}

sbox_run --noprofile --filesystem=xdg-download -- sh -c "$probe"
not_through "xdg-download (user-dirs.dirs names ~/Downloads)"
check_rc "... the optional grant is dropped, the sandbox runs" 0
check_contains "... with a warning naming the grant" "$ERR" "filesystems=xdg-download not granted"

mv "$HOME/.config/user-dirs.dirs" "$HOME/.config/user-dirs.dirs.off"
sbox_run --noprofile --filesystem=xdg-download -- sh -c "$probe"
not_through "xdg-download (no user-dirs.dirs: GLib's default)"
sbox_run --profile=gedit -- sh -c "$probe"
not_through "--profile=gedit (no user-dirs.dirs)"
mv "$HOME/.config/user-dirs.dirs.off" "$HOME/.config/user-dirs.dirs"
sbox_run --profile=gedit -- sh -c "$probe"
not_through "--profile=gedit"

sbox_run --noprofile --filesystem="~/Downloads" -- sh -c "$probe"
not_through "--filesystem=~/Downloads"
check_rc "... refused (125)" 125
check_match "... in one line naming the grant and its origin" "$ERR" \
  "^sbox: command line: .*~/Downloads.*(leads out|home)"

sbox_run --noprofile --filesystem="$HOME/Downloads" -- sh -c "$probe"
not_through "--filesystem=\$HOME/Downloads (an absolute path in the home)"
check_rc "... refused (125)" 125

# Mounts= is judged only at setup, where the link is met: the same check
# that catches a link swapped in after the plan was made.
cat >"$profiles/dl-mount.profile" <<EOF
[Sandbox]
Mounts=bind:$HOME/Downloads:$HOME/Downloads
EOF
sbox_run --profile=dl-mount -- sh -c "$probe"
not_through "Mounts=bind of ~/Downloads (judged when setup opens it)"
check_rc "... refused (125)" 125
check_match "... in one line naming the profile line and the source" "$ERR" \
  "^sbox: .*dl-mount.profile:2: cannot bind $HOME/Downloads: .*leads out"

# CONTROL: named on the command line, the link is followed.
sbox_run --noprofile --bind "$HOME/Downloads" /mnt -- sh -c \
  "cat /mnt$seen; touch /mnt$made; test -d /mnt/run/user && echo run-user-listed"
check_contains "control: --bind ~/Downloads /mnt reads the host's /tmp through the link" \
  "$OUT" "host-tmp-$$"
check "control: ... and writes it" test -e "$made"
check_contains "control: ... and lists /run/user" "$OUT" "run-user-listed"
rm -f "$made"

# --- (2) ~/x -> . (the home itself) --------------------------------------------------

ln -s . "$HOME/x"
check_eq "control: on the host ~/x is the home" "home-$$" "$(cat "$HOME/x/home-file")"
# shellcheck disable=SC2088 # the literal ~ is the grant under test: sbox expands it
for grant in "~/x" "$HOME/x"; do
  sbox_run --noprofile --filesystem="$grant" -- cat "$HOME/x/home-file"
  check_not_contains "--filesystem=$grant (-> the home) does not hand over the home" "$OUT" "home-$$"
  check_rc "... refused (125)" 125
done
printf '[Sandbox]\nMounts=bind:%s/x:/mnt/x\n' "$HOME" >"$profiles/x-mount.profile"
sbox_run --profile=x-mount -- cat /mnt/x/home-file
check_not_contains "Mounts=bind of ~/x (-> the home) does not hand over the home" "$OUT" "home-$$"
check_rc "... refused (125)" 125
sbox_run --noprofile --filesystem=home:ro -- cat "$HOME/home-file"
check_run_ok "control: a grant that names the home gets it" "home-$$"

# --- (3) ~/Downloads -> .config/sbox (sbox's own state) -----------------------------

rm -f "$HOME/Downloads" && ln -s .config/sbox "$HOME/Downloads"
check_eq "control: on the host ~/Downloads now shows sbox's state" "state-$$" \
  "$(cat "$HOME/Downloads/state-file")"
sbox_run --noprofile --filesystem="~/Downloads" -- cat "$HOME/Downloads/state-file"
check_not_contains "--filesystem=~/Downloads (-> ~/.config/sbox) does not hand over sbox's state" \
  "$OUT" "state-$$"
check_rc "... refused (125), not merely warned about" 125
sbox_run --noprofile --filesystem=xdg-download -- cat "$HOME/Downloads/state-file"
check_not_contains "xdg-download (-> ~/.config/sbox) does not hand over sbox's state" "$OUT" "state-$$"
sbox_run --profile=dl-mount -- cat "$HOME/Downloads/state-file"
check_not_contains "Mounts=bind of ~/Downloads (-> ~/.config/sbox) does not either" "$OUT" "state-$$"
check_rc "... refused (125)" 125
rm -f "$HOME/Downloads" && ln -s .config "$HOME/Downloads"
sbox_run --profile=dl-mount -- cat "$HOME/Downloads/sbox/state-file"
check_not_contains "Mounts=bind of ~/Downloads (-> ~/.config, which holds it) does not either" \
  "$OUT" "state-$$"
check_rc "... refused (125)" 125
sbox_run --noprofile --filesystem="~/.config/sbox:ro" -- cat "$HOME/.config/sbox/state-file"
check_run_ok "control: a grant that names ~/.config/sbox exactly gets it" "state-$$"

# --- (4) the user's own links inside the home keep working ---------------------------

rm -f "$HOME/Downloads" && mkdir -p "$HOME/Downloads"
ln -s "$HOME/work/proj" "$HOME/proj"
ln -s work/proj "$HOME/proj-rel"
# shellcheck disable=SC2088 # the literal ~ is the grant under test: sbox expands it
for grant in "~/proj" "$HOME/proj" "~/proj-rel"; do
  sbox_run --noprofile --filesystem="$grant" -- cat "${grant/#\~/$HOME}/file"
  check_run_ok "--filesystem=$grant (the user's link inside the home) works" "proj-$$"
done
printf '[Sandbox]\nMounts=ro-bind:%s/proj:/mnt/proj\n' "$HOME" >"$profiles/proj-mount.profile"
sbox_run --profile=proj-mount -- cat /mnt/proj/file
check_run_ok "Mounts=ro-bind through the user's link inside the home works" "proj-$$"

# A checkout reached through the user's own link out of the home: the
# project directory is where the caller physically is, not a walk through
# the link.
mkdir -p "$SBOX_TMP/outside/src/proj"
ln -s "$SBOX_TMP/outside/src" "$HOME/src"
pushd "$HOME/src/proj" >/dev/null || bail_out "cannot enter ~/src/proj"
export PWD
sbox_run --profile=build -- sh -c 'touch built && pwd'
popd >/dev/null || bail_out "cannot leave ~/src/proj"
check_run_ok "--profile=build in ~/src/proj (~/src -> outside the home) works" "$HOME/src/proj"
check "... and wrote the checkout" test -e "$SBOX_TMP/outside/src/proj/built"

done_testing
