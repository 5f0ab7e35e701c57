# imv-x11.profile — imv's X11 binary, as Debian ships it (Debian 12 has no
# /usr/bin/imv: the user types imv-wayland or imv-x11, and a profile is
# found by the command's name).
#
# Grants what imv.profile grants, except that the display is X11 always:
# imv-x11 speaks only X11, also on a Wayland desktop (through Xwayland).
# The GPU, the pictures and download directories read-only and the user's
# imv configuration read-only. No network. The home is forgotten on exit.

[Profile]
Description=imv image viewer, X11 (read-only pictures, no network)
Include=gui;x11;gpu;
Command=imv-x11;

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;xdg-config/imv:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
