# transmission-gtk.profile — the Transmission BitTorrent client (GTK).
#
# Grants: the display (Wayland, X11 as a fallback), the network (peers,
# trackers, DHT, port mapping), the portals and notifications, and the
# download directory read-write: torrents are read from there and data is
# written there, and nowhere else. Torrents, resume data and settings
# (~/.config/transmission) live in a private home.

[Profile]
Description=Transmission BitTorrent client (downloads only)
Include=gui;network;portals;dbus-notifications;xdg-download;
Command=transmission-gtk;
AppId=com.transmissionbt.Transmission

[Session Bus Policy]
# Single instance, and keeping the machine awake while transferring: only
# the session manager's Inhibit and Uninhibit, not talk (which includes
# Logout and Shutdown).
com.transmissionbt.*=own
org.gnome.SessionManager=call:org.gnome.SessionManager.Inhibit@/org/gnome/SessionManager;call:org.gnome.SessionManager.Uninhibit@/org/gnome/SessionManager;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
