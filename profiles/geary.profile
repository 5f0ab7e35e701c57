# geary.profile — Geary, the GNOME mail client.
#
# Grants: the display (Wayland, X11 as a fallback), sound (new-mail alerts),
# the network (IMAP and SMTP), printing, the portals and notifications, the
# download directory read-write (saving attachments), the documents
# directory read-only (attaching files) and Geary's data
# (~/.local/share/geary: the accounts and the mail database) and settings
# (~/.config/geary), where the host's Geary keeps them. Not granted: the
# keyring (org.freedesktop.secrets hands out every stored secret, so Geary
# asks for account passwords at each start; a geary.local with
# "org.freedesktop.secrets=talk" under [Session Bus Policy] stores them) and
# GNOME Online Accounts.
#
# Geary shows mail in WebKitGTK. When WebKit's own bubblewrap sandbox is
# enabled it needs the mount system calls sbox's filter refuses and would
# take /.flatpak-info for Flatpak; WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS
# makes the web process run in this sandbox instead (remote content in
# messages stays blocked by Geary until the user allows it).
#
# Network=host (network.inc), not isolated: mail servers often sit on the LAN,
# a VPN or localhost (a bridge), which isolated refuses; --network=isolated opts in.

[Profile]
Description=Geary mail client
Include=gui;audio;network;portals;dbus-notifications;xdg-download;
Command=geary;
AppId=org.gnome.Geary

[Context]
sockets=cups;
filesystems=xdg-data/geary:create;xdg-config/geary:create;xdg-documents:ro;

[Session Bus Policy]
org.gnome.Geary=own

[Environment]
WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1

[Sandbox]
Home=private
