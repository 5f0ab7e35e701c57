# lollypop.profile — Lollypop, the GNOME music player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the network
# (artwork, lyrics and web services), the portals and notifications, and the
# music and download directories read-only: the library is read, never
# changed (tag editing and moving files into the library are unavailable; a
# lollypop.local with "filesystems=xdg-music;" allows them). The media keys
# (MPRIS) work over the D-Bus proxy. The collection database and settings
# persist across runs in the profile's own storage; the rest of the home is
# forgotten on exit.

[Profile]
Description=Lollypop music player (read-only music)
Include=gui;audio;network;portals;dbus-notifications;
Command=lollypop;
AppId=org.gnome.Lollypop

[Context]
filesystems=xdg-music:ro;xdg-download:ro;
persistent=.local/share/lollypop;.cache/lollypop;.config/glib-2.0;

[Session Bus Policy]
org.gnome.Lollypop=own
org.mpris.MediaPlayer2.Lollypop=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
