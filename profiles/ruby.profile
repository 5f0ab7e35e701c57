# ruby.profile — the Ruby interpreter, on the current directory.
#
# Grants: the current directory read-write (the script, its data and a
# bundle kept there). No network: a script cannot download code or send
# anything out (use --share=network when one must, or bundle's profile to
# install gems). Gems installed for the user (~/.local/share/gem) are
# read-only. The rest of the home is absent and a fresh empty one is
# forgotten on exit.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. What the host runs later stays
# read-only (Protect=vcs:${PWD}): every .git in the tree (or the Git
# directory a .git file names: submodules, nested repositories), .hg, .svn,
# .bzr, .envrc, .direnv, .vscode and .idea. Only what exists at the start: a
# .git the build creates in a directory that had none is used by git run
# there later (do not run git in build output directories).

[Profile]
Description=Ruby on the current directory (no network)
Include=base;
Command=ruby;

[Context]
filesystems=xdg-data/gem:ro;~/.gem:ro;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=RUBYOPT;RUBYLIB;GEM_HOME;GEM_PATH;
