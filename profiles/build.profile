# build.profile — a build in continuous integration.
#
# Grants: the current directory read-write (the checkout: sources in,
# build products out), the system read-only, an empty home forgotten on
# exit, and nothing else: no network (dependencies are fetched before the
# build), no sockets, no devices, no D-Bus. The strict seccomp policy allows
# only the system calls compilers, shells, make and coreutils use. Core
# dumps are off. Run it from the top of the checkout:
# "sbox --profile=build -- make" (without a command it runs make).
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. What the host runs later stays
# read-only (Protect=vcs:${PWD}): every .git in the tree (or the Git
# directory a .git file names: submodules, nested repositories), .hg, .svn,
# .bzr, .envrc, .direnv, .vscode and .idea. Only what exists at the start:
# a .git the build creates in a directory that had none is used by git run
# there later (do not run git in build output directories).
#
# Where no user namespace can be had (a CI job in a Docker or Kubernetes
# container, nested in another sandbox) it runs in the confinement mode
# (Fallback=confine: Landlock, seccomp and limits, no namespaces), saying so
# on stderr; an administrator's Fallback=refuse in sbox.conf forbids it.

# A build that fetches its dependencies names their hosts: "sbox
# --profile=build --allow-host=crates.io --allow-host=static.crates.io --
# cargo build" runs it with Network=filtered, reaching only those hosts
# through sbox's proxy (the proxy variables are set). The usual registries,
# off by default (uncomment in build.local, under [Sandbox]):
#   AllowHosts=registry.npmjs.org;pypi.org;files.pythonhosted.org;
#   AllowHosts=crates.io;*.crates.io;proxy.golang.org;sum.golang.org;
#   AllowHosts=repo.maven.apache.org;rubygems.org;github.com;*.githubusercontent.com;

[Profile]
Description=CI build: the current directory read-write, no network, strict seccomp
Include=base;
Command=make;ninja;

[Sandbox]
Home=tmpfs
Seccomp=strict
Landlock=true
Fallback=confine
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
Rlimits=core=0;
DieWithParent=true
NewSession=true
KeepEnvironment=CC;CXX;CPP;LD;AR;CFLAGS;CXXFLAGS;CPPFLAGS;LDFLAGS;LDLIBS;MAKEFLAGS;PKG_CONFIG_PATH;SOURCE_DATE_EPOCH;CI;
