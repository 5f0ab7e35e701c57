# libreoffice.profile — the LibreOffice office suite.
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, the documents, desktop and download directories read-write
# (office files are edited in place) and the templates read-only;
# /etc/libreoffice read-only (Debian's registry and sofficerc, which
# /usr/lib/libreoffice links to: without them the start aborts). No
# network: a document (or a macro in it) cannot fetch remote content or send
# anything out; update checks and online help are unavailable. The user
# profile (~/.config/libreoffice) lives in a private home.

[Profile]
Description=LibreOffice office suite (no network)
Include=gui;portals;
Command=libreoffice;soffice;
AppId=org.libreoffice.LibreOffice

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;xdg-templates:ro;/etc/libreoffice:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
# Checkouts in the directories it writes (a thesis under Git in
# Documents) keep their VCS metadata read-only: the host runs Git there.
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
