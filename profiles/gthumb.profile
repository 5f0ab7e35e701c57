# gthumb.profile — gThumb, the GNOME image viewer and organiser.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, the pictures directory read-write (gThumb rotates, edits,
# renames, tags and imports into it) and the download directory read-only.
# No network: the web-album and photo-sharing exporters are unavailable.
# gThumb's catalogues, settings and thumbnail cache persist across runs in
# the profile's own storage; the rest of the home is forgotten on exit.
# Checkouts in the pictures directory keep their VCS metadata read-only.

[Profile]
Description=gThumb image viewer and organiser (pictures only, no network)
Include=gui;portals;
Command=gthumb;
AppId=org.gnome.gThumb

[Context]
sockets=cups;
filesystems=xdg-pictures;xdg-download:ro;
persistent=.config/gthumb;.config/glib-2.0;.local/share/gthumb;.cache/thumbnails;

[Session Bus Policy]
org.gnome.gThumb=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_PICTURES_DIR};
Home=tmpfs
