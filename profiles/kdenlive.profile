# kdenlive.profile — Kdenlive, the KDE video editor.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU
# (decoding, encoding and preview), the portals and notifications, the
# videos directory read-write (projects and renders), the music and pictures
# directories read-only (footage, soundtracks and stills to import) and the
# download directory read-only. No network: downloading online resources,
# effects and speech models is unavailable. Settings, profiles and the
# proxy-clip cache (~/.config/kdenliverc, ~/.local/share/kdenlive,
# ~/.cache/kdenlive) live in a private home; the melt renderer runs inside
# the same sandbox. Checkouts in the videos directory keep their VCS
# metadata read-only.

[Profile]
Description=Kdenlive video editor (videos read-write, media read-only, no network)
Include=gui;audio;gpu;portals;dbus-notifications;
Command=kdenlive;
AppId=org.kde.kdenlive

[Context]
filesystems=xdg-videos;xdg-music:ro;xdg-pictures:ro;xdg-download:ro;

[Session Bus Policy]
org.kde.kdenlive.*=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_VIDEOS_DIR};
Home=private
