# filezilla.profile — FileZilla, the FTP, FTPS and SFTP client.
#
# Grants: the display (Wayland, X11 as a fallback), the network, the portals
# and notifications, the download directory read-write (files transferred
# from servers) and the documents directory read-write (files to upload, and
# the usual place of local site copies), and FileZilla's settings in
# ~/.config/filezilla (the site manager, with the passwords it saves, and
# the queue), where the host's FileZilla keeps them. Not granted: ~/.ssh and
# the SSH agent (SFTP logs in with passwords, or with a key file put in the
# documents directory; a filezilla.local with "sockets=ssh-auth;" under
# [Context] lets it use the agent), and the rest of the home, so a server
# cannot be sent files the user did not put in these two directories.
# FileZilla installs no reverse-DNS desktop id (filezilla.desktop), so no
# AppId is set.

[Profile]
Description=FileZilla file transfer client (downloads and documents)
Include=gui;network;portals;dbus-notifications;xdg-download;
Command=filezilla;

[Context]
filesystems=xdg-documents;xdg-config/filezilla:create;

[Sandbox]
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
