# abiword.profile — AbiWord, the word processor.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, the documents, desktop and download directories read-write
# (documents are edited in place) and the templates read-only. No network: a
# document (or a macro or script in it) cannot fetch remote content or send
# anything out. Settings and plug-in data (~/.config/abiword) live in a
# private home. AbiWord installs no reverse-DNS desktop id
# (abiword.desktop), so no AppId is set. Checkouts in the directories it
# writes (a thesis under Git in Documents) keep their VCS metadata
# read-only: the host runs Git there.

[Profile]
Description=AbiWord word processor (no network)
Include=gui;portals;
Command=abiword;

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;xdg-templates:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
