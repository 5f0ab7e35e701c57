# xpdf.profile — Xpdf, the PDF viewer.
#
# Grants: the X11 display (Xpdf is a Motif program: X11 lets a client read
# other windows' keystrokes) with the system's fonts, printing (CUPS), and
# the documents and download directories read-only: a viewer reads
# documents, it never changes them. No network: a document cannot fetch
# remote content or report that it was opened. The user's ~/.xpdfrc is
# read-only; the rest of the home is forgotten on exit. Xpdf installs no
# reverse-DNS desktop id (xpdf.desktop), so no AppId is set.

[Profile]
Description=Xpdf PDF viewer, X11 (read-only documents, no network)
Include=base;x11;
Command=xpdf;

[Context]
sockets=cups;
filesystems=xdg-documents:ro;xdg-download:ro;~/.xpdfrc:ro;/etc/xpdf:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
