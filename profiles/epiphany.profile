# epiphany.profile — GNOME Web (Epiphany), the WebKitGTK browser (package
# epiphany-browser).
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network, printing (CUPS), the portals and notifications, the download
# directory read-write and the user's Epiphany data in
# ~/.local/share/epiphany (bookmarks, history, passwords, cookies), so they
# stay where the user has them. Everything else in the home is out of reach;
# other state lives in a private home. Not granted: the keyring
# (org.freedesktop.secrets would hand out every stored secret; Epiphany's
# password store is then unavailable).
#
# WebKitGTK's own sandbox for web content is bubblewrap, which needs new
# mount namespaces and the mount system calls that sbox's filter refuses,
# and inside sbox it would take /.flatpak-info as a sign of Flatpak and ask
# the Flatpak portal (deliberately not reachable) to start its processes.
# WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1 makes the web processes run in
# this sandbox instead: every web page then shares this profile's grants
# rather than a narrower sandbox of its own.
#
# Network=host (network.inc), not isolated: a browser must reach LAN, intranet
# and localhost pages, which isolated refuses; --network=isolated opts in.

[Profile]
Description=GNOME Web browser (Epiphany)
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=epiphany;epiphany-browser;
AppId=org.gnome.Epiphany

[Context]
sockets=cups;
filesystems=xdg-data/epiphany:create;

[Session Bus Policy]
org.gnome.Epiphany=own
org.mpris.MediaPlayer2.epiphany.*=own

[Environment]
WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
