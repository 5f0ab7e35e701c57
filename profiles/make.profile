# make.profile — GNU Make, on the current directory.
#
# Grants: the current directory read-write (the project: sources in,
# build products out) and the compiler and tool variables of the
# environment. No network and no home: recipes cannot read ~/.ssh or other
# files of the user, nor send anything out. The system's compilers and tools
# (/usr) are visible read-only.
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
Description=make on the current directory (no network, no home)
Include=base;
Command=make;gmake;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=CC;CXX;CPP;LD;AR;CFLAGS;CXXFLAGS;CPPFLAGS;LDFLAGS;LDLIBS;MAKEFLAGS;PKG_CONFIG_PATH;SOURCE_DATE_EPOCH;
