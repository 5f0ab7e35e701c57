# mvn.profile — Apache Maven (package maven), on the current directory.
#
# Grants: the network (Maven Central and other repositories), the current
# directory read-write (the project and target/), and the system's Java and
# Maven configuration read-only (/etc/java-17-openjdk, which the JDK's conf/
# and lib/jvm.cfg link to, and /etc/maven, Maven's conf/). The local
# repository (~/.m2) persists across runs in the profile's own storage, not
# in the user's home: a build plug-in cannot plant a modified artefact that
# builds outside the sandbox would use. The user's ~/.m2/settings.xml (which
# may hold repository passwords) is not visible; a mvn.local with
# "filesystems=~/.m2/settings.xml:ro;" under [Context] makes it so. Build
# plug-ins and tests run in this same sandbox, without ~/.ssh or the rest of
# the home.
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
Description=Maven on the current directory, with the network and a private ~/.m2
Include=base;network;
Command=mvn;

[Context]
filesystems=/etc/java-17-openjdk:ro;/etc/maven:ro;
persistent=.m2;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=JAVA_HOME;MAVEN_OPTS;MAVEN_ARGS;JAVA_TOOL_OPTIONS;
