# gajim.profile — Gajim, the XMPP (Jabber) client.
#
# Grants: the display (Wayland, X11 as a fallback), sound (alerts and
# calls), the network, the portals and notifications, the tray icon, the
# download directory read-write (received files), the pictures directory
# read-only (sending pictures) and Gajim's directories where the host's
# Gajim keeps them: ~/.config/gajim (settings) and ~/.local/share/gajim
# (accounts, OMEMO keys, history). Plugins run inside the same sandbox. Not
# granted: the keyring (a gajim.local can add "org.freedesktop.secrets=talk"
# under [Session Bus Policy] to keep passwords there; Gajim otherwise stores
# them in its own settings), GnuPG.

[Profile]
Description=Gajim XMPP client
Include=gui;audio;network;portals;dbus-notifications;xdg-download;
Command=gajim;
AppId=org.gajim.Gajim

[Context]
filesystems=xdg-config/gajim:create;xdg-data/gajim:create;xdg-pictures:ro;

[Session Bus Policy]
org.gajim.Gajim=own
org.kde.StatusNotifierWatcher=talk

[Sandbox]
Home=private
