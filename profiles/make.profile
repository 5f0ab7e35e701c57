# make.profile — GNU Make, on the current directory.
#
# Grants: the current directory read-write (the project: sources in,
# build products out) and the compiler and tool variables of the
# environment. No network and no home: recipes cannot read ~/.ssh or other
# files of the user, nor send anything out. The system's compilers and tools
# (/usr) are visible read-only.
#
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=make on the current directory (no network, no home)
Include=base;
Command=make;gmake;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
KeepEnvironment=CC;CXX;CPP;LD;AR;CFLAGS;CXXFLAGS;CPPFLAGS;LDFLAGS;LDLIBS;MAKEFLAGS;PKG_CONFIG_PATH;SOURCE_DATE_EPOCH;
