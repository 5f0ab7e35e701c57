# node.profile — the Node.js runtime, on the current directory.
#
# Grants: the current directory read-write (the script and its
# node_modules). No network: a script cannot download code or send anything
# out (use npm's profile to install packages). The rest of the home is
# absent and a fresh empty one is forgotten on exit.
#
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=Node.js on the current directory (no network)
Include=base;
Command=node;nodejs;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
KeepEnvironment=NODE_ENV;NODE_OPTIONS;NODE_PATH;
