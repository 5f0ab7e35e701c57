# viewnior.profile — Viewnior, the image viewer (GTK 2).
#
# Grants: the X11 display (GTK 2 has no Wayland support: X11 lets a client
# read other windows' keystrokes), the user's fonts and themes read-only,
# and the pictures and download directories read-only: rotating, flipping
# and saving are unavailable (a viewnior.local with
# "filesystems=xdg-pictures;" allows them). No network. Settings
# (~/.config/viewnior) persist across runs in the profile's own storage;
# setting the wallpaper has no effect on the host. Viewnior installs no
# reverse-DNS desktop id (viewnior.desktop), so no AppId is set.

[Profile]
Description=Viewnior image viewer (X11, read-only pictures, no network)
Include=gui;x11;
Command=viewnior;

[Context]
filesystems=xdg-pictures:ro;xdg-download:ro;
persistent=.config/viewnior;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
