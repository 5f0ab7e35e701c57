# totem.profile — Totem (GNOME Videos), the GNOME video player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU (video
# decoding and output), the network (streams, podcasts and online video
# through Grilo), the portals, and the videos, music and download
# directories read-only: a player never needs to change the media it plays.
# The media keys (MPRIS) and screen-saver inhibition work over the D-Bus
# proxy. The home is forgotten on exit except Totem's settings and its
# plugins' data; thumbnails made by the host's thumbnailers are not shared.

[Profile]
Description=Totem video player, GNOME Videos (read-only media)
Include=gui;audio;gpu;network;portals;
Command=totem;
AppId=org.gnome.Totem

[Context]
filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;
persistent=.local/share/totem;.cache/totem;.config/totem;.config/glib-2.0;

[Session Bus Policy]
org.gnome.Totem=own
org.mpris.MediaPlayer2.totem=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
