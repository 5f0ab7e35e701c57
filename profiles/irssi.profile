# irssi.profile — Irssi, the text-mode IRC client.
#
# Grants: the network, Irssi's own directory ~/.irssi (configuration,
# themes, scripts, logs, SASL and certificate settings), where the host's
# Irssi keeps it, and the download directory read-write (DCC transfers; set
# dcc_download_path to it). The system's /etc/irssi.conf is read-only. Perl
# scripts run inside the same sandbox: a malicious or compromised script
# reaches the network and ~/.irssi, not ~/.ssh or the rest of the home. Not
# granted: the display (/exec commands run inside the sandbox too).

[Profile]
Description=Irssi IRC client (network and ~/.irssi only)
Include=base;network;xdg-download;
Command=irssi;

[Context]
filesystems=~/.irssi:create;/etc/irssi.conf:ro;

[Sandbox]
Home=tmpfs
