# yt-dlp.profile — yt-dlp, the video and audio downloader.
#
# Grants: the network, the current directory read-write (yt-dlp saves into
# the directory it is started in, or wherever -o names below it) and the
# download directory read-write, the user's configuration (~/.config/yt-dlp,
# ~/yt-dlp.conf) read-only. The cache of extracted player code
# (~/.cache/yt-dlp) persists across runs in the profile's own storage. Not
# granted: the browsers' profiles, so --cookies-from-browser finds nothing
# (pass --cookies FILE from the current directory), ~/.netrc, and the rest
# of the home. ffmpeg, which yt-dlp runs to merge and convert, runs inside
# the same sandbox.
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
Description=yt-dlp video downloader (network, current and download directory)
Include=base;network;xdg-download;
Command=yt-dlp;

[Context]
filesystems=xdg-config/yt-dlp:ro;~/yt-dlp.conf:ro;~/.yt-dlp:ro;
persistent=.cache/yt-dlp;

[Sandbox]
# Nothing named on the command line is forwarded: an argument such as
# -T FILE or @FILE reaches only what this profile grants.
FileArguments=none
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
