# clementine.profile — Clementine, the music player and library organiser.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the network
# (internet radio, podcasts, album art and lyrics), the portals and
# notifications, and the music and download directories read-only: the
# library is read, never changed (tag editing and moving files into the
# library are unavailable; a clementine.local with "filesystems=xdg-music;"
# allows them). The media keys (MPRIS) work over the D-Bus proxy. The
# library database and settings (~/.config/Clementine) persist across runs
# in the profile's own storage; the rest of the home is forgotten on exit.

[Profile]
Description=Clementine music player (read-only music)
Include=gui;audio;network;portals;dbus-notifications;
Command=clementine;
AppId=org.clementine_player.Clementine

[Context]
filesystems=xdg-music:ro;xdg-download:ro;
persistent=.config/Clementine;.cache/Clementine;

[Session Bus Policy]
org.mpris.MediaPlayer2.clementine=own
org.mpris.clementine=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
