# ark.profile — Ark, the KDE archive manager.
#
# Grants: the display (Wayland, X11 as a fallback), the portals, and the
# download, documents and desktop directories read-write: archives are
# opened and extracted there, and made from what they hold. No network. An
# archive whose entries climb out of the extraction directory (../, or
# absolute names) or plant links can reach only these directories, never
# ~/.ssh, the shell's start-up files or other programs' settings. Extraction
# tools (tar, unzip, 7z, unrar) run inside the same sandbox. Checkouts in
# these directories keep their VCS metadata read-only. Settings are
# forgotten on exit.

[Profile]
Description=Ark archive manager (downloads, documents and desktop, no network)
Include=gui;portals;
Command=ark;
AppId=org.kde.ark

[Context]
filesystems=xdg-download;xdg-documents;xdg-desktop;

[Session Bus Policy]
org.kde.ark.*=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Protect=vcs:${XDG_DOWNLOAD_DIR};vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};
Home=tmpfs
