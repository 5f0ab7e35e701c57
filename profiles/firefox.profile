# firefox.profile — the Firefox web browser.
#
# Grants: the display (Wayland, X11 as a fallback), sound (web audio, calls),
# the GPU (WebGL, video decoding), the network, printing (CUPS), the
# portals and notifications, the download directory (read-write) and the
# user's Firefox profiles in ~/.mozilla (bookmarks, passwords and history
# stay where the user has them). Everything else in the home is out of
# reach: a compromised content process cannot read ~/.ssh, documents or
# other programs' data. Caches and other state live in a private home.
# Firefox's own content sandbox keeps working inside.

[Profile]
Description=Firefox web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=firefox;
AppId=org.mozilla.firefox

[Context]
sockets=cups;
filesystems=~/.mozilla:create;/etc/firefox:ro;

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
