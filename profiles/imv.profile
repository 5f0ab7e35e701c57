# imv.profile — the imv image viewer.
#
# Grants: the display (Wayland, X11 as a fallback; /usr/bin/imv picks
# imv-wayland or imv-x11) with the user's fonts for its overlay, the GPU
# (imv draws with OpenGL), the pictures and download directories read-only
# and the user's imv configuration read-only. No network. The home is
# forgotten on exit.

[Profile]
Description=imv image viewer (read-only pictures, no network)
Include=gui;gpu;
Command=imv;imv-wayland;imv-x11;

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;xdg-config/imv:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
