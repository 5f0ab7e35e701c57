# pip.profile — pip, the Python package installer, on the current directory.
#
# Grants: the network (the package index), the current directory read-write
# (install into a virtual environment kept there:
# "sbox --profile=pip -- ./venv/bin/pip install ...") and pip's
# configuration read-only. The download and wheel cache (~/.cache/pip)
# persists across runs in the profile's own storage. Build scripts of the
# packages run in this same sandbox, without ~/.ssh or the rest of the
# home. "pip install --user" writes into the forgotten tmpfs home: user-wide
# installs would let a package plant programs in ~/.local/bin.
#
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=pip on the current directory, with the network and a private cache
Include=base;network;
Command=pip;pip3;

[Context]
filesystems=xdg-config/pip:ro;~/.pip:ro;
persistent=.cache/pip;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
KeepEnvironment=PIP_*;PYTHON*;
