# konversation.profile — Konversation, the KDE IRC client.
#
# Grants: the display (Wayland, X11 as a fallback), sound (highlights), the
# network, the portals and notifications, the tray icon, the download
# directory read-write (DCC transfers) and Konversation's settings
# (~/.config/konversationrc) and data (~/.local/share/konversation: logs,
# scripts), where the host's Konversation keeps them. Scripts run inside the
# same sandbox. Not granted: KWallet (the keyring of every KDE program), the
# rest of the home.

[Profile]
Description=Konversation IRC client
Include=gui;audio;network;portals;dbus-notifications;xdg-download;
Command=konversation;
AppId=org.kde.konversation

[Context]
filesystems=xdg-config/konversationrc;xdg-data/konversation:create;

[Session Bus Policy]
org.kde.konversation=own
org.kde.StatusNotifierWatcher=talk

[Sandbox]
Home=private
