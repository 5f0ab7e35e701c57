# aider.profile — aider, the AI pair-programming tool, on the current
# directory.
#
# The same sandbox as agent.profile (include/agent.inc): the current
# directory read-write with its VCS metadata read-only (the agent cannot
# commit, and code it runs cannot plant Git hooks or aliases for the host),
# the network, the user's Git identity read-only, and a private home of its
# own that persists across runs (~/.aider* files and the model cache). Not
# granted: ~/.ssh and the SSH agent, GnuPG, cloud and container credentials,
# stored Git credentials, the keyring, D-Bus, the display and the rest of
# the home. The only secret of the caller's environment let in is the
# provider's API key (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY,
# DEEPSEEK_API_KEY or OPENROUTER_API_KEY, with aider's own AIDER_*
# settings): the agent needs it, and the code it runs can read it too, so
# prefer a key with a spending limit. The program must be installed where
# the sandbox sees it (/usr or /usr/local); one in ~/.local/bin needs an
# aider.local granting its installation directory.

[Profile]
Description=aider coding agent on the current directory: network, VCS metadata read-only, no credentials
Include=agent;
Command=aider;

[Sandbox]
KeepEnvironment=ANTHROPIC_API_KEY;OPENAI_API_KEY;OPENAI_API_BASE;GEMINI_API_KEY;DEEPSEEK_API_KEY;OPENROUTER_API_KEY;AIDER_*;
