# gradle.profile — Gradle, on the current directory ("sbox --profile=gradle
# -- ./gradlew build" for a project's wrapper).
#
# Grants: the network (repositories, and the distribution the wrapper
# downloads), the current directory read-write (the project and build/), and
# the system's Java configuration read-only (/etc/java-17-openjdk, which the
# JDK's conf/ and lib/jvm.cfg link to). Gradle's home (~/.gradle: caches,
# wrapper distributions, daemons) persists across runs in the profile's own
# storage, not in the user's home: the build cannot plant an init script or
# a modified dependency that builds outside the sandbox would use. The
# user's ~/.gradle/gradle.properties (which may hold repository credentials
# and signing keys) is not visible. Build scripts, plug-ins and tests run in
# this same sandbox. Debian 12's own gradle is 4.4; most projects bring
# their wrapper.
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
Description=Gradle on the current directory, with the network and a private ~/.gradle
Include=base;network;
Command=gradle;

[Context]
filesystems=/etc/java-17-openjdk:ro;
persistent=.gradle;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=JAVA_HOME;GRADLE_OPTS;JAVA_OPTS;JAVA_TOOL_OPTIONS;
