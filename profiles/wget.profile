# wget.profile — GNU Wget, the non-interactive downloader.
#
# Grants: the network, the current directory read-write (wget saves into
# the directory it is started in) and the download directory read-write,
# plus ~/.wgetrc read-only. Nothing else of the home is visible, so
# --post-file or --input-file cannot read or send the user's files outside
# those directories. The HSTS database (~/.wget-hsts) is forgotten on exit.
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
Description=wget with the network, the current and the download directory only
Include=base;network;xdg-download;
Command=wget;

[Context]
filesystems=~/.wgetrc:ro;

[Sandbox]
# Nothing named on the command line is forwarded: an argument such as
# -T FILE or @FILE reaches only what this profile grants.
FileArguments=none
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
