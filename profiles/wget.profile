# wget.profile — GNU Wget, the non-interactive downloader.
#
# Grants: the network, the current directory read-write (wget saves into
# the directory it is started in) and the download directory read-write,
# plus ~/.wgetrc read-only. Nothing else of the home is visible, so
# --post-file or --input-file cannot read or send the user's files outside
# those directories. The HSTS database (~/.wget-hsts) is forgotten on exit.
#
# The current directory is bound as it is: started from the home directory
# (or above it), the whole home would be visible and writable. Start it from
# a project directory.

[Profile]
Description=wget with the network, the current and the download directory only
Include=base;network;xdg-download;
Command=wget;

[Context]
filesystems=~/.wgetrc:ro;

[Sandbox]
Home=tmpfs
Mounts=bind:${PWD}:${PWD};
