# dino-im.profile — Dino, the XMPP (Jabber) messenger (package dino-im).
#
# Grants: the display (Wayland, X11 as a fallback), sound and the PipeWire
# socket (voice and video calls, alerts), the GPU (video calls), the
# network, the portals and notifications, the download directory read-write
# (received files), the pictures directory read-only (sending pictures) and
# Dino's data (~/.local/share/dino: accounts, OMEMO keys, messages), where
# the host's Dino keeps it. Not granted: the keyring (Dino keeps account
# passwords in its own database), cameras other than through PipeWire, the
# rest of the home.

[Profile]
Description=Dino XMPP messenger
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=dino-im;
AppId=im.dino.Dino

[Context]
filesystems=xdg-data/dino:create;xdg-pictures:ro;

[Session Bus Policy]
im.dino.Dino=own

[Sandbox]
Home=private
