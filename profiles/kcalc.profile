# kcalc.profile — KCalc, the KDE scientific calculator.
#
# Grants: the display (Wayland, X11 as a fallback) and the portals. No
# network and no directory of the home; settings (~/.config/kcalcrc) persist
# across runs in the profile's own storage.

[Profile]
Description=KCalc calculator (no network, no files)
Include=gui;portals;
Command=kcalc;
AppId=org.kde.kcalc

[Context]
persistent=.config;

[Sandbox]
Home=tmpfs
