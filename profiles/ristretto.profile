# ristretto.profile — Ristretto, the Xfce image viewer.
#
# Grants: the display (Wayland, X11 as a fallback), the portals (opening in
# other applications), and the pictures and download directories read-only.
# No network. Ristretto's settings persist across runs in the profile's own
# storage; the rest of the home is forgotten on exit. Not granted: the
# host's thumbnail service (org.freedesktop.thumbnails): it reads any file
# of the user it is asked about, outside this sandbox, so Ristretto draws
# its thumbnails itself.

[Profile]
Description=Ristretto image viewer (read-only pictures, no network)
Include=gui;portals;
Command=ristretto;
AppId=org.xfce.ristretto

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;
persistent=.config/ristretto;.config/xfce4;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
