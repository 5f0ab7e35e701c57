# youtube-dl.profile — youtube-dl, the video downloader (Debian 12 ships the
# 2021 release; yt-dlp is its maintained fork).
#
# Grants: the network, the current directory read-write (youtube-dl saves
# into the directory it is started in) and the download directory
# read-write, and the user's configuration (~/.config/youtube-dl) read-only.
# Its cache (~/.cache/youtube-dl) persists across runs in the profile's own
# storage. Not granted: ~/.netrc, browser cookies and the rest of the home;
# ffmpeg runs inside the same sandbox.
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
Description=youtube-dl video downloader (network, current and download directory)
Include=base;network;xdg-download;
Command=youtube-dl;

[Context]
filesystems=xdg-config/youtube-dl:ro;~/.config/youtube-dl.conf:ro;
persistent=.cache/youtube-dl;

[Sandbox]
# Nothing named on the command line is forwarded: an argument such as
# -T FILE or @FILE reaches only what this profile grants.
FileArguments=none
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
