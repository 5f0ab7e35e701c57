# pidgin.profile — Pidgin, the multi-protocol instant messenger (GTK 2).
#
# Grants: the X11 display (GTK 2 has no Wayland support: X11 lets a client
# read other windows' keystrokes, a risk this profile cannot avoid), the
# user's fonts and themes read-only, sound (alerts), the network, the
# portals and notifications, the download directory read-write (received
# files) and the pictures directory read-only (sending pictures), and
# Pidgin's own directory ~/.purple (accounts, passwords kept there, logs,
# plugins' settings), where the host's Pidgin keeps it. Not granted: the
# keyring, the rest of the home. Plugins run inside the same sandbox.

[Profile]
Description=Pidgin instant messenger (X11)
Include=gui;x11;audio;network;portals;dbus-notifications;xdg-download;
Command=pidgin;

[Context]
filesystems=~/.purple:create;xdg-pictures:ro;

[Sandbox]
Home=private
