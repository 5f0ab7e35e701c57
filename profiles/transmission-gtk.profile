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
# Single instance, and keeping the machine awake while transferring.
com.transmissionbt.*=own
org.gnome.SessionManager=talk

[Sandbox]
Home=private
