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
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=Cargo on the current directory, with the network and a private ~/.cargo
Include=base;network;
Command=cargo;

[Context]
persistent=.cargo;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
KeepEnvironment=CARGO_TARGET_DIR;CARGO_BUILD_JOBS;CARGO_INCREMENTAL;CARGO_TERM_COLOR;CARGO_PROFILE_*;RUSTFLAGS;RUSTDOCFLAGS;RUST_BACKTRACE;RUST_LOG;
