# pluma.profile — Pluma, the MATE text editor.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, and the documents, desktop and download directories read-write.
# No network. Settings and plug-ins live in a private home; Python plug-ins
# run inside the same sandbox. Pluma installs no reverse-DNS desktop id
# (pluma.desktop), so no AppId is set. Checkouts in the directories it
# writes keep their VCS metadata read-only: the host runs Git there.

[Profile]
Description=Pluma text editor (no network)
Include=gui;portals;
Command=pluma;

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
