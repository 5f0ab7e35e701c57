# gui-network.profile — a generic sandbox for a graphical application that
# needs the network and has no profile of its own: "sbox
# --profile=gui-network -- APP".
#
# Grants what gui.profile grants (the display with X11 only as a fallback,
# fonts and themes read-only, the portals, a private home that persists
# across runs) plus the host's network and desktop notifications. Not
# granted: sound, the GPU, printing and every directory of the user's home;
# files reach the application only through the portal's file chooser. The
# private home (~/.local/share/sbox/home/gui-network) is shared by every
# program run with this profile, so a client that stores logins or keys
# deserves a profile of its own.

[Profile]
Description=Generic graphical network application: display, portals, network, private home
Include=gui;network;portals;dbus-notifications;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
