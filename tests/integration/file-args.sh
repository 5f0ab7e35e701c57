#!/bin/bash
# file-args.sh — files named on the command line ([Sandbox] FileArguments=,
# --file-arguments=): each existing file an argument names is visible at its
# path, that file alone, read-only or writable as the profile says; nothing
# else is forwarded. Menu entries forward %f/%U the same way. Without a
# user-dirs.dirs the xdg-* grants use the XDG defaults.
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

sbox_run --profile=viewer -- sh -c 'echo "$0"; cat "${0#file://}"' "file://$HOME/link.txt"
check_run_ok "a file:// URI through a symlink: rewritten to the real file's URI, readable" \
  "file://$docs/named.txt
the named one"
sbox_run --profile=viewer -- sh -c 'echo "$0"; cat "$0"' link.txt
check_run_ok "a symlink argument: rewritten to the real path" "$docs/named.txt
the named one"
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
