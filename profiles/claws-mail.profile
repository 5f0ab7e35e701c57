# claws-mail.profile — Claws Mail, the GTK mail and news client.
#
# Grants: the display (Wayland, X11 as a fallback), the network (IMAP, POP3,
# SMTP, NNTP), printing, the portals and notifications, the download
# directory read-write (saving attachments), the documents directory
# read-only (attaching files), and Claws Mail's own directories:
# ~/.claws-mail (accounts, its password store, filters, folder cache) and
# ~/Mail (local MH folders), where the host's Claws Mail keeps them. Not
# granted: GnuPG (a claws-mail.local can add sockets=gpg-agent and
# ~/.gnupg:ro for the PGP plugins). External editors and viewers configured
# in Claws Mail run inside the same sandbox.
#
# Network=host (network.inc), not isolated: mail servers often sit on the LAN,
# a VPN or localhost (a bridge), which isolated refuses; --network=isolated opts in.

[Profile]
Description=Claws Mail client
Include=gui;network;portals;dbus-notifications;xdg-download;
Command=claws-mail;

[Context]
sockets=cups;
filesystems=~/.claws-mail:create;~/Mail;xdg-documents:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
