# okular.profile — the KDE document viewer.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, and the documents and download directories read-only. No
# network. Okular keeps annotations, bookmarks and the last page read per
# document in ~/.local/share/okular, which persists across runs; the rest of
# the home is forgotten on exit.

[Profile]
Description=Okular document viewer (read-only documents, no network)
Include=gui;portals;
Command=okular;
AppId=org.kde.okular

[Context]
sockets=cups;
filesystems=xdg-documents:ro;xdg-download:ro;
persistent=.local/share/okular;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
