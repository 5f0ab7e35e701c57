# falkon.profile — Falkon, the Qt web browser (QtWebEngine).
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network, printing (CUPS), the portals and notifications, the download
# directory read-write and the user's Falkon profiles in ~/.config/falkon
# (bookmarks, history, saved passwords). Other state (caches in
# ~/.cache/falkon) lives in a private home; the rest of the home is out of
# reach. Not granted: KWallet and the keyring.
#
# QtWebEngine runs Chromium's renderer sandbox, which isolates each page in
# nested user namespaces and chroots into an empty directory; the profile
# allows unshare, clone, setns and chroot for it, as chromium.profile does
# (see there for what nested namespaces still cannot do: the mount calls,
# keyrings, bpf and io_uring stay refused).
#
# Network=host (network.inc), not isolated: a browser must reach LAN, intranet
# and localhost pages, which isolated refuses; --network=isolated opts in.

[Profile]
Description=Falkon web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=falkon;
AppId=org.kde.falkon

[Context]
sockets=cups;
filesystems=xdg-config/falkon:create;

[Session Bus Policy]
org.mpris.MediaPlayer2.falkon=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;
