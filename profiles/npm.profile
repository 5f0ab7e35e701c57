# npm.profile — npm, the Node.js package manager, on the current directory.
#
# Grants: the network (the registry), the current directory read-write
# (package.json, node_modules), npm's configuration (~/.npmrc) read-only and
# its cache (~/.npm) and node-gyp's headers (~/.cache/node-gyp), which
# persist across runs in the profile's own storage rather than in the
# user's home. Install scripts of the packages run in this same sandbox: they
# can reach the network and the project, but not ~/.ssh, tokens in other
# files or the rest of the home. Global installs (-g) need a writable /usr
# and fail.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. What the host runs later stays
# read-only (Protect=vcs:${PWD}): every .git in the tree (or the Git
# directory a .git file names: submodules, nested repositories), .hg, .svn,
# .bzr, .envrc, .direnv, .vscode and .idea. Only what exists at the start:
# a .git the build creates in a directory that had none is used by git run
# there later (do not run git in build output directories).

[Profile]
Description=npm on the current directory, with the network and a private cache
Include=base;network;
Command=npm;

[Context]
filesystems=~/.npmrc:ro;
persistent=.npm;.cache/node-gyp;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=NODE_ENV;NODE_OPTIONS;npm_config_*;NPM_CONFIG_*;
