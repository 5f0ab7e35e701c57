# chromium.profile — the Chromium web browser.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network, printing (CUPS), the portals and notifications, the download
# directory and the user's Chromium profile in ~/.config/chromium. Debian's
# policies and flags in /etc/chromium and /etc/chromium.d are read-only.
# Caches live in a private home.
#
# Chromium isolates its renderers in user namespaces of their own, which the
# default seccomp policy forbids; the profile allows them again so that
# Chromium's sandbox keeps working (rather than running Chromium with
# --no-sandbox). Nested namespaces still see only this sandbox's view.

[Profile]
Description=Chromium web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=chromium;chromium-browser;
AppId=org.chromium.Chromium

[Context]
sockets=cups;
filesystems=xdg-config/chromium:create;/etc/chromium:ro;/etc/chromium.d:ro;

[Session Bus Policy]
org.mpris.MediaPlayer2.chromium.*=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
Home=private
SeccompAllow=unshare;clone;clone3;setns;
