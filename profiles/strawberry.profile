# strawberry.profile — Strawberry, the music player and collection
# organiser.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the network
# (internet radio, streaming services, album art and lyrics), the portals
# and notifications, and the music and download directories read-only: the
# library is read, never changed (tag editing and moving files into the
# library are unavailable; a strawberry.local with "filesystems=xdg-music;"
# allows them). The media keys (MPRIS) work over the D-Bus proxy. The
# collection database and settings persist across runs in the profile's own
# storage; the rest of the home is forgotten on exit.

[Profile]
Description=Strawberry music player (read-only music)
Include=gui;audio;network;portals;dbus-notifications;
Command=strawberry;
AppId=org.strawberrymusicplayer.strawberry

[Context]
filesystems=xdg-music:ro;xdg-download:ro;
persistent=.config/strawberry;.local/share/strawberry;.cache/strawberry;

[Session Bus Policy]
org.mpris.MediaPlayer2.strawberry=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
