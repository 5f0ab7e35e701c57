# npm.profile — npm, the Node.js package manager, on the current directory.
#
# Grants: the network (the registry), the current directory read-write
# (package.json, node_modules), npm's configuration (~/.npmrc) read-only and
# its cache (~/.npm) and node-gyp's headers (~/.cache/node-gyp), which
# persist across runs in the profile's own storage rather than in the
# user's home. Install scripts of the packages run in this same sandbox: they
# can reach the network and the project, but not ~/.ssh, tokens in other
# files or the rest of the home. Global installs (-g) need a writable /usr
# and fail.
#
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=npm on the current directory, with the network and a private cache
Include=base;network;
Command=npm;

[Context]
filesystems=~/.npmrc:ro;
persistent=.npm;.cache/node-gyp;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
KeepEnvironment=NODE_ENV;NODE_OPTIONS;npm_config_*;NPM_CONFIG_*;
