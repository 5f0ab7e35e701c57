# agent.profile — a command-line AI coding agent on the current directory:
# "sbox --profile=agent -- claude" (or aider, codex, gemini, ...). claude,
# codex, aider and gemini also have profiles of their own, so that "sbox
# claude" finds one; each has its own private home and lets the API key of
# its own provider through.
#
# Grants (include/agent.inc): the current directory read-write with its VCS
# metadata read-only (.git, .hg, .svn, .envrc, .vscode, ... : the agent
# cannot commit, and code it runs cannot plant hooks the host's Git would
# run), the network, the user's Git identity read-only and a private home
# that persists across runs (~/.local/share/sbox/home/agent: log the agent
# in once inside). Not granted: ~/.ssh and the SSH agent, GnuPG, cloud and
# container credentials (~/.aws, ~/.config/gcloud, ~/.kube, ~/.docker),
# stored Git credentials, the keyring and D-Bus, the display and every other
# directory of the home. No API key of the caller's environment gets in: an
# agent that reads one needs agent.local with, for example,
# "KeepEnvironment=ANTHROPIC_API_KEY;" under [Sandbox] (the code the agent
# runs can read that key too: prefer a key with a spending limit). The
# agent's program must be installed where the sandbox sees it (/usr,
# /usr/local: "npm install -g" or pip as root); one in ~/.local/bin needs a
# filesystems= grant of its installation directory in agent.local.

[Profile]
Description=AI coding agent on the current directory: network, VCS metadata read-only, no credentials
Include=agent;
Command=claude;codex;aider;gemini;
