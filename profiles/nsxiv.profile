# nsxiv.profile — nsxiv (Neo sxiv), the simple X image viewer.
#
# Grants: the X11 display (nsxiv has no Wayland support: X11 lets a client
# read other windows' keystrokes), the pictures and download directories
# read-only, and the user's configuration (~/.config/nsxiv: the key-handler
# and image-info scripts) read-only: the scripts run inside the same
# sandbox, and a viewed image cannot rewrite them. No network. The thumbnail
# cache (~/.cache/nsxiv) persists across runs in the profile's own storage;
# the rest of the home is forgotten on exit. The key handler's usual jobs
# that change files (rotating with mogrify, deleting, setting the wallpaper)
# fail on the read-only pictures.

[Profile]
Description=nsxiv image viewer (X11, read-only pictures, no network)
Include=base;x11;
Command=nsxiv;

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;xdg-config/nsxiv:ro;
persistent=.cache/nsxiv;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
