# ffmpeg.profile — FFmpeg, the audio and video converter, on the current
# directory.
#
# Grants: the current directory read-write (the input media and the output).
# No network: a crafted playlist (HLS, concat, subtitles with remote
# references) cannot make ffmpeg fetch from, or report to, a server, and
# nothing but the current directory can be read, so a playlist naming
# file:///home/USER/.ssh/id_rsa reads nothing. Streams and URLs need
# --share=network on the command line. The rest of the home is absent and a
# fresh empty one is forgotten on exit. No display and no sound: play with
# ffplay outside, or with a player's profile.
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
Description=FFmpeg converter on the current directory (no network, no home)
Include=base;
Command=ffmpeg;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
Rlimits=core=0;
