# imv-wayland.profile — imv's Wayland binary, as Debian ships it (Debian 12
# has no /usr/bin/imv: the user types imv-wayland or imv-x11, and a profile
# is found by the command's name).
#
# Grants what imv.profile grants: the display (Wayland, X11 as a fallback),
# the GPU, the pictures and download directories read-only and the user's
# imv configuration read-only. No network. The home is forgotten on exit.

[Profile]
Description=imv image viewer, Wayland (read-only pictures, no network)
Include=gui;gpu;
Command=imv-wayland;

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;xdg-config/imv:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
