# eog.profile — Eye of GNOME, the GNOME image viewer.
#
# Grants: the display (Wayland, X11 as a fallback), the portals (setting
# the wallpaper, opening in other applications), and the pictures and
# download directories read-only. No network. The home is forgotten on
# exit except the viewer's settings.

[Profile]
Description=Eye of GNOME image viewer (read-only pictures, no network)
Include=gui;portals;
Command=eog;
AppId=org.gnome.eog

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;
persistent=.config/eog;.config/glib-2.0;

[Session Bus Policy]
org.gnome.eog=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
