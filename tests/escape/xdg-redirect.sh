#!/bin/bash
# shellcheck disable=SC2088 # test names write ~ for the home
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# xdg-redirect.sh — an xdg-* grant (filesystems=xdg-download, ...) must not be
# redirected by a sandbox to the home, the host root or the home's secrets.
#
# xdg-download and its siblings resolve through ~/.config/user-dirs.dirs, a
# file any sandbox with ~/.config (filesystems=xdg-config, home) could once
# rewrite. A user directory that resolves to the home, a parent of it, a
# place outside it, into or over one of the home's secret or launch-point
# directories, or into a hidden (program data) directory is not granted (a one-line warning names the file and the
# value), and user-dirs.dirs itself is read-only under a broad grant.
# The controls name each target directly (~/.ssh, the link to it, the outside
# directory, ~/.thunderbird): it exists and a grant of it shows the secret;
# and a raw --bind of ~/.config (no broad-grant guard) rewrites user-dirs.dirs.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

unset XDG_CONFIG_HOME XDG_DATA_HOME
mkdir -p "$HOME/.ssh" "$HOME/.config" "$HOME/Downloads" "$SBOX_TMP/outside" \
  || bail_out "cannot make the home"
echo ssh-secret > "$HOME/.ssh/id_secret"
echo outside-secret > "$SBOX_TMP/outside/secret"
echo download > "$HOME/Downloads/file"
echo "# bashrc" > "$HOME/.bashrc"
ln -sfn .ssh "$HOME/dl"
dirs=$HOME/.config/user-dirs.dirs
home_name=$(basename "$HOME")

echo config-secret > "$HOME/.config/config-secret"
mkdir -p "$HOME/.thunderbird" && echo mail-secret > "$HOME/.thunderbird/mail"

# What the sandbox reads, one line each: the secrets at the paths they would
# be handed at, and the legitimate download; it also tries the host's
# ~/.bashrc (checked on the host: the sandbox's own home has one of its own).
probe='
cat "'"$HOME"'/.ssh/id_secret" 2>/dev/null || echo ssh:hidden
cat "'"$HOME"'/dl/id_secret" 2>/dev/null || echo dl:hidden
cat "'"$SBOX_TMP"'/outside/secret" 2>/dev/null || echo outside:hidden
cat "'"$HOME"'/.config/config-secret" 2>/dev/null || echo config:hidden
cat "'"$HOME"'/.thunderbird/mail" 2>/dev/null || echo mail:hidden
echo evil >> "'"$HOME"'/.bashrc" 2>/dev/null
cat "'"$HOME"'/Downloads/file" 2>/dev/null || echo download:hidden
'
hidden="ssh:hidden|dl:hidden|outside:hidden|config:hidden|mail:hidden|download:hidden"

# redirect LABEL VALUE: XDG_DOWNLOAD_DIR=VALUE must not hand anything over,
# and sbox must say so in one line naming the file and the value.
redirect ()
{
  printf 'XDG_DOWNLOAD_DIR="%s"\n' "$2" > "$dirs"
  sbox_run --noprofile --filesystem=xdg-download -- sh -c "$probe"
  check_eq "XDG_DOWNLOAD_DIR=$2 ($1): xdg-download shows nothing of it" \
    "$hidden" "$(printf '%s\n' "$OUT" | paste -sd'|')"
  check_eq "... the sandbox ran" "0" "$RC"
}
# warned VALUE: the one warning line names the file and what GLib read.
warned ()
{
  check_eq "... sbox warns in one line naming $dirs and \"$1\"" "1" \
    "$(printf '%s\n' "$ERR" | grep -F "$dirs" | grep -cF "\"$1\"")"
}

redirect "~/.ssh" '$HOME/.ssh'
warned "$HOME/.ssh"
redirect "the host root" '/'
warned "/"
redirect "the home through .." "\$HOME/../$home_name"
warned "$HOME/../$home_name"
redirect "~/.ssh through .." '$HOME/Downloads/../.ssh'
warned "$HOME/Downloads/../.ssh"
redirect "the parent of the home" '$HOME/..'
warned "$HOME/.."
redirect "a symlink in the home to ~/.ssh" '$HOME/dl'
warned "$HOME/dl"
redirect "outside the home" "$SBOX_TMP/outside"
warned "$SBOX_TMP/outside"
redirect "~/.config, which holds user-dirs.dirs" '$HOME/.config'
warned "$HOME/.config"
redirect "~/.local, which holds ~/.local/share" '$HOME/.local'
warned "$HOME/.local"
redirect "a program's hidden data directory" '$HOME/.thunderbird'
warned "$HOME/.thunderbird"
redirect "a launch point (~/.bashrc)" '$HOME/.bashrc'
warned "$HOME/.bashrc"
check_eq "... the host's ~/.bashrc is unchanged, whatever the redirections" "# bashrc" \
  "$(cat "$HOME/.bashrc")"
# xdg-user-dirs writes "$HOME/" for a directory the user removed: skipped
# like a missing directory, quietly.
redirect "the home (a disabled entry)" '$HOME/'
check_not_contains "... without a warning: it is how a removed directory is written" "$ERR" \
  "user-dirs.dirs"

printf 'XDG_DOWNLOAD_DIR="%s"\n' '$HOME/.ssh' > "$dirs"
printf '[Profile]\nDescription=x\n[Sandbox]\nMounts=ro-bind:${XDG_DOWNLOAD_DIR}:/mnt/dl\n' \
  > "$SBOX_TMP/expand.profile"
sbox_run --profile="$SBOX_TMP/expand.profile" -- cat /mnt/dl/id_secret
check_eq "\${XDG_DOWNLOAD_DIR} leading to ~/.ssh is refused (sbox's own error)" "125" "$RC"
check_contains "... naming user-dirs.dirs" "$ERR" "user-dirs.dirs"
check_not_contains "... and the secret is not shown" "$OUT" "ssh-secret"

printf 'XDG_DOWNLOAD_DIR="%s"\n' '$HOME/Downloads' > "$dirs"
sbox_run --noprofile --filesystem=xdg-download -- sh -c "$probe
echo new > '$HOME/Downloads/new'"
check_eq "a legitimate XDG_DOWNLOAD_DIR=\$HOME/Downloads is granted" \
  "ssh:hidden|dl:hidden|outside:hidden|config:hidden|mail:hidden|download" "$(printf '%s\n' "$OUT" | paste -sd'|')"
check_eq "... read-write" "new" "$(cat "$HOME/Downloads/new" 2>/dev/null)"
check_not_contains "... without a warning" "$ERR" "user-dirs.dirs"
rm -f "$HOME/Downloads/new"

# The broad grant that could rewrite the file: read-only under it.
write_dirs='echo "XDG_DOWNLOAD_DIR=\"\$HOME/.ssh\"" > "$1" 2>/dev/null && echo written'
sbox_run --noprofile --filesystem=xdg-config -- sh -c "$write_dirs" sh "$dirs"
check_eq "--filesystem=xdg-config cannot rewrite ~/.config/user-dirs.dirs" "" "$OUT"
check_eq "... it is unchanged on the host" "XDG_DOWNLOAD_DIR=\"\$HOME/Downloads\"" "$(cat "$dirs")"
sbox_run --noprofile --filesystem=home -- sh -c "$write_dirs" sh "$dirs"
check_eq "--filesystem=home cannot rewrite ~/.config/user-dirs.dirs" "" "$OUT"
mkdir -p "$HOME/cfg"
cp "$dirs" "$HOME/cfg/user-dirs.dirs"
XDG_CONFIG_HOME=$HOME/cfg sbox_run --noprofile --filesystem=xdg-config -- \
  sh -c "$write_dirs" sh "$HOME/cfg/user-dirs.dirs"
check_eq "... nor xdg-config its \$XDG_CONFIG_HOME/user-dirs.dirs" "" "$OUT"

# Controls: the attack's target is there, and each protection is what stops it.
sbox_run --noprofile --filesystem='~/.ssh' -- sh -c "$probe"
check_contains "control: --filesystem=~/.ssh shows the secret" "$OUT" "ssh-secret"
sbox_run --noprofile --filesystem='~/dl' -- sh -c "$probe"
check_contains "control: --filesystem=~/dl (the link) shows it too" "$OUT" "ssh-secret"
sbox_run --noprofile --filesystem="$SBOX_TMP/outside" -- sh -c "$probe"
check_contains "control: a grant of the outside directory shows its secret" "$OUT" "outside-secret"
sbox_run --noprofile --filesystem='~/.thunderbird' -- sh -c "$probe"
check_contains "control: --filesystem=~/.thunderbird shows the mail" "$OUT" "mail-secret"
sbox_run --noprofile --bind "$HOME/.config" "$HOME/.config" -- sh -c "$write_dirs" sh "$dirs"
check_eq "control: a raw --bind of ~/.config rewrites user-dirs.dirs" "written" "$OUT"
check_eq "control: ... on the host" "XDG_DOWNLOAD_DIR=\"\$HOME/.ssh\"" "$(cat "$dirs")"

done_testing
