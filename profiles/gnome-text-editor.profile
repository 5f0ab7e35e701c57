# gnome-text-editor.profile — GNOME Text Editor, GNOME's default editor.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals (files elsewhere can be opened through the file chooser), and the
# documents, desktop and download directories read-write. No network.
# Settings, sessions and unsaved drafts (~/.local/share/gnome-text-editor)
# live in a private home. Checkouts in the directories it writes keep their
# VCS metadata read-only: the host runs Git there.

[Profile]
Description=GNOME Text Editor (no network)
Include=gui;portals;
Command=gnome-text-editor;
AppId=org.gnome.TextEditor

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;

[Session Bus Policy]
org.gnome.TextEditor=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
