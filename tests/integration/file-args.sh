#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# file-args.sh — files named on the command line ([Sandbox] FileArguments=,
# --file-arguments=): each existing file an argument names is visible at its
# path, that file alone, read-only or writable as the profile says; nothing
# else is forwarded. Menu entries forward %f/%U the same way. Without a
# user-dirs.dirs the xdg-* grants use the XDG defaults.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export SBOX_PROFILE_PATH=$SBOX_TMP/profiles
mkdir -p "$SBOX_PROFILE_PATH"
unset XDG_CONFIG_HOME XDG_DATA_HOME DISPLAY WAYLAND_DISPLAY
cat >"$SBOX_PROFILE_PATH/viewer.profile" <<'EOF'
[Profile]
Description=test viewer
[Sandbox]
Home=tmpfs
FileArguments=ro
EOF
sed 's/FileArguments=ro/FileArguments=rw/; s/test viewer/test editor/' \
  "$SBOX_PROFILE_PATH/viewer.profile" >"$SBOX_PROFILE_PATH/editor.profile"

docs=$HOME/Documents
mkdir -p "$docs" "$HOME/other dir"
echo "the named one" >"$docs/named.txt"
echo "a sibling" >"$docs/sibling.txt"
echo "odd name" >"$HOME/other dir/a;b:ro \$x.txt"
ln -sf Documents/named.txt "$HOME/link.txt"
cd "$HOME" || bail_out "no home"

# --- read-only ------------------------------------------------------------------------------

sbox_run --profile=viewer -- cat Documents/named.txt
check_run_ok "FileArguments=ro: a relative file argument is readable inside" "the named one"
sbox_run --profile=viewer -- sh -c 'echo changed >"$0"' "$docs/named.txt"
check_ne "FileArguments=ro: the named file cannot be written" 0 "$RC"
check_eq "... and is unchanged on the host" "the named one" "$(cat "$docs/named.txt")"
sbox_run --profile=viewer -- sh -c 'cat "$0"; test -e "$1/sibling.txt" && echo sibling-visible; ls "$1"' \
  "$docs/named.txt" "$docs"
check_run_ok "only the named file: its sibling stays hidden, the directory shows it alone" "the named one
named.txt"
sbox_run --noprofile -- cat "$docs/named.txt"
check_ne "control: without FileArguments the named file is not visible" 0 "$RC"
sbox_run --profile=viewer --file-arguments=none -- cat "$docs/named.txt"
check_ne "control: --file-arguments=none overrides the profile" 0 "$RC"

sbox_run --profile=viewer -- sh -c 'echo "$0"; cat "${0#file://}"' "file://$docs/named.txt"
check_run_ok "a file:// URI: forwarded, readable" "file://$docs/named.txt
the named one"
sbox_run --profile=viewer -- sh -c 'echo "$0"; cat "$0"' ./Documents/../Documents/named.txt
check_run_ok "a relative argument with ..: rewritten to the real path" "$docs/named.txt
the named one"
# A symlink in a directory the user can write may be a sandbox's plant
# (~/Downloads/report.pdf -> ~/.config/gh/hosts.yml): never followed.
mkdir -p "$HOME/.config/gh"
echo "GH_TOKEN_SECRET" >"$HOME/.config/gh/hosts.yml"
ln -sf ../.config/gh/hosts.yml "$docs/planted.txt"
sbox_run --profile=viewer -- cat "$docs/planted.txt"
check_ne "a symlink planted in ~/Documents is not followed into ~/.config" 0 "$RC"
check_not_contains "... the token does not reach the app" "$OUT" "GH_TOKEN_SECRET"
check_contains "... and a warning names the link" "$ERR" "goes through the symlink $docs/planted.txt (to ../.config/gh/hosts.yml)"
sbox_run --profile=viewer -- cat "file://$docs/planted.txt"
check_ne "... nor as a file:// URI" 0 "$RC"
sbox_run --profile=viewer -- cat "$HOME/link.txt"
check_ne "... nor the user's own link in the home (name the file itself)" 0 "$RC"
sbox_run --profile=viewer -- cat "$HOME/.config/gh/hosts.yml"
check_run_ok "control: the file the link names, named itself, is forwarded" "GH_TOKEN_SECRET"
if [ -L /etc/os-release ] && [ ! -w /etc ]; then
  sbox_run --profile=viewer -- sh -c 'echo "$0"' /etc/os-release
  check_eq "a symlink in a directory the user cannot write is followed" "$(readlink -f /etc/os-release)" "$OUT"
else
  skip "a symlink in a directory the user cannot write is followed" "/etc/os-release is not a link"
fi
sbox_run --profile=viewer -- cat "other dir/a;b:ro \$x.txt"
check_run_ok "a name with spaces, ';', ':ro' and '\$' is forwarded as it is" "odd name"

sbox_run --profile=viewer -- sh -c 'ls -A "$0" | wc -l; echo "$1"; test -e "$HOME/Documents/sibling.txt" || echo no-sibling' \
  "$HOME" --opt="$docs/sibling.txt"
check_run_ok "a directory argument (the home) and an option's value are not forwarded" "0
--opt=$docs/sibling.txt
no-sibling"
sbox_run --profile=viewer -- sh -c 'echo "$0"' missing.txt
check_run_ok "an argument naming no file is left as it is" "missing.txt"

sbox_run --print-plan --profile=viewer -- cat Documents/named.txt
check_contains "--print-plan shows the forwarded file and where the grant comes from" "$OUT" \
  "ro-bind $docs/named.txt $docs/named.txt  # argument 1 ("
check_contains "... and the command with the argument rewritten" "$OUT" "cat $docs/named.txt"


# --- what is never forwarded ----------------------------------------------------------------

mkdir -p "$HOME/.ssh" "$HOME/.config/sbox"
echo "PRIVATE KEY" >"$HOME/.ssh/id_rsa"
echo "[sbox]" >"$HOME/.config/sbox/sbox.conf"
sbox_run --profile=viewer -- cat "$HOME/.ssh/id_rsa"
check_ne "a key in ~/.ssh named on the command line is not forwarded" 0 "$RC"
check_not_contains "... its content does not reach the app" "$OUT" "PRIVATE KEY"
check_contains "... and a warning says why and how to grant it" "$ERR" \
  "sbox: warning: argument 1 ($HOME/.ssh/id_rsa) is, is in or holds $HOME/.ssh (holds SSH keys): not forwarded"
sbox_run --profile=viewer -- cat "file://$HOME/.ssh/id_rsa"
check_ne "... nor as a file:// URI" 0 "$RC"
sbox_run --profile=viewer --filesystem="$HOME/.ssh/id_rsa:ro" -- cat "$HOME/.ssh/id_rsa"
check_run_ok "control: a grant naming the key shows it" "PRIVATE KEY"
sbox_run --profile=editor -- sh -c 'echo x >>"$0"' "$HOME/.config/sbox/sbox.conf"
check_ne "sbox's own configuration is not forwarded, even to an editor" 0 "$RC"
check_eq "... and is unchanged" "[sbox]" "$(cat "$HOME/.config/sbox/sbox.conf")"
rm -rf "$HOME/.config/sbox"
echo "# rc" >"$HOME/.bashrc"
sbox_run --profile=editor -- sh -c 'cat "$0"; echo planted >>"$0"' "$HOME/.bashrc"
check_eq "a launch point (~/.bashrc) named to an rw editor is forwarded read-only" "# rc" "$OUT"
check_eq "... the host's ~/.bashrc is unchanged" "# rc" "$(cat "$HOME/.bashrc")"
check_contains "... and a warning says so" "$ERR" "forwarded read-only"

# --- read-write -----------------------------------------------------------------------------

sbox_run --profile=editor -- sh -c 'echo saved >>"$0"; test -e "$HOME/Documents/sibling.txt" || echo no-sibling' \
  "$docs/named.txt"
check_run_ok "FileArguments=rw: the named file is writable, its sibling still hidden" "no-sibling"
check_eq "... and the change is on the host" "the named one
saved" "$(cat "$docs/named.txt")"
if command -v gio >/dev/null; then
  sbox_run --profile=editor --filesystem="$docs" -- sh -c 'echo renamed | gio save "$0"' "$docs/named.txt"
  check_rc "a file the view shows writable anyway is not bound again: a save by rename (gio save) works" 0
  check_eq "... and the saved text is on the host" "renamed" "$(cat "$docs/named.txt")"
fi
sbox_run --profile=editor --filesystem="$docs:ro" -- sh -c 'echo more >>"$0"; test -w "$1" || echo sibling-ro' \
  "$docs/named.txt" "$docs/sibling.txt"
check_run_ok "FileArguments=rw under a read-only grant: the named files are bound writable" ""
sbox_run --profile=editor --file-arguments=ro -- sh -c 'echo more >>"$0"' "$docs/named.txt"
check_ne "--file-arguments=ro narrows an rw profile" 0 "$RC"

printf '[Profile]\nDescription=x\n[Sandbox]\nFileArguments=yes\n' >"$SBOX_PROFILE_PATH/bad.profile"
sbox_run --check-profile=bad
check_ne "FileArguments=yes is refused by --check-profile" 0 "$RC"
check_contains "... naming the file and line" "$ERR" "bad.profile:4"

# --- menu entries: the launcher's %f/%U reach the sandbox -----------------------------------

if command -v gio >/dev/null; then
  apps=$SBOX_TMP/apps
  mkdir -p "$apps"
  printf '[Desktop Entry]\nType=Application\nName=Viewer\nExec=%s --profile=viewer -- cat %%f\n' \
    "$SBOX" >"$apps/viewer.desktop"
  timeout 20 gio launch "$apps/viewer.desktop" "$docs/sibling.txt" >"$SBOX_TMP/launched" 2>&1
  wait_for 10 grep -q sibling "$SBOX_TMP/launched"
  check_eq "a menu entry's %f (gio launch FILE) is forwarded into the sandbox" "a sibling" \
    "$(cat "$SBOX_TMP/launched")"
else
  skip "a menu entry's %f is forwarded" "gio is not installed"
fi

# --- xdg-* without a user-dirs.dirs -----------------------------------------------------------

rm -f "$HOME/.config/user-dirs.dirs"
sbox_run --noprofile --verbose --filesystem=xdg-documents:ro -- ls "$docs"
check_contains "no user-dirs.dirs: xdg-documents is the XDG default ~/Documents" "$OUT" "sibling.txt"
check_contains "... and --verbose says so" "$ERR" "xdg-documents: no $HOME/.config/user-dirs.dirs, using the XDG default $docs"
sbox_run --noprofile --filesystem=xdg-music:ro -- true
check_run_ok "no user-dirs.dirs and no ~/Music: xdg-music grants nothing, no error" ""
mkdir -p "$HOME/.config" "$HOME/Papers"
echo "papers" >"$HOME/Papers/p.txt"
printf 'XDG_DOCUMENTS_DIR="$HOME/Papers"\n' >"$HOME/.config/user-dirs.dirs"
sbox_run --noprofile --filesystem=xdg-documents:ro -- sh -c 'cat "$0"; test -e "$1" || echo default-hidden' \
  "$HOME/Papers/p.txt" "$docs/sibling.txt"
check_run_ok "with a user-dirs.dirs, its directory is used, not the default" "papers
default-hidden"
rm -f "$HOME/.config/user-dirs.dirs"

done_testing
