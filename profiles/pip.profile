# pip.profile — pip, the Python package installer, on the current directory.
#
# Grants: the network (the package index), the current directory read-write
# (install into a virtual environment kept there:
# "sbox --profile=pip -- ./venv/bin/pip install ...") and pip's
# configuration read-only. The download and wheel cache (~/.cache/pip)
# persists across runs in the profile's own storage. Build scripts of the
# packages run in this same sandbox, without ~/.ssh or the rest of the
# home. "pip install --user" writes into the forgotten tmpfs home: user-wide
# installs would let a package plant programs in ~/.local/bin.
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
Description=pip on the current directory, with the network and a private cache
Include=base;network;
Command=pip;pip3;

[Context]
filesystems=xdg-config/pip:ro;~/.pip:ro;
persistent=.cache/pip;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=PIP_*;PYTHON*;
