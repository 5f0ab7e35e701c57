# transmission-qt.profile — the Transmission BitTorrent client (Qt).
#
# Grants: the display (Wayland, X11 as a fallback), the network (peers,
# trackers, DHT, port mapping, remote sessions), the portals and
# notifications, the tray icon, and the download directory read-write:
# torrents are read from there and data is written there, and nowhere else.
# Torrents, resume data and settings (~/.config/transmission) live in a
# private home of its own (not shared with transmission-gtk).

[Profile]
Description=Transmission BitTorrent client, Qt (downloads only)
Include=gui;network;portals;dbus-notifications;xdg-download;
Command=transmission-qt;
AppId=com.transmissionbt.Transmission

[Session Bus Policy]
# Single instance ("transmission-qt FILE" hands the torrent to the running
# one), and keeping the machine awake while transferring.
com.transmissionbt.*=own
org.kde.StatusNotifierWatcher=talk
org.freedesktop.PowerManagement.Inhibit=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
