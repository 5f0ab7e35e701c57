# gem.profile — RubyGems (gem, from package ruby), on the current directory.
#
# Grants: the network (rubygems.org) and the current directory read-write
# (gem build, gem unpack, and installing with --install-dir into it). Gems
# installed for the user (~/.local/share/gem, ~/.gem) persist across runs in
# the profile's own storage, not in the user's home: a gem's native
# extension build runs in this same sandbox, and what it installs cannot
# reach the caller's PATH. The user's ~/.gemrc is read-only; the API key in
# ~/.gem/credentials is not visible (gem push needs a gem.local granting
# it). System-wide installs need a writable /usr and fail.
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
Description=RubyGems on the current directory, with the network and a private gem directory
Include=base;network;
Command=gem;

[Context]
filesystems=~/.gemrc:ro;
persistent=.local/share/gem;.gem;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=GEM_HOME;GEM_PATH;RUBYOPT;
