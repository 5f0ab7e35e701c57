# cargo.profile — Cargo, the Rust package manager, on the current directory.
#
# Grants: the network (crates.io and Git dependencies) and the current
# directory read-write (the crate or workspace, and target/). ~/.cargo
# (registry index, downloaded crates, Git checkouts, "cargo install"
# programs) persists across runs in the profile's own storage, not in the
# user's home. Build scripts and procedural macros of the dependencies run
# in this same sandbox, without ~/.ssh or the rest of the home. Registry
# tokens are not passed in. A toolchain installed with rustup in the home is
# not visible; the system's cargo and rustc (/usr/bin) are used.
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
Description=Cargo on the current directory, with the network and a private ~/.cargo
Include=base;network;
Command=cargo;

[Context]
persistent=.cargo;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=CARGO_TARGET_DIR;CARGO_BUILD_JOBS;CARGO_INCREMENTAL;CARGO_TERM_COLOR;CARGO_PROFILE_*;RUSTFLAGS;RUSTDOCFLAGS;RUST_BACKTRACE;RUST_LOG;
