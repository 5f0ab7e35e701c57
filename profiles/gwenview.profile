# gwenview.profile — Gwenview, the KDE image viewer.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, and the pictures and download directories read-only: viewing
# never changes an image (Gwenview's crop, rotate and resize can save only
# under a new name in a directory the sandbox can write; a gwenview.local
# with "filesystems=xdg-pictures;" makes the pictures writable). No network.
# Settings (~/.config/gwenviewrc) and the thumbnail cache persist across
# runs in the profile's own storage; the rest of the home is forgotten on
# exit.

[Profile]
Description=Gwenview image viewer (read-only pictures, no network)
Include=gui;portals;
Command=gwenview;
AppId=org.kde.gwenview

[Context]
sockets=cups;
filesystems=xdg-pictures:ro;xdg-download:ro;
persistent=.config;.local/share/gwenview;.cache/thumbnails;

[Session Bus Policy]
org.kde.gwenview=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
