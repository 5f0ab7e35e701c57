# transmission-cli.profile — transmission-cli and the other command-line
# tools of Transmission (transmission-create, -edit, -show, -remote).
#
# Grants: the network (peers, trackers, DHT; transmission-remote's RPC
# connection) and the download directory read-write: transmission-cli reads
# the .torrent there and writes the data there (it saves into the download
# directory by default; -w ~/Downloads/SUB picks another place below it).
# Settings and resume data (~/.config/transmission-cli) persist across runs
# in the profile's own storage. Nothing else of the home is visible: a
# torrent cannot write files anywhere else, and a seeding or creating
# command cannot read the user's other files. The other tools find this
# profile with "sbox --profile=transmission-cli -- transmission-show FILE".

[Profile]
Description=Transmission command-line tools (network and downloads only)
Include=base;network;xdg-download;
Command=transmission-cli;transmission-remote;transmission-show;transmission-create;transmission-edit;

[Context]
persistent=.config/transmission-cli;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
