# jq.profile — jq, the JSON processor, on the current directory.
#
# Grants: the current directory read-only (the JSON files jq reads; results
# go to standard output) and the user's ~/.jq (modules and definitions jq
# loads) read-only. No network, nothing else of the home, and the strict
# system-call filter: jq reads, computes and prints, so a crafted document
# that found a bug in the parser finds almost nothing to call. Core dumps
# are off.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start.

[Profile]
Description=jq JSON processor on the current directory, read-only (no network, strict seccomp)
Include=base;
Command=jq;

[Context]
filesystems=~/.jq:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=ro-bind:${PWD}:${PWD};
Seccomp=strict
Rlimits=core=0;
