# deluge.profile — Deluge, the BitTorrent client (GTK interface; package
# deluge-gtk, or deluge for the launcher).
#
# Grants: the display (Wayland, X11 as a fallback), the network (peers,
# trackers, DHT, port mapping; the daemon and thin-client connections), the
# portals and notifications, and the download directory read-write: .torrent
# files are read from there and data is written there, and nowhere else.
# Settings, state and plug-ins (~/.config/deluge) live in a private home;
# plug-ins (Python eggs) run inside the same sandbox. In classic mode the
# daemon runs inside the sandbox with the interface. Not granted: the rest
# of the home. Deluge installs no reverse-DNS desktop id (deluge.desktop),
# so no AppId is set.

[Profile]
Description=Deluge BitTorrent client (downloads only)
Include=gui;network;portals;dbus-notifications;xdg-download;
Command=deluge-gtk;deluge;

[Session Bus Policy]
org.kde.StatusNotifierWatcher=talk
org.gnome.SessionManager=call:org.gnome.SessionManager.Inhibit@/org/gnome/SessionManager;call:org.gnome.SessionManager.Uninhibit@/org/gnome/SessionManager;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
