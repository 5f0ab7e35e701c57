# obs.profile — OBS Studio, the screen recorder and live-streaming program
# (package obs-studio; the program is obs).
#
# Grants: the display (Wayland, X11 as a fallback), sound and the PipeWire
# socket (audio capture; screen and window capture through the portal's
# screencast, which asks the user what to share), the GPU (compositing and
# hardware encoding), the network (streaming to a server, WebSocket remote
# control), the portals and notifications, the videos directory read-write
# (recordings) and the pictures and music directories read-only (image and
# media sources). Scene collections, profiles and stream keys
# (~/.config/obs-studio) live in a private home. Not granted: cameras and
# capture cards (V4L2 device nodes are outside sbox's device classes; a
# camera served by PipeWire works), and X11 screen capture under Wayland.
# Under an X11 session OBS captures the screen through the X server, which
# any X11 client can. Checkouts in the videos directory keep their VCS
# metadata read-only.

[Profile]
Description=OBS Studio screen recorder and streamer
Include=gui;audio;gpu;network;portals;dbus-notifications;
Command=obs;
AppId=com.obsproject.Studio

[Context]
filesystems=xdg-videos;xdg-pictures:ro;xdg-music:ro;

[Session Bus Policy]
org.freedesktop.ScreenSaver=talk
org.kde.StatusNotifierWatcher=talk

[Sandbox]
Protect=vcs:${XDG_VIDEOS_DIR};
Home=private
