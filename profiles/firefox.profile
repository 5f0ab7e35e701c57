# firefox.profile — the Firefox web browser.
#
# Grants: the display (Wayland, X11 as a fallback), sound (web audio, calls),
# the GPU (WebGL, video decoding), the network, printing (CUPS), the
# portals and notifications, the download directory (read-write) and the
# user's Firefox profiles. Everything else in the home is out of reach: a
# compromised content process cannot read ~/.ssh, documents or other
# programs' data.
#
# Firefox keeps its profiles in ~/.mozilla/firefox when that directory
# exists (older installations) and otherwise, since 2025's releases
# (ESR 153 included), in ~/.config/mozilla/firefox ($XDG_CONFIG_HOME):
# both are shared with the host, ~/.mozilla only if it is there already
# (creating it would make Firefox switch to it), so the sandboxed and the
# host Firefox use the same profile, with its bookmarks, passwords and
# history. Caches (~/.cache/mozilla) and other state live in a private home.
#
# Firefox's content sandbox puts each content process in a user namespace
# of its own and chroots it into an empty directory; the default seccomp
# policy forbids both, and Firefox then prints "CanCreateUserNamespace()
# clone() failure: EPERM" and runs its content processes without that
# layer. The profile allows them (unshare, clone with CLONE_NEWUSER,
# chroot), as for Chromium: the nested namespaces still see only this
# sandbox's view, and the seccomp filter they inherit keeps refusing the
# mount API, keyrings, bpf, io_uring, netlink other than NETLINK_ROUTE,
# firewall table writes and raw sockets to the nested root.
#
# Network=host (network.inc), not isolated: a browser must reach LAN, intranet
# and localhost pages, which isolated refuses; --network=isolated opts in.

[Profile]
Description=Firefox web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=firefox;
AppId=org.mozilla.firefox

[Context]
sockets=cups;
filesystems=~/.mozilla;xdg-config/mozilla:create;/etc/firefox:ro;

[Session Bus Policy]
# The remote-control service that lets "firefox URL" reach a running instance.
org.mozilla.firefox.*=own
org.mpris.MediaPlayer2.firefox.*=own
org.freedesktop.ScreenSaver=talk

[Environment]
MOZ_ENABLE_WAYLAND=1

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
SeccompAllow=unshare;clone;chroot;
