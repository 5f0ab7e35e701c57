# git.profile — Git, on the working tree in the current directory.
#
# Grants: the current directory read-write (run git at the top of the
# working tree: the directories above it are not visible), the user's Git
# configuration read-only (identity, aliases; ~/.gitconfig and
# ~/.config/git), the network (clone, fetch and push over HTTPS or SSH) and
# the SSH authentication socket (sockets=ssh-auth): SSH remotes
# authenticate through it, and the private keys in ~/.ssh stay out of reach
# (only known_hosts and the SSH client configuration are visible,
# read-only). Stored HTTPS credentials
# (~/.git-credentials, the keyring) are not visible; commit signing with
# GnuPG needs a git.local adding sockets=gpg-agent and the public keyring.
#
# Started from the home directory (or above it), or in or above a directory
# holding keys, configuration or programs on PATH (~/.ssh, ~/.config,
# ~/.local/bin, ...), sbox refuses to start. Git writes objects, refs,
# HEAD and the index here, but every Git directory in the tree is pinned
# (bound onto itself: it cannot be renamed or replaced) and what decides
# where Git reads its configuration and hooks stays read-only: config,
# config.worktree, commondir, gitdir, hooks, modules and worktrees, with
# those of submodules, worktrees and nested repositories, and every .git
# file (Protect=git:${PWD}). Git runs what they name on the next command
# outside the sandbox. Commit, fetch, merge, rebase, stash and gc work;
# commands that change the configuration (git config, git remote add,
# push -u, submodule add or init) fail here, and so does adding a worktree
# to a repository that has one already: run them outside.
# Not prevented: a commondir file added where there was none (Git must be
# able to create its lock files at a Git directory's top level), and a
# .git created in a directory that had none.

[Profile]
Description=Git on the current directory, SSH keys only through ssh-auth
Include=base;network;
Command=git;

[Context]
sockets=ssh-auth;
filesystems=~/.gitconfig:ro;xdg-config/git:ro;/etc/gitconfig:ro;~/.ssh/known_hosts:ro;~/.ssh/config:ro;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
Protect=git:${PWD};
KeepEnvironment=GIT_AUTHOR_NAME;GIT_AUTHOR_EMAIL;GIT_AUTHOR_DATE;GIT_COMMITTER_NAME;GIT_COMMITTER_EMAIL;GIT_COMMITTER_DATE;GIT_EDITOR;GIT_PAGER;GIT_SSH_COMMAND;GIT_TERMINAL_PROMPT;GIT_DIR;GIT_WORK_TREE;
