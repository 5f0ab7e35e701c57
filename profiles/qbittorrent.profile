# qbittorrent.profile — qBittorrent, the BitTorrent client (Qt).
#
# Grants: the display (Wayland, X11 as a fallback), the network (peers,
# trackers, DHT, port mapping, RSS feeds, the search plug-ins), the portals
# and notifications, the tray icon, and the download directory read-write:
# .torrent files are read from there and data is written there, and nowhere
# else. Settings, resume data, RSS and the search plug-ins
# (~/.config/qBittorrent, ~/.local/share/qBittorrent) live in a private
# home; the search plug-ins are Python and run inside the same sandbox. Not
# granted: the rest of the home (a download directory elsewhere needs a
# qbittorrent.local with "filesystems=~/PATH;" under [Context]).

[Profile]
Description=qBittorrent BitTorrent client (downloads only)
Include=gui;network;portals;dbus-notifications;xdg-download;
Command=qbittorrent;
AppId=org.qbittorrent.qBittorrent

[Session Bus Policy]
org.kde.StatusNotifierWatcher=talk
# Keeping the machine awake while transferring, and nothing else of the
# session manager (not Logout or Shutdown).
org.gnome.SessionManager=call:org.gnome.SessionManager.Inhibit@/org/gnome/SessionManager;call:org.gnome.SessionManager.Uninhibit@/org/gnome/SessionManager;
org.freedesktop.PowerManagement.Inhibit=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
