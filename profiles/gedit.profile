# gedit.profile — the GNOME text editor.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, and the documents, desktop and download directories read-write.
# No network. Settings, plugins and the recent-files list live in a private
# home.

[Profile]
Description=gedit text editor (no network)
Include=gui;portals;
Command=gedit;
AppId=org.gnome.gedit

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;

[Session Bus Policy]
org.gnome.gedit=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
# Checkouts in the directories it writes (a thesis under Git in
# Documents) keep their VCS metadata read-only: the host runs Git there.
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
