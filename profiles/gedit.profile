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
Home=private
