# curl.profile — curl, the URL transfer tool.
#
# Grants: the network (the point of curl) and the download directory
# read-write, plus curl's own configuration (~/.curlrc) read-only. Nothing
# else of the home is visible, so a URL such as file:///home/USER/.ssh/id_rsa
# or an upload option such as -T or --data @FILE cannot read or send the
# user's files. Output goes to stdout or into the download directory
# (curl -o ~/Downloads/FILE); a file written anywhere else in the home is
# forgotten on exit.

[Profile]
Description=curl with the network and the download directory only
Include=base;network;xdg-download;
Command=curl;

[Context]
filesystems=~/.curlrc:ro;xdg-config/.curlrc:ro;

[Sandbox]
# Nothing named on the command line is forwarded: an argument such as
# -T FILE or @FILE reaches only what this profile grants.
FileArguments=none
Home=tmpfs
KeepEnvironment=CURL_CA_BUNDLE;CURL_HOME;
