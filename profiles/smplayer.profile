# smplayer.profile — SMPlayer, the Qt front end to mpv and MPlayer.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU (video
# decoding and output), the network (streams, online video through yt-dlp
# when installed), the portals, and the videos, music and download
# directories read-only: a player never needs to change the media it plays.
# The media keys (MPRIS) and screen-saver inhibition work over the D-Bus
# proxy. SMPlayer's settings, its per-file resume positions and mpv's state
# persist across runs in the profile's own storage; the rest of the home is
# forgotten on exit. SMPlayer installs no reverse-DNS desktop id
# (smplayer.desktop), so no AppId is set.

[Profile]
Description=SMPlayer media player (read-only media)
Include=gui;audio;gpu;network;portals;
Command=smplayer;

[Context]
filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;xdg-config/mpv:ro;
persistent=.config/smplayer;.local/state/mpv;.cache/mpv;

[Session Bus Policy]
org.mpris.MediaPlayer2.smplayer=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
