#!/bin/bash
# shellcheck disable=SC2088 # test names write ~ for the home
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# guard-rename.sh — the broad-grant guard (sandbox/guard.c) holds against
# renames and links, and covers every launch point in its table.
#
# A guarded path is a mount point, which cannot be renamed or removed, but
# its parents could be, taking the protecting mount along: then a fresh
# directory made at the old name is writable and the host runs what is
# planted there. sbox pins every directory from the grant's root down to
# each guarded path (and every symlink on the way, so a dotfile linked into
# ~/dotfiles cannot be swapped for a regular file). Each attack here runs
# under --filesystem=home and must fail leaving the home unchanged; each
# CONTROL runs the same commands under a raw --bind of the home, which
# sbox takes as the caller's explicit wish, and must succeed.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

# fresh NAME [config-link]: a new home $h with the usual launch points;
# with config-link, ~/.config is a symlink into ~/dotfiles.
fresh ()
{
  h=$SBOX_TMP/$1
  rm -rf "$h"
  mkdir -p "$h/dotfiles" || bail_out "cannot make $h"
  if [ "${2:-}" = config-link ]; then
    mkdir -p "$h/dotfiles/config"
    ln -s dotfiles/config "$h/.config"
  fi
  mkdir -p "$h/.config/systemd/user" "$h/.config/autostart" "$h/.config/sbox/profiles" \
    "$h/.local/bin" "$h/.local/share/applications" "$h/.local/share/sbox" "$h/.ssh"
  printf '[Sandbox]\n' > "$h/.config/sbox/profiles/firefox.local"
  printf 'Host example\n  User me\n' > "$h/.ssh/config"
  echo "ssh-ed25519 AAAAgood me" > "$h/.ssh/authorized_keys"
  echo "# bashrc" > "$h/dotfiles/bashrc"
  ln -s dotfiles/bashrc "$h/.bashrc"
  # sbox makes some guarded directories on its first run: take the
  # snapshot after one.
  HOME=$h sbox_run --noprofile --filesystem=home -- true
  before=$(snapshot)
}

# snapshot: every name in $h with its type, link target and content.
snapshot ()
{
  (cd "$h" && find . -path ./.local/share/sbox/home -prune -o -printf '%p %y %l\n' | sort \
    && find . -path ./.local/share/sbox/home -prune -o -type f -print0 | sort -z \
    | xargs -0 -r md5sum)
}

# rename_attack NAME SCRIPT PLANTED [config-link]: SCRIPT fails under
# --filesystem=home and the home is unchanged; under a raw bind PLANTED
# (a test on $h) holds afterwards.
rename_attack ()
{
  local name=$1 script=$2 planted=$3
  fresh "$name" "${4:-}"
  HOME=$h sbox_run --noprofile --filesystem=home -- sh -c "$script"
  check_ne "$name: fails under --filesystem=home" 0 "$RC"
  check_eq "... and the host's home is unchanged" "$before" "$(snapshot)"
  check_fails "... nothing is planted on the host" eval "$planted"
  fresh "$name" "${4:-}"
  HOME=$h sbox_run --noprofile --bind "$h" "$h" -- sh -c "$script"
  check "control: $name plants it under a raw --bind of the home" eval "$planted"
}

rename_attack "rename ~/.config/systemd, plant a user unit" \
  'mv ~/.config/systemd ~/.config/systemd.old && mkdir -p ~/.config/systemd/user && echo x > ~/.config/systemd/user/evil.service' \
  'test -e "$h/.config/systemd/user/evil.service"'
rename_attack "rename ~/.config, plant sbox's own profile override" \
  'mv ~/.config ~/.config.stash && mkdir -p ~/.config/sbox/profiles && printf "[Context]\nfilesystems=home;\n" > ~/.config/sbox/profiles/default.local; mv ~/.config.stash/* ~/.config/' \
  'test -e "$h/.config/sbox/profiles/default.local"'
rename_attack "rename ~/.config, plant an autostart entry" \
  'mv ~/.config ~/.c && mkdir -p ~/.config/autostart && echo "[Desktop Entry]" > ~/.config/autostart/evil.desktop' \
  'test -e "$h/.config/autostart/evil.desktop"'
rename_attack "rename ~/.local, plant into sbox's storage" \
  'mv ~/.local ~/.local.stash && mkdir -p ~/.local/share/sbox && echo evil > ~/.local/share/sbox/evil' \
  'test -e "$h/.local/share/sbox/evil"'
rename_attack "rename ~/.ssh, plant ssh config and authorized_keys" \
  'mv ~/.ssh ~/.ssh.old && mkdir ~/.ssh && printf "Host *\n  ProxyCommand evil\n" > ~/.ssh/config && echo evil-key > ~/.ssh/authorized_keys' \
  'grep -q ProxyCommand "$h/.ssh/config"'
rename_attack "rename ~/.local, plant a program in ~/.local/bin" \
  'mv ~/.local ~/.local.old && mkdir -p ~/.local/bin && echo evil > ~/.local/bin/ls' \
  'test -e "$h/.local/bin/ls"'
rename_attack "rename ~/.local/share, plant a menu entry" \
  'mv ~/.local/share ~/.local/share.old && mkdir -p ~/.local/share/applications && echo "[Desktop Entry]" > ~/.local/share/applications/evil.desktop' \
  'test -e "$h/.local/share/applications/evil.desktop"'
rename_attack "remove ~/.config/systemd, make it anew" \
  'rm -rf ~/.config/systemd; mkdir -p ~/.config/systemd/user && echo x > ~/.config/systemd/user/evil.service' \
  'test -e "$h/.config/systemd/user/evil.service"'

# A dotfile linked into ~/dotfiles: the link is pinned, and so is the
# directory holding its target.
rename_attack "replace the symlink ~/.bashrc with a file" \
  'rm ~/.bashrc && echo evil > ~/.bashrc' 'grep -q evil "$h/.bashrc"'
rename_attack "rename the symlink ~/.bashrc away, make a file" \
  'mv ~/.bashrc ~/.bashrc.old && echo evil > ~/.bashrc' 'grep -q evil "$h/.bashrc"'
rename_attack "rename ~/dotfiles, which holds ~/.bashrc's target" \
  'mv ~/dotfiles ~/dotfiles.old && mkdir ~/dotfiles && echo evil > ~/dotfiles/bashrc' \
  'grep -q evil "$h/.bashrc"'
rename_attack "~/.config a symlink into ~/dotfiles: replace it, plant autostart" \
  'rm ~/.config && mkdir -p ~/.config/autostart && echo "[Desktop Entry]" > ~/.config/autostart/evil.desktop' \
  'test -e "$h/.config/autostart/evil.desktop"' config-link
rename_attack "~/.config a symlink into ~/dotfiles: rename its target" \
  'mv ~/dotfiles/config ~/dotfiles/c && mkdir -p ~/dotfiles/config/systemd/user && echo x > ~/dotfiles/config/systemd/user/evil.service' \
  'test -e "$h/.config/systemd/user/evil.service"' config-link

# Links in a guarded directory: what they lead to is guarded too.
fresh links
mkdir -p "$h/src/tool" && echo "echo tool" > "$h/src/tool/tool.sh"
echo "[Desktop Entry]" > "$h/dotfiles/app.desktop"
ln -s ../../src/tool/tool.sh "$h/.local/bin/tool"
ln -s ../../dotfiles/app.desktop "$h/.config/autostart/app.desktop"
HOME=$h sbox_run --noprofile --filesystem=home -- true
before=$(snapshot)
links_script='echo evil >> ~/src/tool/tool.sh; echo Exec=evil >> ~/dotfiles/app.desktop; mv ~/src ~/src.old; mkdir -p ~/src/tool && echo evil > ~/src/tool/tool.sh'
HOME=$h sbox_run --noprofile --filesystem=home -- sh -c "$links_script"
check_eq "~/.local/bin/tool and an autostart entry link into ~/src and ~/dotfiles: neither target can be changed or swapped" \
  "$before" "$(snapshot)"
HOME=$h sbox_run --noprofile --filesystem=home -- sh -c 'echo notes > ~/src/notes && echo ok'
check_run_ok "... while ~/src stays writable" "ok"
rm -f "$h/src/notes"
HOME=$h sbox_run --noprofile --filesystem='~/src' -- sh -c 'echo evil >> ~/src/tool/tool.sh'
check_eq "--filesystem=~/src alone: the script ~/.local/bin/tool links to stays unchanged" \
  "echo tool" "$(cat "$h/src/tool/tool.sh")"
HOME=$h sbox_run --noprofile --bind "$h/src" "$h/src" -- sh -c 'echo evil >> ~/src/tool/tool.sh'
check "control: under a raw --bind of ~/src it is changed" grep -q evil "$h/src/tool/tool.sh"
echo "echo tool" > "$h/src/tool/tool.sh"
HOME=$h sbox_run --noprofile --bind "$h" "$h" -- sh -c "$links_script"
check "control: under a raw --bind the linked script is replaced" grep -q evil "$h/src/tool/tool.sh"

# The pins keep the directories themselves writable.
fresh pins-writable
HOME=$h sbox_run --noprofile --filesystem=home -- sh -c 'echo a > ~/.config/app.conf && echo b > ~/.local/share/app.db && echo c > ~/dotfiles/notes && echo ok'
check_run_ok "pinned ~/.config, ~/.local/share and ~/dotfiles stay writable" "ok"

# ---- every launch point of the table ----
files='.bash_aliases .bash_completion .ssh/authorized_keys2 .ssh/environment .gnupg/gpg-agent.conf
.vimrc .emacs .Xsession .cargo/env .cargo/config.toml .config/mimeapps.list .npmrc .gitconfig
.config/git/config .config/pulse/default.pa .i3/config'
dirs='.bashrc.d .local/share/bash-completion/completions .local/lib/python3.11/site-packages .local/lib
.config/git .local/share/systemd/user .config/systemd/user.control .local/share/dbus-1/services
.gnupg .vim .config/vim .config/nvim .local/share/nvim/site .emacs.d .config/emacs
.config/plasma-workspace/env .config/autostart-scripts .config/i3 .config/sway .config/hypr
.config/openbox .i3 .cargo/bin go/bin .config/pulse .config/pipewire .config/wireplumber'
fresh table
for d in $dirs; do mkdir -p "$h/$d"; done
for f in $files; do mkdir -p "$h/$(dirname "$f")" && echo "# $f" > "$h/$f"; done
before=$(snapshot)
script='try () { if sh -c "$2" 2>/dev/null; then echo "$1:ok"; else echo "$1:failed"; fi; }'
for f in $files; do script="$script; try $f 'echo evil >> ~/$f'"; done
for d in $dirs; do script="$script; try $d/ 'echo evil > ~/$d/evil'"; done
HOME=$h sbox_run --noprofile --filesystem=home -- sh -c "$script"
table_out=$OUT
for p in $files; do
  check_eq "--filesystem=home: ~/$p is not writable" "$p:failed" "$(printf '%s\n' "$table_out" | grep "^$p:")"
done
for p in $dirs; do
  check_eq "--filesystem=home: ~/$p takes no new file" "$p/:failed" "$(printf '%s\n' "$table_out" | grep "^$p/:")"
done
check_eq "... and the host's home is unchanged" "$before" "$(snapshot)"
HOME=$h sbox_run --noprofile --bind "$h" "$h" -- sh -c "$script"
check_eq "control: under a raw --bind every one of them is writable" "" \
  "$(printf '%s\n' "$OUT" | grep -v ':ok$')"

# Missing ones that would be made and filled: sbox makes them (empty) first.
mkdir -p "$SBOX_TMP/bare"
h=$SBOX_TMP/bare
HOME=$h sbox_run --noprofile --filesystem=home -- sh -c '
mkdir -p ~/.local/lib/python3.11/site-packages 2>/dev/null && echo "import os" > ~/.local/lib/python3.11/site-packages/usercustomize.py 2>/dev/null && echo python:ok
echo "[alias] st = !evil" >> ~/.gitconfig 2>/dev/null && echo gitconfig:ok
mkdir -p ~/.config/git 2>/dev/null && echo "[core] fsmonitor = evil" > ~/.config/git/config 2>/dev/null && echo config-git:ok
mkdir -p ~/.bashrc.d 2>/dev/null && echo evil > ~/.bashrc.d/evil.sh 2>/dev/null && echo bashrc-d:ok
mkdir -p ~/.local/share/dbus-1/services 2>/dev/null && echo "[D-BUS Service]" > ~/.local/share/dbus-1/services/x.service 2>/dev/null && echo dbus:ok
echo evil >> ~/.bash_aliases 2>/dev/null && echo bash-aliases:ok
echo done'
check_run_ok "a home without ~/.local/lib, ~/.gitconfig, ~/.config/git, ~/.bashrc.d, D-Bus services, ~/.bash_aliases: none can be made and filled" "done"
check "... ~/.gitconfig and ~/.bash_aliases exist on the host, empty" test -f "$h/.gitconfig" -a ! -s "$h/.gitconfig" -a -f "$h/.bash_aliases" -a ! -s "$h/.bash_aliases"
rm -rf "$SBOX_TMP/bare2"; mkdir -p "$SBOX_TMP/bare2"
h=$SBOX_TMP/bare2
HOME=$h sbox_run --noprofile --bind "$h" "$h" -- sh -c '
mkdir -p ~/.local/lib/python3.11/site-packages && echo "import os" > ~/.local/lib/python3.11/site-packages/usercustomize.py && echo "[alias] st = !evil" >> ~/.gitconfig && echo done'
check_run_ok "control: under a raw --bind of a bare home they are made and filled" "done"

# ---- Protect=: the Git directory's parents are pinned too ----
if command -v git >/dev/null 2>&1; then
  export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$_here/../integration}/../../profiles}
  G=(git -c user.name=t -c user.email=t@example.org -c init.defaultBranch=main)
  # git_attack NAME PROFILE DIR SCRIPT: in checkout DIR, SCRIPT fails under
  # PROFILE and plants no fsmonitor in what DIR's Git reads; under a raw
  # --bind of DIR it does.
  git_attack ()
  {
    local name=$1 profile=$2 dir=$3 script=$4
    local before_cfg
    before_cfg=$(cd "$dir" && git config --list --local 2>&1)
    (cd "$dir" && sbox_run --profile="$profile" -- sh -c "echo ran; $script" \
      && printf '%s %s\n' "$RC" "$OUT" > "$SBOX_TMP/.rc")
    check_match "$name: fails under --profile=$profile" "$(cat "$SBOX_TMP/.rc")" '^[1-9][0-9]* ran$'
    check_eq "... and the checkout's Git configuration is unchanged" "$before_cfg" \
      "$(cd "$dir" && git config --list --local 2>&1)"
    (cd "$dir" && sbox_run --noprofile --bind "$dir" "$dir" -- sh -c "$script")
    check_contains "control: $name plants core.fsmonitor under a raw --bind" \
      "$(cd "$dir" && git config --list --local 2>&1)" "fsmonitor"
  }
  proj=$SBOX_TMP/proj
  { mkdir -p "$proj" && (cd "$proj" && "${G[@]}" init -q && echo a > a.c && "${G[@]}" add a.c \
    && "${G[@]}" commit -qm first); } || bail_out "cannot make a checkout"
  git_attack "Protect=git: rename .git, make a new one" git "$proj" \
    'mv .git .git.old && mkdir .git && cp -r .git.old/objects .git.old/refs .git.old/HEAD .git/ && printf "[core]\n\tfsmonitor = evil\n\trepositoryformatversion = 0\n" > .git/config'
  sep=$SBOX_TMP/sep
  { mkdir -p "$sep/vendor" && "${G[@]}" init -q --separate-git-dir="$sep/vendor/gd" "$sep"; } \
    || bail_out "cannot make a checkout with a .git file"
  git_attack "Protect=vcs: rename the parent of the Git directory a .git file names" build "$sep" \
    'mv vendor vendor.old && mkdir -p vendor/gd && cp -r vendor.old/gd/objects vendor.old/gd/refs vendor.old/gd/HEAD vendor/gd/ && printf "[core]\n\tfsmonitor = evil\n\trepositoryformatversion = 0\n" > vendor/gd/config'
else
  skip "Protect=: git is not installed"
fi

# ---- a grant that leads into sbox's state through a symlink ----
fresh downloads
ln -s .config/sbox "$h/Downloads"
HOME=$h sbox_run --noprofile --filesystem='~/Downloads' -- sh -c 'cat ~/Downloads/profiles/firefox.local'
check_rc "--filesystem=~/Downloads, a symlink to ~/.config/sbox, is refused" 125
check_match "... naming what it leads to" "$ERR" "sbox's (configuration|own state)"
check_not_contains "... and nothing ran" "$OUT" "[Sandbox]"
HOME=$h sbox_run --noprofile --bind "$h/Downloads" "$h/Downloads" -- sh -c 'cat ~/Downloads/profiles/firefox.local'
check_run_ok "control: a raw --bind of the same link shows sbox's profiles" "[Sandbox]"
ln -s .config "$h/conf"
HOME=$h sbox_run --noprofile --filesystem='~/conf/sbox/profiles' -- true
check_rc "... as is ~/conf/sbox/profiles, through a linked ~/.config" 125
HOME=$h sbox_run --noprofile --filesystem=home --filesystem='~/.config/sbox' -- sh -c 'cat ~/.config/sbox/profiles/firefox.local'
check_run_ok "control: a grant naming ~/.config/sbox exactly is honoured" "[Sandbox]"

done_testing
