# darktable.profile — darktable, the raw photo developer.
#
# Grants: the display (Wayland, X11 as a fallback), the GPU (OpenCL and
# OpenGL), printing (CUPS), the portals, the pictures directory read-write
# (darktable writes .xmp sidecar files beside the images and exports there),
# the download directory read-only, and darktable's library and settings in
# ~/.config/darktable and its cache in ~/.cache/darktable, where the host's
# darktable keeps them. No network (map tiles in the map view are
# unavailable). Lua scripts in ~/.config/darktable/lua run inside the same
# sandbox. Checkouts in the pictures directory keep their VCS metadata
# read-only.

[Profile]
Description=darktable raw photo developer (pictures only, no network)
Include=gui;gpu;portals;
Command=darktable;
AppId=org.darktable.darktable

[Context]
sockets=cups;
filesystems=xdg-pictures;xdg-download:ro;xdg-config/darktable:create;xdg-cache/darktable:create;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Protect=vcs:${XDG_PICTURES_DIR};
Home=private
