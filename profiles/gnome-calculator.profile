# gnome-calculator.profile — GNOME Calculator.
#
# Grants: the display (Wayland, X11 as a fallback) and the portals. No
# network: currency conversion cannot update its exchange rates (a
# gnome-calculator.local with "shared=network;" under [Context] enables it).
# No directory of the home; settings and history persist across runs in the
# profile's own storage.

[Profile]
Description=GNOME Calculator (no network, no files)
Include=gui;portals;
Command=gnome-calculator;
AppId=org.gnome.Calculator

[Context]
persistent=.config/glib-2.0;.cache/gnome-calculator;

[Session Bus Policy]
org.gnome.Calculator=own

[Sandbox]
Home=tmpfs
