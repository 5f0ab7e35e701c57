# 7z.profile — 7-Zip (7z, from p7zip-full), the archiver for 7z, ZIP, RAR,
# ISO, CAB and more, on the current directory.
#
# Grants: the current directory read-write and nothing else of the home: run
# it in the directory to extract into (the archive itself may lie elsewhere:
# a file named on the command line is visible read-only, that file alone).
# No network. An archive whose entries climb out of the directory (../,
# absolute names) or plant symbolic links that later entries write through
# can reach only the current directory; ~/.ssh, the shell's start-up files
# and the rest of the home are not there to overwrite. Archives are also
# made here from what the directory holds.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. What the host runs later stays
# read-only (Protect=vcs:${PWD}): every .git in the tree (or the Git
# directory a .git file names: submodules, nested repositories), .hg, .svn,
# .bzr, .envrc, .direnv, .vscode and .idea, so an archive extracted into a
# checkout cannot replace its hooks or configuration.

[Profile]
Description=7-Zip archiver on the current directory (no network, no home)
Include=base;
Command=7z;7za;7zr;7zz;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
Rlimits=core=0;
