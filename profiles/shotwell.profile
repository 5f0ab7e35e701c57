# shotwell.profile — Shotwell, the GNOME photo manager.
#
# Grants: the display (Wayland, X11 as a fallback), the GPU, printing
# (CUPS), the portals, the pictures directory read-write (the library:
# Shotwell imports into it and writes edits and tags there), the download
# directory read-only, and Shotwell's library database and thumbnails in
# ~/.local/share/shotwell and ~/.cache/shotwell, where the host's Shotwell
# keeps them. No network: the publishing plugins (web albums) are
# unavailable, and so is importing straight from a camera (no USB devices).
# Checkouts in the pictures directory keep their VCS metadata read-only.

[Profile]
Description=Shotwell photo manager (pictures only, no network)
Include=gui;gpu;portals;
Command=shotwell;
AppId=org.gnome.Shotwell

[Context]
sockets=cups;
filesystems=xdg-pictures;xdg-download:ro;xdg-data/shotwell:create;xdg-cache/shotwell:create;

[Session Bus Policy]
org.gnome.Shotwell=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Protect=vcs:${XDG_PICTURES_DIR};
Home=private
