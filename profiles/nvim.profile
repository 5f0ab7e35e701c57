# nvim.profile — Neovim, on the current directory.
#
# Grants: the current directory read-write (run it at the top of the
# project: the directories above are not visible) and the user's
# configuration and plug-ins read-only (~/.config/nvim, and the plug-in
# directories ~/.local/share/nvim/site, lazy and plugged: Neovim runs them
# at every start, also outside the sandbox, so a file opened here cannot
# plant code in them; plug-in managers cannot update them here). No
# network, no display, no SSH keys or agent. The rest of
# ~/.local/share/nvim, where Neovim 0.7 (Debian 12) writes its ShaDa
# history, swap and undo files, and ~/.local/state/nvim, where later
# versions do, persist across runs in the profile's own storage, not in
# the user's home. Shell commands (:!, :make, :terminal) and plug-ins run
# inside the same sandbox.
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
Description=Neovim editor on the current directory (no network)
Include=base;
Command=nvim;

[Context]
filesystems=xdg-config/nvim:ro;xdg-data/nvim/site:ro;xdg-data/nvim/lazy:ro;xdg-data/nvim/plugged:ro;~/.gitconfig:ro;xdg-config/git:ro;
persistent=.local/share/nvim;.local/state/nvim;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=git:${PWD};
