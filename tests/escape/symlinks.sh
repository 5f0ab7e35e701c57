#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# symlinks.sh — a sandbox that can write somewhere plants symlinks there;
# a later grant must not be led out of its place by them.
#
# The attack: a sandbox with a writable host directory (here ~/Downloads,
# a private home, persistent storage) plants `x -> /oldroot$HOME/.ssh`,
# `x -> $HOME/.ssh` or `x -> ../.ssh`; a second sandbox is then granted
# ~/Downloads/x (by --filesystem, xdg-download/x or a profile's Mounts=).
# Setup used to resolve bind sources below its staging root, where
# /oldroot is the host's "/", so even a link that leads nowhere on the host
# exposed ~/.ssh. sbox now opens every source in the caller's own view and
# follows a link met in a directory the caller can write only when it
# stays in that directory.
#
# Each planted link is paired with a CONTROL showing the precondition is
# real: followed on the host (or with /oldroot read as "/", the way the
# staging root read it) the link reaches the secret.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

secret="secret-key-$$"
mkdir -p "$HOME/.ssh" "$HOME/Downloads" "$HOME/Documents" "$HOME/work/proj" "$HOME/.config"
echo "$secret" >"$HOME/.ssh/id_rsa"
echo "doc-$$" >"$HOME/Documents/note"
echo "proj-$$" >"$HOME/work/proj/file"
printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n' >"$HOME/.config/user-dirs.dirs"
export XDG_CONFIG_HOME=$HOME/.config
profiles=$SBOX_TMP/profiles
mkdir -p "$profiles"
export SBOX_PROFILE_PATH=$profiles

# --- (1) links planted by a sandbox with a writable grant -------------------------

sbox_run --noprofile --filesystem=~/Downloads -- sh -c "
  mkdir -p $HOME/Downloads/sub &&
  ln -s /oldroot$HOME/.ssh $HOME/Downloads/x-oldroot &&
  ln -s $HOME/.ssh $HOME/Downloads/x-abs &&
  ln -s ../.ssh $HOME/Downloads/x-rel &&
  ln -s ../../.ssh $HOME/Downloads/sub/x-rel2 &&
  ln -s x-abs $HOME/Downloads/x-chain"
check_rc "a sandbox with ~/Downloads plants links there (the attack's first half)" 0

# CONTROL: the links reach the secret when followed the way they read.
target=$(readlink "$HOME/Downloads/x-oldroot")
check_eq "control: x-oldroot names the secret once /oldroot is read as / (the staging root)" \
  "$secret" "$(cat "${target#/oldroot}/id_rsa" 2>&1)"
for link in x-abs x-rel sub/x-rel2 x-chain; do
  check_eq "control: ~/Downloads/$link reaches the secret on the host" "$secret" \
    "$(cat "$HOME/Downloads/$link/id_rsa" 2>&1)"
done

for link in x-oldroot x-abs x-rel sub/x-rel2 x-chain; do
  sbox_run --noprofile --filesystem="~/Downloads/$link" -- cat "$HOME/Downloads/$link/id_rsa"
  check_not_contains "--filesystem=~/Downloads/$link does not expose ~/.ssh" "$OUT" "$secret"
  check_ne "... and the command does not read it (exit $RC)" 0 "$RC"
done
sbox_run --noprofile --filesystem="~/Downloads/x-abs" -- true
check_rc "a ~/ grant through a planted link is refused (125)" 125
check_match "the refusal names the link and where it leads" "$ERR" \
  "sbox: .*Downloads/x-abs.*(leads out|home)"

sbox_run --noprofile --filesystem=xdg-download/x-abs -- cat "$HOME/Downloads/x-abs/id_rsa"
check_not_contains "xdg-download/x-abs does not expose ~/.ssh" "$OUT" "$secret"
check_contains "... the optional grant is skipped with a warning naming the link" "$ERR" \
  "leads out of $HOME/Downloads"

sbox_run --noprofile --filesystem=xdg-download/x-oldroot -- cat "$HOME/Downloads/x-oldroot/id_rsa"
check_not_contains "xdg-download/x-oldroot does not expose ~/.ssh" "$OUT" "$secret"

cat >"$profiles/mnt.profile" <<EOF
[Sandbox]
Mounts=ro-bind:$HOME/Downloads/x-rel:/mnt/keys
EOF
sbox_run --profile=mnt -- cat /mnt/keys/id_rsa
check_not_contains "Mounts=ro-bind of a planted link does not expose ~/.ssh" "$OUT" "$secret"
check_rc "... and is refused (125)" 125
check_contains "... with the profile's file and line" "$ERR" "mnt.profile:2:"

# --- (2) dangling links, and targets that appear later ------------------------------

ln -s "/oldroot$HOME/.ssh-later" "$HOME/Downloads/d-oldroot"
ln -s "$HOME/.ssh-later" "$HOME/Downloads/d-abs"
sbox_run --noprofile --filesystem=~/Downloads/d-abs -- test -e "$HOME/Downloads/d-abs"
check_rc "a dangling optional grant is skipped (nothing there), the sandbox starts" 1
mkdir -p "$HOME/.ssh-later"
echo "$secret" >"$HOME/.ssh-later/id_rsa"
check_eq "control: the link made dangling now reaches a secret on the host" "$secret" \
  "$(cat "$HOME/Downloads/d-abs/id_rsa" 2>&1)"
for link in d-oldroot d-abs; do
  sbox_run --noprofile --filesystem="~/Downloads/$link" -- cat "$HOME/Downloads/$link/id_rsa"
  # shellcheck disable=SC2088 # a test name
  check_not_contains "~/Downloads/$link, whose target appeared later, does not expose it" \
    "$OUT" "$secret"
done
cat >"$profiles/dangle.profile" <<EOF
[Sandbox]
Mounts=ro-bind:$HOME/Downloads/d-oldroot:/mnt/keys
EOF
sbox_run --profile=dangle -- true
check_rc "a required source through a link dangling in the caller's view is refused (125)" 125
check_contains "... naming the source" "$ERR" "Downloads/d-oldroot"

# --- (3) links planted in sbox's own storage for the next start ---------------------

storage=$HOME/.local/share/sbox/home
printf '[Sandbox]\nHome=private\n' >"$profiles/priv.profile"
sbox_run --profile=priv -- sh -c "ln -s /oldroot$HOME/.ssh ~/.keep && ln -s $HOME/.ssh ~/.keep2"
check_rc "a private home plants links for its next start" 0
check "control: the planted link lies in the storage" test -L "$storage/priv/.keep"
printf '[Sandbox]\nHome=private\n[Context]\npersistent=.keep;\n' >"$profiles/priv.profile"
sbox_run --profile=priv -- cat "$HOME/.keep/id_rsa"
check_rc "persistent= over a planted link in the private home is refused (125)" 125
check_not_contains "... and the key does not leak" "$OUT" "$secret"
printf '[Sandbox]\nHome=private\n[Context]\npersistent=.keep2;\n' >"$profiles/priv.profile"
sbox_run --profile=priv -- cat "$HOME/.keep2/id_rsa"
check_not_contains "persistent= over a link to \$HOME/.ssh does not leak either" "$OUT" "$secret"
check_rc "... (125)" 125

# The storage base itself: a sandbox that can write ~/.local/share replaces
# it with a link; the next private home must not be opened through it.
# (A broad grant such as xdg-data hides sbox's storage, broad-grants.sh; a
# raw bind, which is never guarded, stands for whatever else could write it.)
mkdir -p "$HOME/vault/priv2"
echo "$secret" >"$HOME/vault/priv2/id_rsa"
sbox_run --noprofile --filesystem=xdg-data -- sh -c "rm -rf $storage; ln -s ../../../vault $storage"
check "a broad xdg-data grant cannot replace the storage base (hidden, read-only)" \
  test -d "$storage" -a ! -L "$storage"
sbox_run --noprofile --bind "$HOME/.local/share" "$HOME/.local/share" -- sh -c \
  "rm -rf $storage && ln -s ../../../vault $storage"
check_rc "a sandbox with a raw bind of ~/.local/share replaces the storage base by a link" 0
check_eq "control: through that link the next private home would be the vault" "$secret" \
  "$(cat "$storage/priv2/id_rsa" 2>&1)"
printf '[Sandbox]\nHome=private\n' >"$profiles/priv2.profile"
sbox_run --profile=priv2 -- cat "$HOME/id_rsa"
check_not_contains "a private home is never opened through a link planted at the storage base" \
  "$OUT" "$secret"
check_rc "... (125)" 125
rm -f "$storage"

# --- (4) what must keep working ----------------------------------------------------------

sbox_run --noprofile --filesystem=~/Documents:ro -- cat "$HOME/Documents/note"
check_run_ok "a ~/ grant of a real directory works" "doc-$$"

ln -s "$HOME/work/proj" "$HOME/proj-abs"
ln -s work/proj "$HOME/proj-rel"
for link in proj-abs proj-rel; do
  sbox_run --noprofile --filesystem="~/$link" -- cat "$HOME/$link/file"
  check_run_ok "a ~/ grant through the user's own link ~/$link (inside the home) works" "proj-$$"
done
ln -s proj "$HOME/work/proj-same-dir"
sbox_run --noprofile --filesystem="~/work/proj-same-dir" -- cat "$HOME/work/proj-same-dir/file"
check_run_ok "a link that stays in its own directory is followed" "proj-$$"

ln -s /usr/share/doc "$HOME/doc-link"
sbox_run --noprofile --ro-bind "$HOME/doc-link" /mnt/doc -- test -d /mnt/doc/bash
check_rc "--ro-bind of a host symlink the user named follows it in the caller's view" 0
sbox_run --noprofile --ro-bind "$HOME/Downloads/x-abs" /mnt/keys -- cat /mnt/keys/id_rsa
check_run_ok "control: what the user names on the command line is bound as named" "$secret"

done_testing
