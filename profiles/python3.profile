# python3.profile — the Python 3 interpreter, on the current directory.
#
# Grants: the current directory read-write (the script, its data and a
# virtual environment kept there) and the user's installed packages
# (~/.local/lib) read-only. No network: a script cannot download code or
# send anything out (use --share=network when one must). The rest of the
# home is absent and a fresh empty one is forgotten on exit.
#
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=Python 3 on the current directory (no network)
Include=base;
Command=python3;

[Context]
filesystems=~/.local/lib:ro;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
KeepEnvironment=PYTHON*;
