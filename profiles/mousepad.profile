# mousepad.profile — Mousepad, the Xfce text editor.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, and the documents, desktop and download directories read-write.
# No network. Settings and the session (~/.config/Mousepad) live in a
# private home. Checkouts in the directories it writes keep their VCS
# metadata read-only: the host runs Git there.

[Profile]
Description=Mousepad text editor (no network)
Include=gui;portals;
Command=mousepad;
AppId=org.xfce.mousepad

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;

[Session Bus Policy]
org.xfce.mousepad=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
