# cmake.profile — CMake, on the current directory.
#
# Grants: the current directory read-write (the sources and the build
# directory below it: "cmake -B build && cmake --build build") and the
# compiler and tool variables of the environment. No network: FetchContent
# and ExternalProject downloads fail (fetch dependencies before, or use
# --share=network). No home: CMake's package registry (~/.cmake) and the
# user's files are not visible, so configure-time scripts cannot read ~/.ssh
# or send anything out.
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
Description=CMake on the current directory (no network, no home)
Include=base;
Command=cmake;ctest;cpack;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=CC;CXX;CFLAGS;CXXFLAGS;CPPFLAGS;LDFLAGS;CMAKE_GENERATOR;CMAKE_BUILD_TYPE;CMAKE_PREFIX_PATH;CMAKE_BUILD_PARALLEL_LEVEL;PKG_CONFIG_PATH;SOURCE_DATE_EPOCH;MAKEFLAGS;
