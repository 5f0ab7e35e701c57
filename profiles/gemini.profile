# gemini.profile — Gemini CLI, Google's coding agent, on the current
# directory.
#
# The same sandbox as agent.profile (include/agent.inc): the current
# directory read-write with its VCS metadata read-only (the agent cannot
# commit, and code it runs cannot plant Git hooks or aliases for the host),
# the network, the user's Git identity read-only, and a private home of its
# own that persists across runs (~/.gemini). Not granted: ~/.ssh and the SSH
# agent, GnuPG, cloud and container credentials, stored Git credentials, the
# keyring, D-Bus, the display and the rest of the home. The only secret of
# the caller's environment let in is the provider's API key (GEMINI_API_KEY
# or GOOGLE_API_KEY): the agent needs it, and the code it runs can read it
# too, so prefer a key with a spending limit. The program must be installed
# where the sandbox sees it (/usr or /usr/local); one in ~/.local/bin needs
# a gemini.local granting its installation directory.

[Profile]
Description=Gemini CLI coding agent on the current directory: network, VCS metadata read-only, no credentials
Include=agent;
Command=gemini;

[Sandbox]
KeepEnvironment=GEMINI_API_KEY;GOOGLE_API_KEY;GOOGLE_GENAI_USE_VERTEXAI;
