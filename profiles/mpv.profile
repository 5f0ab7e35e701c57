# mpv.profile — the mpv media player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network (URLs and streams, through yt-dlp when installed), the portals,
# the videos, music and download directories read-only, and the user's mpv
# configuration and scripts (~/.config/mpv) read-only. Caches persist
# across runs in the sandbox's own storage, and so do resume positions
# ("watch later") where mpv keeps them in ~/.local/state/mpv (mpv 0.36 and
# later). Debian 12's mpv 0.35 keeps them in ~/.config/mpv/watch_later:
# read-only here when the host has ~/.config/mpv, in the forgotten home
# otherwise, so they are not kept (a sandbox must not write what the
# host's mpv reads as options). The rest of the home is forgotten on exit.

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
