# parole.profile — Parole, the Xfce media player.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU (video
# decoding and output), the network (streams and internet radio), the
# portals, and the videos, music and download directories read-only: a
# player never needs to change the media it plays. The media keys (MPRIS)
# and screen-saver inhibition work over the D-Bus proxy. Parole's settings
# and playlists persist across runs in the profile's own storage; the rest
# of the home is forgotten on exit.

[Profile]
Description=Parole media player (read-only media)
Include=gui;audio;gpu;network;portals;
Command=parole;
AppId=org.xfce.Parole

[Context]
filesystems=xdg-videos:ro;xdg-music:ro;xdg-download:ro;
persistent=.config/parole;.local/share/parole;

[Session Bus Policy]
org.mpris.MediaPlayer2.parole=own
org.Parole.Media.*=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
