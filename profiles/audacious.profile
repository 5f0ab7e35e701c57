# audacious.profile — Audacious, the audio player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the network
# (internet radio and streams), the portals and notifications, and the music
# and download directories read-only: the library is read, never changed
# (tag editing and moving files into the library are unavailable; a
# audacious.local with "filesystems=xdg-music;" allows them). The media keys
# (MPRIS) work over the D-Bus proxy. Playlists and settings
# (~/.config/audacious) persist across runs in the profile's own storage;
# the rest of the home is forgotten on exit. Audacious installs no
# reverse-DNS desktop id (audacious.desktop), so no AppId is set.

[Profile]
Description=Audacious audio player (read-only music)
Include=gui;audio;network;portals;dbus-notifications;
Command=audacious;

[Context]
filesystems=xdg-music:ro;xdg-download:ro;
persistent=.config/audacious;

[Session Bus Policy]
org.atheme.audacious=own
org.mpris.MediaPlayer2.audacious=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
