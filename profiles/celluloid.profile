# celluloid.profile — Celluloid, the GTK front end to mpv.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU (video
# decoding and output), the network (streams and URLs played through yt-dlp
# when installed), the portals, and the videos, music and download
# directories read-only: a player never needs to change the media it plays.
# The media keys (MPRIS) and screen-saver inhibition work over the D-Bus
# proxy. The user's mpv configuration and scripts (~/.config/mpv) are
# read-only. Celluloid's settings and mpv's resume positions persist across
# runs in the profile's own storage; the rest of the home is forgotten on
# exit.

[Profile]
Description=Celluloid video player, mpv front end (read-only media)
Include=gui;audio;gpu;network;portals;
Command=celluloid;gnome-mpv;
AppId=io.github.celluloid_player.Celluloid

[Context]
filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;xdg-config/mpv:ro;
persistent=.config/celluloid;.config/glib-2.0;.local/state/mpv;.cache/mpv;

[Session Bus Policy]
io.github.celluloid_player.Celluloid=own
org.mpris.MediaPlayer2.io.github.celluloid_player.*=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
