# telegram-desktop.profile — the Telegram messenger (Qt).
#
# Grants: the display (Wayland, X11 as a fallback), sound (calls, alerts),
# the GPU, the network, the portals and notifications, the tray icon, the
# user's Telegram data in ~/.local/share/TelegramDesktop (login and
# cache), the download directory read-write (Telegram saves into
# "Downloads/Telegram Desktop") and the pictures directory read-only.
# Other state lives in a private home.

[Profile]
Description=Telegram messenger
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=telegram-desktop;
AppId=org.telegram.desktop

[Context]
filesystems=xdg-data/TelegramDesktop:create;xdg-pictures:ro;

[Session Bus Policy]
org.kde.StatusNotifierWatcher=talk
org.mpris.MediaPlayer2.TelegramDesktop=own

[Sandbox]
Home=private
