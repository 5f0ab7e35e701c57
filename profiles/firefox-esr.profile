# firefox-esr.profile — Firefox Extended Support Release (Debian's default
# browser, installed as firefox-esr).
#
# Grants the same as firefox.profile: the display (Wayland, X11 as a
# fallback), sound, the GPU, the network, printing, the portals and
# notifications, the download directory and ~/.mozilla (shared with
# Firefox, as on the host). Debian's system-wide preferences in
# /etc/firefox-esr are read-only. State other than the Firefox profiles
# lives in a private home of its own.

[Profile]
Description=Firefox ESR web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=firefox-esr;
AppId=org.mozilla.firefox

[Context]
sockets=cups;
filesystems=~/.mozilla:create;/etc/firefox-esr:ro;

[Session Bus Policy]
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
