# qutebrowser.profile — qutebrowser, the keyboard-driven web browser
# (QtWebEngine).
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network, printing (CUPS), the portals and notifications, the download
# directory read-write, the user's configuration (~/.config/qutebrowser:
# config.py, key bindings) read-only, and its data (~/.local/share/
# qutebrowser: history, cookies, sessions, quickmarks) read-write. Caches
# live in a private home. Userscripts and :spawn commands run inside the
# same sandbox, so they see only these directories. The configuration is
# read-only because config.py is Python that qutebrowser runs at every
# start: a compromised browser must not be able to rewrite it
# (":config-write-py" and settings saved with ":set" are kept in
# autoconfig.yml, which then cannot be saved either; put settings in
# config.py).
#
# QtWebEngine runs Chromium's renderer sandbox, which isolates each page
# in nested user namespaces and chroots into an empty directory; the
# profile allows unshare, clone, setns and chroot for it, as
# chromium.profile does (see there for what nested namespaces still cannot
# do: the mount calls, keyrings, bpf and io_uring stay refused).

[Profile]
Description=qutebrowser web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=qutebrowser;
AppId=org.qutebrowser.qutebrowser

[Context]
sockets=cups;
filesystems=xdg-config/qutebrowser:ro;xdg-data/qutebrowser:create;

[Session Bus Policy]
org.mpris.MediaPlayer2.qutebrowser.*=own

[Sandbox]
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;
