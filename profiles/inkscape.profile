# inkscape.profile — the Inkscape vector graphics editor.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, the pictures and documents directories read-write and the
# download directory read-only. No network (the Open Clip Art import and
# update checks are unavailable). Preferences, extensions and palettes
# (~/.config/inkscape) live in a private home; Python extensions run inside
# the same sandbox.

[Profile]
Description=Inkscape vector graphics editor (no network)
Include=gui;portals;
Command=inkscape;
AppId=org.inkscape.Inkscape

[Context]
sockets=cups;
filesystems=xdg-pictures;xdg-documents;xdg-download:ro;

[Session Bus Policy]
org.inkscape.Inkscape=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
# Checkouts in the directories it writes (a thesis under Git in
# Documents) keep their VCS metadata read-only: the host runs Git there.
Protect=vcs:${XDG_PICTURES_DIR};vcs:${XDG_DOCUMENTS_DIR};
Home=private
