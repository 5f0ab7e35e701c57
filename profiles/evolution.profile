# evolution.profile — Evolution, the GNOME mail, calendar and contacts
# client.
#
# Grants: the display (Wayland, X11 as a fallback), sound (reminders), the
# network (IMAP, SMTP, Exchange, CalDAV), printing, the portals and
# notifications, the download directory read-write (saving attachments), the
# documents directory read-only (attaching files), and Evolution's own
# directories in ~/.config/evolution, ~/.local/share/evolution and
# ~/.cache/evolution, which it shares with the host's Evolution Data Server.
# Calendars, address books and account definitions belong to the Data
# Server, which runs outside the sandbox: its bus names
# (org.gnome.evolution.dataserver.*) are reachable, and through them every
# calendar and contact of the user, as Evolution needs. Not granted: the
# keyring and GNOME Online Accounts (each would hand out the secrets of
# other programs too; an evolution.local can add
# org.gnome.OnlineAccounts=talk for online accounts), GnuPG (a .local can
# add sockets=gpg-agent and ~/.gnupg:ro for signed and encrypted mail).
#
# Network=host (network.inc), not isolated: mail servers often sit on the LAN,
# a VPN or localhost (a bridge), which isolated refuses; --network=isolated opts in.

[Profile]
Description=Evolution mail, calendar and contacts
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=evolution;
AppId=org.gnome.Evolution

[Context]
sockets=cups;
filesystems=xdg-config/evolution:create;xdg-data/evolution:create;xdg-cache/evolution:create;xdg-documents:ro;

[Session Bus Policy]
org.gnome.Evolution=own
org.gnome.evolution.dataserver.*=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
