# evince.profile — the GNOME document viewer (PDF, PostScript, DjVu, …).
#
# Grants: the display (Wayland, X11 as a fallback), printing (CUPS), the
# portals, and the documents and download directories read-only: a viewer
# reads documents, it never changes them. No network. The home is forgotten
# on exit except Evince's own settings.

[Profile]
Description=Evince document viewer (read-only documents, no network)
Include=gui;portals;
Command=evince;
AppId=org.gnome.Evince

[Context]
sockets=cups;
filesystems=xdg-documents:ro;xdg-download:ro;
persistent=.config/evince;.config/glib-2.0;

[Session Bus Policy]
org.gnome.Evince=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
