# hexchat.profile — HexChat, the IRC client (GTK 2).
#
# Grants: the X11 display (GTK 2 has no Wayland support: X11 lets a client
# read other windows' keystrokes), the user's fonts and themes read-only,
# sound (highlights), the network, the portals and notifications, the tray
# icon, the download directory read-write (DCC transfers) and HexChat's
# configuration, logs and scripts in ~/.config/hexchat, where the host's
# HexChat keeps them. Scripts and plugins (Python, Perl, Lua) run inside the
# same sandbox and see only these directories. Not granted: the rest of the
# home, the keyring.

[Profile]
Description=HexChat IRC client (X11)
Include=gui;x11;audio;network;portals;dbus-notifications;xdg-download;
Command=hexchat;
AppId=io.github.Hexchat

[Context]
filesystems=xdg-config/hexchat:create;

[Session Bus Policy]
org.kde.StatusNotifierWatcher=talk

[Sandbox]
Home=private
