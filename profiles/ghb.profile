# ghb.profile — HandBrake, the video transcoder (package handbrake; the
# program is ghb).
#
# Grants: the display (Wayland, X11 as a fallback), the GPU (hardware
# decoding and encoding), the portals and notifications, the videos
# directory read-write (sources and encodes) and the download directory
# read-only (sources). No sound and no network. Reading from an optical
# drive is unavailable (no devices beyond the GPU): rip from a disc image or
# a VIDEO_TS folder in the videos or download directory. Presets, settings
# and the queue (~/.config/ghb) live in a private home. Checkouts in the
# videos directory keep their VCS metadata read-only.

[Profile]
Description=HandBrake video transcoder (videos read-write, no network)
Include=gui;gpu;portals;dbus-notifications;
Command=ghb;
AppId=fr.handbrake.ghb

[Context]
filesystems=xdg-videos;xdg-download:ro;

[Session Bus Policy]
fr.handbrake.ghb=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Protect=vcs:${XDG_VIDEOS_DIR};
Home=private
