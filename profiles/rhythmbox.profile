# rhythmbox.profile — Rhythmbox, the GNOME music player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the network
# (internet radio, podcasts, album art and lyrics), the portals and
# notifications, and the music and download directories read-only: the
# library is read, never changed (tag editing and moving files into the
# library are unavailable; a rhythmbox.local with "filesystems=xdg-music;"
# allows them). The media keys (MPRIS) work over the D-Bus proxy. The
# library database, playlists, podcast feeds and settings persist across
# runs in the profile's own storage (podcast episodes are downloaded there
# too, as the music directory is read-only); the rest of the home is
# forgotten on exit.

[Profile]
Description=Rhythmbox music player (read-only music)
Include=gui;audio;network;portals;dbus-notifications;
Command=rhythmbox;
AppId=org.gnome.Rhythmbox3

[Context]
filesystems=xdg-music:ro;xdg-download:ro;
persistent=.local/share/rhythmbox;.cache/rhythmbox;.config/glib-2.0;

[Session Bus Policy]
org.gnome.Rhythmbox3=own
org.mpris.MediaPlayer2.rhythmbox=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
