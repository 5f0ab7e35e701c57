# yarnpkg.profile — Yarn (classic, package yarnpkg: the command is yarnpkg),
# on the current directory.
#
# Grants: the network (the npm registry) and the current directory
# read-write (package.json, yarn.lock, node_modules). Yarn's cache
# (~/.cache/yarn) and global directory persist across runs in the profile's
# own storage; the user's ~/.yarnrc and ~/.npmrc are read-only. Install
# scripts of the packages run in this same sandbox: they reach the network
# and the project, but not ~/.ssh, tokens in other files or the rest of the
# home.
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
Description=Yarn on the current directory, with the network and a private cache
Include=base;network;
Command=yarnpkg;

[Context]
filesystems=~/.yarnrc:ro;~/.npmrc:ro;
persistent=.cache/yarn;.yarn;.config/yarn;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=NODE_ENV;NODE_OPTIONS;YARN_PRODUCTION;YARN_CACHE_FOLDER;
