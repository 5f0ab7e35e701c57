# exiftool.profile — ExifTool, the metadata reader and writer (package
# libimage-exiftool-perl), on the current directory.
#
# Grants: the current directory read-write (exiftool writes metadata in
# place and keeps FILE_original backups beside the files) and the user's
# ~/.ExifTool_config read-only: it is Perl that exiftool runs at every
# start, outside the sandbox too, so a crafted file cannot rewrite it. No
# network, and nothing else of the home: -tagsFromFile and -@ ARGFILE read
# only from the current directory.
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
Description=ExifTool metadata editor on the current directory (no network, no home)
Include=base;
Command=exiftool;

[Context]
filesystems=~/.ExifTool_config:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
Rlimits=core=0;
