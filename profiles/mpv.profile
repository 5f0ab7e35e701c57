# mpv.profile — the mpv media player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network (URLs and streams, through yt-dlp when installed), the portals,
# the videos, music and download directories read-only, and the user's mpv
# configuration and scripts (~/.config/mpv) read-only. Resume positions
# ("watch later") and caches persist across runs in the sandbox's own
# storage; the rest of the home is forgotten on exit.

[Profile]
Description=mpv media player (read-only media)
Include=gui;audio;gpu;network;portals;
Command=mpv;
AppId=io.mpv.Mpv

[Context]
filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;xdg-config/mpv:ro;
persistent=.local/state/mpv;.cache/mpv;

[Session Bus Policy]
org.mpris.MediaPlayer2.mpv=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
