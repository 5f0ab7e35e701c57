# vlc.profile — the VLC media player.
#
# Grants: the display (X11 always: VLC 3's Qt interface refuses to start
# without an X server, even on a Wayland desktop, where it runs through
# Xwayland; Wayland for the video output), sound, the GPU (video
# decoding and output), the network (streams, podcasts, UPnP and network
# shares), the portals, and the videos, music and download directories
# read-only: a player never needs to change the media it plays. The media
# keys (MPRIS) and screen-saver inhibition work over the D-Bus proxy.
# The home is forgotten on exit except VLC's settings, media library and
# artwork cache.

[Profile]
Description=VLC media player (read-only media)
Include=gui;audio;gpu;network;portals;
Command=vlc;
AppId=org.videolan.VLC

[Context]
sockets=x11;
filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;
persistent=.config/vlc;.local/share/vlc;.cache/vlc;

[Session Bus Policy]
org.mpris.MediaPlayer2.vlc=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
