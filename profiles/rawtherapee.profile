# rawtherapee.profile — RawTherapee, the raw photo processor.
#
# Grants: the display (Wayland, X11 as a fallback), the portals, the
# pictures directory read-write (RawTherapee writes .pp3 sidecar files
# beside the images and saves its output there) and the download directory
# read-only. No network. Settings, profiles and the cache
# (~/.config/RawTherapee, ~/.cache/RawTherapee) persist in the profile's
# private home. Checkouts in the pictures directory keep their VCS metadata
# read-only. RawTherapee installs no reverse-DNS desktop id
# (rawtherapee.desktop), so no AppId is set.

[Profile]
Description=RawTherapee raw photo processor (pictures only, no network)
Include=gui;portals;
Command=rawtherapee;

[Context]
filesystems=xdg-pictures;xdg-download:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Protect=vcs:${XDG_PICTURES_DIR};
Home=private
