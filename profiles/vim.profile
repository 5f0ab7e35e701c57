# vim.profile — Vim, on the current directory.
#
# Grants: the current directory read-write (run it at the top of the
# project: the directories above are not visible) and the user's
# configuration read-only (~/.vimrc, ~/.vim: Vim runs them at every start,
# also outside the sandbox, so a file opened here (a modeline, a plug-in
# bug) cannot plant code in them). No network, no display, no SSH keys or
# agent. The viminfo history (~/.viminfo) is forgotten on exit; swap files
# go to the current directory, as Vim does by default. Shell commands (:!,
# :make, :terminal) and plug-ins run inside the same sandbox.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. The editor's plug-ins run Git,
# so in every repository in the tree Git's configuration, hooks and the
# files that redirect them stay read-only (Protect=git:${PWD}): a file
# opened here cannot arrange for the host's Git to run a command; commit,
# diff and blame work, and commands that change Git's configuration fail.
# See git.profile for what that leaves.

[Profile]
Description=Vim editor on the current directory (no network)
Include=base;
Command=vim;vi;vim.basic;vim.gtk3;

[Context]
filesystems=~/.vimrc:ro;~/.vim:ro;xdg-config/vim:ro;~/.gitconfig:ro;xdg-config/git:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=git:${PWD};
