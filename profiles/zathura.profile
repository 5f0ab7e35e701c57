# zathura.profile — the zathura document viewer.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# documents and download directories read-only, and the user's zathurarc
# (~/.config/zathura) read-only. No network. History, bookmarks and the last
# page read (~/.local/share/zathura) persist across runs; the rest of the
# home is forgotten on exit.

[Profile]
Description=zathura document viewer (read-only documents, no network)
Include=gui;
Command=zathura;
AppId=org.pwmt.zathura

[Context]
sockets=cups;
filesystems=xdg-documents:ro;xdg-download:ro;xdg-config/zathura:ro;
persistent=.local/share/zathura;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
