# xournalpp.profile — Xournal++, the handwritten note-taking and PDF
# annotation program.
#
# Grants: the display (Wayland, X11 as a fallback; pen tablets work through
# the compositor or X server, with no device access here), the GPU, printing
# (CUPS), the portals, sound (recording and playing back audio notes), and
# the documents, desktop and download directories read-write (notes are
# saved and PDFs annotated in place). No network. Settings, the palette and
# recent files (~/.config/xournalpp) live in a private home; Lua plug-ins
# run inside the same sandbox. Checkouts in the directories it writes keep
# their VCS metadata read-only: the host runs Git there.

[Profile]
Description=Xournal++ note taking and PDF annotation (no network)
Include=gui;gpu;audio;portals;
Command=xournalpp;
AppId=com.github.xournalpp.xournalpp

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-desktop;xdg-download;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_DESKTOP_DIR};vcs:${XDG_DOWNLOAD_DIR};
Home=private
