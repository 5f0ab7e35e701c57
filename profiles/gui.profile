# gui.profile — a generic sandbox for a graphical application that has no
# profile of its own: "sbox --profile=gui -- APP".
#
# Grants: the display (Wayland, X11 only as a fallback when no Wayland
# compositor runs), the user's fonts, themes and icons read-only, the
# portals (the file chooser, through which the user hands over one file at a
# time, opening links and files in the host's applications) and a private
# home that persists across runs. Not granted: the network, sound, the GPU,
# printing, notifications and every directory of the user's home. The
# private home (~/.local/share/sbox/home/gui) is shared by every program run
# with this profile: give an application that keeps data worth separating a
# profile of its own (copy this file under the program's name), or add what
# one run needs on the command line (--socket=pulseaudio, --device=dri,
# --filesystem=xdg-documents:ro).

[Profile]
Description=Generic graphical application: display and portals, no network, private home
Include=gui;portals;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
