# python3.profile — the Python 3 interpreter, on the current directory.
#
# Grants: the current directory read-write (the script, its data and a
# virtual environment kept there) and the user's installed packages
# (~/.local/lib) read-only. No network: a script cannot download code or
# send anything out (use --share=network when one must). The rest of the
# home is absent and a fresh empty one is forgotten on exit.
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
Description=Python 3 on the current directory (no network)
Include=base;
Command=python3;

[Context]
filesystems=~/.local/lib:ro;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=PYTHON*;
