#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# broad-grants.sh — a broad grant (--filesystem=home, filesystems=xdg-config,
# Home=host) must not hand over sbox's own state or the host's launch points.
#
# Under such a grant sbox's configuration and storage (~/.config/sbox,
# ~/.local/share/sbox, $XDG_RUNTIME_DIR/sbox) are hidden, and what the host
# runs later (shell startup files, autostart and menu entries, ~/.local/bin,
# Git's configuration, ...) is read-only, unless a grant names it exactly.
# The control binds the same home with a raw --bind, which sbox takes as the
# caller's explicit wish: there every write succeeds.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

mkdir -p "$HOME/.config/sbox/profiles" "$HOME/.local/share/sbox/home/other" \
  "$HOME/.local/share/applications" "$HOME/.config/autostart" "$HOME/Documents" \
  "$HOME/.local/bin" "$HOME/dotfiles" || bail_out "cannot make the home"
echo "[Sandbox]" > "$HOME/.config/sbox/profiles/firefox.local"
echo other-secret > "$HOME/.local/share/sbox/home/other/secret"
echo "# bashrc" > "$HOME/.bashrc"
echo "# zshrc" > "$HOME/dotfiles/zshrc"
ln -s dotfiles/zshrc "$HOME/.zshrc"
printf '[Desktop Entry]\nExec=firefox\n' > "$HOME/.local/share/applications/x.desktop"

# attempt NAME COMMAND: one line per attempt, "NAME:ok" or "NAME:failed".
attempts='
attempt () { n=$1; shift; if "$@" 2>/dev/null; then echo "$n:ok"; else echo "$n:failed"; fi; }
attempt profile-local sh -c "echo Home=host > ~/.config/sbox/profiles/x.local"
attempt profiles-visible test -e ~/.config/sbox/profiles/firefox.local
attempt other-home cat ~/.local/share/sbox/home/other/secret
attempt bashrc sh -c "echo evil >> ~/.bashrc"
attempt bashrc-rm rm -f ~/.bashrc
attempt zshrc-target sh -c "echo evil >> ~/.zshrc"
attempt desktop sh -c "echo Exec=evil >> ~/.local/share/applications/x.desktop"
attempt autostart sh -c "echo Exec=evil > ~/.config/autostart/evil.desktop"
attempt local-bin sh -c "echo evil > ~/.local/bin/evil"
attempt documents sh -c "echo mine > ~/Documents/d"
'
line () { printf '%s\n' "$OUT" | grep "^$1:" ; }

sbox_run --noprofile --filesystem=home -- sh -c "$attempts"
check_eq "--filesystem=home: ~/.config/sbox/profiles/x.local is not writable" "profile-local:failed" "$(line profile-local)"
check_eq "... and sbox's profiles are not visible" "profiles-visible:failed" "$(line profiles-visible)"
check_eq "... another app's private home (~/.local/share/sbox/home/other) is not readable" "other-home:failed" "$(line other-home)"
check_eq "... ~/.bashrc is not writable" "bashrc:failed" "$(line bashrc)"
check_eq "... nor removable (to be created anew)" "bashrc-rm:failed" "$(line bashrc-rm)"
check_eq "... ~/.zshrc, a symlink into ~/dotfiles: its target is not writable" "zshrc-target:failed" "$(line zshrc-target)"
check_eq "... ~/.local/share/applications/x.desktop is not writable" "desktop:failed" "$(line desktop)"
check_eq "... ~/.config/autostart takes no new entry" "autostart:failed" "$(line autostart)"
check_eq "... ~/.local/bin takes no new program" "local-bin:failed" "$(line local-bin)"
check_eq "... but ~/Documents is writable" "documents:ok" "$(line documents)"
check_eq "... and the host's files are unchanged" "# bashrc|# zshrc|[Sandbox]" \
  "$(cat "$HOME/.bashrc")|$(cat "$HOME/dotfiles/zshrc")|$(cat "$HOME/.config/sbox/profiles/firefox.local")"

sbox_run --noprofile --filesystem=home --filesystem='~/.local/bin' -- sh -c "$attempts"
check_eq "a grant naming ~/.local/bin exactly makes it writable" "local-bin:ok" "$(line local-bin)"
check_eq "... while ~/.bashrc stays read-only" "bashrc:failed" "$(line bashrc)"
rm -f "$HOME/.local/bin/evil" "$HOME/Documents/d"

sbox_run --noprofile --filesystem=xdg-config --filesystem=xdg-data -- sh -c "$attempts"
check_eq "filesystems=xdg-config: sbox's profiles are not visible" "profiles-visible:failed" "$(line profiles-visible)"
check_eq "filesystems=xdg-data: another app's private home is not readable" "other-home:failed" "$(line other-home)"
check_eq "... and the menu entries are read-only" "desktop:failed" "$(line desktop)"

printf '[Profile]\nDescription=host home\n[Sandbox]\nHome=host\n' > "$SBOX_TMP/hosthome.profile"
sbox_run --profile="$SBOX_TMP/hosthome.profile" -- sh -c "$attempts"
check_eq "Home=host: ~/.bashrc is not writable" "bashrc:failed" "$(line bashrc)"
check_eq "... sbox's profiles are not visible" "profiles-visible:failed" "$(line profiles-visible)"
check_eq "... ~/Documents is writable" "documents:ok" "$(line documents)"
rm -f "$HOME/Documents/d"

# A home without them: sbox makes the guarded directories first (empty),
# so the sandbox cannot make them and fill them.
fresh=$SBOX_TMP/fresh
mkdir -p "$fresh"
HOME=$fresh sbox_run --noprofile --filesystem=home -- sh -c '
mkdir -p ~/.config/sbox/profiles 2>/dev/null && echo Home=host > ~/.config/sbox/profiles/firefox.local 2>/dev/null && echo sbox-config:ok
mkdir -p ~/.config/autostart 2>/dev/null && echo Exec=evil > ~/.config/autostart/e.desktop 2>/dev/null && echo autostart:ok
mkdir -p ~/.config/systemd/user 2>/dev/null && echo x > ~/.config/systemd/user/e.service 2>/dev/null && echo systemd:ok
mkdir -p ~/.local/bin 2>/dev/null && echo x > ~/.local/bin/ls 2>/dev/null && echo local-bin:ok
echo done'
check_run_ok "--filesystem=home on a home without ~/.config/sbox, autostart, systemd/user, ~/.local/bin: none can be made and filled" "done"
check "... the directories exist on the host, empty" test -d "$fresh/.config/sbox" -a -d "$fresh/.config/autostart" -a ! -e "$fresh/.config/autostart/e.desktop"

printf '[Profile]\nDescription=x\n[Context]\nfilesystems=xdg-config/sbox;\n' > "$SBOX_TMP/ownstate.profile"
sbox_run --check-profile "$SBOX_TMP/ownstate.profile"
check_contains "--check-profile warns about a grant naming ~/.config/sbox" "$ERR" "sbox's configuration"
sbox_run --check-profile "$SBOX_TMP/hosthome.profile"
check_not_contains "... and not about a profile without one" "$ERR" "warning"

sbox_run --noprofile --bind "$HOME" "$HOME" -- sh -c "$attempts"
check_eq "control: a raw --bind of the home writes ~/.config/sbox/profiles/x.local" "profile-local:ok" "$(line profile-local)"
check_eq "control: ... reads another app's private home" "other-home:ok" "$(line other-home)"
check_eq "control: ... writes ~/.bashrc" "bashrc:ok" "$(line bashrc)"
check_eq "control: ... writes the menu entry" "desktop:ok" "$(line desktop)"
check_eq "control: ... writes ~/.config/autostart" "autostart:ok" "$(line autostart)"
check "control: ... and x.local is on the host" test -e "$HOME/.config/sbox/profiles/x.local"

# --- the project directory (Mounts=bind:${PWD}) is a broad grant too -----------------------
# From a directory that holds what a launch point links to (~/dotfiles
# holds the target of ~/.zshrc), a build may not rewrite it; from inside a
# launch point (~/.vim) sbox does not start at all.
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$_here/../integration}/../../profiles}
mkdir -p "$HOME/.vim"
echo "# zshrc" >"$HOME/dotfiles/zshrc"
( cd "$HOME/dotfiles" && sbox_run --profile=build -- sh -c 'echo evil >> zshrc; echo mine > new-file'; echo "$RC" >"$SBOX_TMP/pwd.rc" )
check_eq "--profile=build from ~/dotfiles: the target of ~/.zshrc stays as it was" "# zshrc" "$(cat "$HOME/dotfiles/zshrc")"
check "... while the rest of the project directory is writable" test -e "$HOME/dotfiles/new-file"
( cd "$HOME/dotfiles" && sbox_run --noprofile --bind "$HOME/dotfiles" "$HOME/dotfiles" -- sh -c 'echo evil >> zshrc' )
check_eq "control: a raw --bind of the same directory writes what ~/.zshrc runs" "# zshrc
evil" "$(cat "$HOME/dotfiles/zshrc")"
echo "# zshrc" >"$HOME/dotfiles/zshrc"
( cd "$HOME/.vim" && sbox_run --profile=build -- sh -c 'mkdir -p plugin && echo evil > plugin/x.vim'; echo "$RC|$ERR" >"$SBOX_TMP/vim.out" )
check_contains "--profile=build refuses to start inside ~/.vim (a launch point)" "$(cat "$SBOX_TMP/vim.out")" "125|sbox:"
check "... and no plugin was planted" test ! -e "$HOME/.vim/plugin/x.vim"

done_testing
