# composer.profile — Composer, the PHP dependency manager, on the current
# directory.
#
# Grants: the network (Packagist and the packages' download hosts), the
# current directory read-write (composer.json, vendor/) and PHP's
# configuration read-only (/etc/php: without it PHP loads none of its
# extensions). Composer's home and cache (~/.config/composer,
# ~/.cache/composer) persist across runs in the profile's own storage, not
# in the user's home: the user's auth.json (tokens for GitHub and private
# repositories) is not visible, and global installs cannot reach the
# caller's PATH. Package scripts and plug-ins run in this same sandbox,
# without ~/.ssh or the rest of the home.
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
Description=Composer on the current directory, with the network and a private cache
Include=base;network;
Command=composer;

[Context]
filesystems=/etc/php:ro;
persistent=.config/composer;.cache/composer;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=vcs:${PWD};
KeepEnvironment=COMPOSER;COMPOSER_NO_INTERACTION;COMPOSER_NO_DEV;COMPOSER_MEMORY_LIMIT;COMPOSER_PROCESS_TIMEOUT;
