# krita.profile — Krita, the digital painting program.
#
# Grants: the X11 display (Krita 5 runs through X11 even in a Wayland
# session, as its tablet and colour-management support needs it: X11 lets a
# client read other windows' keystrokes), the user's fonts and themes
# read-only, the GPU (the OpenGL canvas), the portals, the pictures and
# documents directories read-write (paintings are saved in place) and the
# download directory read-only (brushes and resource bundles to import).
# Tablets work through the X server, with no device access here. No network:
# the news feed and update checks are unavailable. Settings and resources
# (~/.config/kritarc, ~/.local/share/krita) live in a private home; Python
# plug-ins run inside the same sandbox. Checkouts in the directories it
# writes keep their VCS metadata read-only.

[Profile]
Description=Krita painting program (X11, pictures and documents, no network)
Include=gui;x11;gpu;portals;
Command=krita;
AppId=org.kde.krita

[Context]
filesystems=xdg-pictures;xdg-documents;xdg-download:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_PICTURES_DIR};vcs:${XDG_DOCUMENTS_DIR};
Home=private
