# atril.profile — Atril, the MATE document viewer (PDF, PostScript, DjVu,
# ...).
#
# Grants: the display (Wayland, X11 as a fallback), the portals, printing
# (CUPS), and the documents and download directories read-only: a viewer
# reads documents, it never changes them. No network: a document cannot
# fetch remote content or report that it was opened. Settings and the last
# page read per document persist across runs in the profile's own storage;
# the rest of the home is forgotten on exit. Atril installs no reverse-DNS
# desktop id (atril.desktop), so no AppId is set.

[Profile]
Description=Atril document viewer (read-only documents, no network)
Include=gui;portals;
Command=atril;

[Context]
sockets=cups;
filesystems=xdg-documents:ro;xdg-download:ro;
persistent=.config/atril;.local/share/atril;.config/glib-2.0;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
