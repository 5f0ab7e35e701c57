# remmina.profile — Remmina, the remote desktop client (RDP, VNC, SPICE,
# SSH).
#
# Grants: the display (Wayland, X11 as a fallback), sound (remote audio),
# the network, the portals and notifications, the tray icon, the download
# directory read-write (the folder it can share with remote machines and
# where transferred files land), and Remmina's connection profiles and
# settings (~/.local/share/remmina, ~/.config/remmina), where the host's
# Remmina keeps them. Not granted: the keyring (Remmina then keeps saved
# passwords encrypted in its own profiles; a remmina.local with
# "org.freedesktop.secrets=talk" under [Session Bus Policy] uses the
# keyring, which hands out every stored secret), ~/.ssh and the SSH agent
# (SSH tunnels with keys need a .local), smart cards, USB redirection and
# the rest of the home: a compromised connection to a hostile server reaches
# only the download directory.

[Profile]
Description=Remmina remote desktop client
Include=gui;audio;network;portals;dbus-notifications;xdg-download;
Command=remmina;
AppId=org.remmina.Remmina

[Context]
filesystems=xdg-data/remmina:create;xdg-config/remmina:create;

[Session Bus Policy]
org.remmina.Remmina=own
org.kde.StatusNotifierWatcher=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
