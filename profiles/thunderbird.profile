# thunderbird.profile — the Thunderbird mail, calendar and news client.
#
# Grants: the display (Wayland, X11 as a fallback), sound (new-mail alerts),
# the GPU, the network (IMAP, SMTP, calendars, feeds), printing, the portals
# and notifications, the user's mail profiles in ~/.thunderbird, the
# download directory read-write (saving attachments) and the documents
# directory read-only (attaching files). Thunderbird's built-in OpenPGP
# needs no GnuPG daemon; a .local file can add sockets=gpg-agent for
# smartcards. Caches live in a private home.
#
# Network=host (network.inc), not isolated: mail servers often sit on the LAN,
# a VPN or localhost (a bridge), which isolated refuses; --network=isolated opts in.

[Profile]
Description=Thunderbird mail client
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=thunderbird;
AppId=org.mozilla.Thunderbird

[Context]
sockets=cups;
filesystems=~/.thunderbird:create;xdg-documents:ro;/etc/thunderbird:ro;

[Session Bus Policy]
org.mozilla.thunderbird.*=own

[Environment]
MOZ_ENABLE_WAYLAND=1

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
