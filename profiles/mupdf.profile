# mupdf.profile — MuPDF, the lightweight PDF, XPS and EPUB viewer.
#
# Grants: the X11 display (mupdf and mupdf-gl have no Wayland support: X11
# lets a client read other windows' keystrokes), printing (CUPS), and the
# documents and download directories read-only: a viewer reads documents, it
# never changes them. No network: a document cannot fetch remote content or
# report that it was opened. The home is forgotten on exit, and with it the
# last page read that mupdf-gl keeps in ~/.mupdf.history. MuPDF installs no
# reverse-DNS desktop id (mupdf.desktop), so no AppId is set; MuPDF's
# JavaScript in PDF forms runs inside the same sandbox.

[Profile]
Description=MuPDF document viewer, X11 (read-only documents, no network)
Include=base;x11;
Command=mupdf;mupdf-gl;

[Context]
sockets=cups;
filesystems=xdg-documents:ro;xdg-download:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
