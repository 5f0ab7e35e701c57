# qutebrowser.profile — qutebrowser, the keyboard-driven web browser
# (QtWebEngine).
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network, printing (CUPS), the portals and notifications, the download
# directory read-write, and qutebrowser's own directories where the host's
# qutebrowser keeps them: ~/.config/qutebrowser (config.py, autoconfig.yml,
# quickmarks and bookmarks) and ~/.local/share/qutebrowser (history,
# cookies, sessions). Caches live in a private home; the rest of the home
# is out of reach. Userscripts and :spawn commands run inside the same
# sandbox, so they see only these directories. config.py is Python that
# qutebrowser runs at every start: a compromised browser could change it,
# and a qutebrowser started outside sbox would then run that change
# unconfined; a qutebrowser.local with
# "filesystems=xdg-config/qutebrowser/config.py:ro;" under [Context] keeps
# it read-only.
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
Description=qutebrowser web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=qutebrowser;
AppId=org.qutebrowser.qutebrowser

[Context]
sockets=cups;
filesystems=xdg-config/qutebrowser:create;xdg-data/qutebrowser:create;

[Session Bus Policy]
org.mpris.MediaPlayer2.qutebrowser.*=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;
