# signal-desktop.profile — the Signal messenger.
#
# Grants: the display (Wayland, X11 as a fallback), sound (calls, alerts),
# the GPU, the network, the portals and notifications, the tray icon, the
# user's Signal data in ~/.config/Signal (linked device, keys, message
# database), the download directory read-write (saving attachments) and the
# pictures directory read-only (sending pictures). Caches live in a private
# home.
#
# Like Chromium, Electron isolates its renderers in nested user namespaces;
# the profile allows them so that its sandbox keeps working.

[Profile]
Description=Signal messenger
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=signal-desktop;
AppId=org.signal.Signal

[Context]
filesystems=xdg-config/Signal:create;xdg-pictures:ro;

[Session Bus Policy]
org.kde.StatusNotifierWatcher=talk

[Sandbox]
Home=private
SeccompAllow=unshare;clone;clone3;setns;
