# aria2c.profile — aria2, the multi-protocol download utility (HTTP, FTP,
# SFTP, BitTorrent, Metalink).
#
# Grants: the network, the current directory read-write (aria2c saves into
# the directory it is started in, or the one --dir names below it), the
# download directory read-write, and the user's configuration
# (~/.aria2/aria2.conf, ~/.config/aria2) read-only. Not granted: ~/.netrc
# (pass credentials with --http-user and --http-passwd or an input file in
# the current directory), ~/.ssh (SFTP with keys is unavailable), and the
# rest of the home: a Metalink or torrent cannot name files anywhere else.
# The JSON-RPC server (--enable-rpc) listens on the host's network as aria2c
# does outside; protect it with --rpc-secret.
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
Description=aria2 downloader (network, current and download directory)
Include=base;network;xdg-download;
Command=aria2c;

[Context]
filesystems=~/.aria2:ro;xdg-config/aria2:ro;

[Sandbox]
# Nothing named on the command line is forwarded: an argument such as
# -T FILE or @FILE reaches only what this profile grants.
FileArguments=none
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
