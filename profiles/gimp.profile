# gimp.profile — the GNU Image Manipulation Program.
#
# Grants: the display (X11 always: GIMP 2.10 is a GTK 2 program, X11 only,
# and runs through Xwayland on a Wayland desktop), printing (CUPS), the
# portals, the pictures directory read-write (images are edited in place),
# the documents directory read-write and the download directory read-only;
# /etc/gimp read-only (the system menurc, gimprc and themes GIMP copies into
# a new user's folder: without them its first start fails).
# No network. Brushes, plug-ins and preferences (~/.config/GIMP) live in a
# private home; plug-ins run inside the same sandbox.

[Profile]
Description=GIMP image editor (no network)
Include=gui;portals;
Command=gimp;gimp-2.10;
AppId=org.gimp.GIMP

[Context]
sockets=cups;x11;
filesystems=xdg-pictures;xdg-documents;xdg-download:ro;/etc/gimp:ro;

[Session Bus Policy]
# Single instance: "gimp FILE" hands the file to the running GIMP.
org.gimp.GIMP.UI=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
# Checkouts in the directories it writes (a thesis under Git in
# Documents) keep their VCS metadata read-only: the host runs Git there.
Protect=vcs:${XDG_PICTURES_DIR};vcs:${XDG_DOCUMENTS_DIR};
Home=private
