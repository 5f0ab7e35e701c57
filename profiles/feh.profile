# feh.profile — the feh image viewer.
#
# Grants: the X11 display (feh has no Wayland support), the pictures and
# download directories read-only and the user's feh configuration (themes,
# key bindings) read-only. No network: feh would otherwise fetch any URL it
# is given. The home is forgotten on exit (including ~/.fehbg).

[Profile]
Description=feh image viewer (X11, read-only pictures, no network)
Include=base;x11;
Command=feh;

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;xdg-config/feh:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
