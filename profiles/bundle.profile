# bundle.profile — Bundler (package bundler), on the current directory.
#
# Grants: the network (rubygems.org and Git sources over HTTPS) and the
# current directory read-write (Gemfile, Gemfile.lock, and vendor/bundle
# with "bundle config set --local path vendor/bundle"). Gems installed for
# the user and Bundler's cache (~/.local/share/gem, ~/.gem, ~/.bundle)
# persist across runs in the profile's own storage, not in the user's home.
# Native extensions build, and bundle exec runs, in this same sandbox,
# without ~/.ssh or the rest of the home (Git sources over SSH are
# unavailable). Credentials for private sources given as BUNDLE_HOST
# variables are not let through: a bundle.local can keep one by name.
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
Description=Bundler on the current directory, with the network and a private gem directory
Include=base;network;
Command=bundle;bundler;

[Context]
persistent=.local/share/gem;.gem;.bundle;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=BUNDLE_GEMFILE;BUNDLE_PATH;BUNDLE_WITHOUT;BUNDLE_WITH;BUNDLE_DEPLOYMENT;BUNDLE_FROZEN;BUNDLE_JOBS;GEM_HOME;GEM_PATH;RUBYOPT;RAILS_ENV;RACK_ENV;
