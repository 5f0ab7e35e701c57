# ffprobe.profile — ffprobe, FFmpeg's media inspector, on the current
# directory.
#
# Grants: the current directory read-only (the input media; ffprobe only
# reads). No network: a crafted playlist (HLS, concat, subtitles with remote
# references) cannot make ffprobe fetch from, or report to, a server, and
# nothing but the current directory can be read, so a playlist naming
# file:///home/USER/.ssh/id_rsa reads nothing. Streams and URLs need
# --share=network on the command line. The rest of the home is absent and a
# fresh empty one is forgotten on exit.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start.

[Profile]
Description=ffprobe media inspector on the current directory, read-only (no network, no home)
Include=base;
Command=ffprobe;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=ro-bind:${PWD}:${PWD};
Rlimits=core=0;
