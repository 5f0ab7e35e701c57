# audacity.profile — Audacity, the audio editor.
#
# Grants: the X11 display (Audacity 3 draws through X11 even in a Wayland
# session: X11 lets a client read other windows' keystrokes), the user's
# fonts and themes read-only, sound (playback and recording through the
# sound server), the portals, the music and documents directories read-write
# (projects and exports) and the download directory read-only. No network:
# update checks and audio.com uploads are unavailable. Settings, plug-in
# registry and autosave data (~/.config/audacity, ~/.local/share/audacity)
# live in a private home; Nyquist, LADSPA, LV2 and VST plug-ins run inside
# the same sandbox. Checkouts in the directories it writes keep their VCS
# metadata read-only. Audacity installs no reverse-DNS desktop id
# (audacity.desktop), so no AppId is set.

[Profile]
Description=Audacity audio editor (X11, music and documents, no network)
Include=gui;x11;audio;portals;
Command=audacity;

[Context]
filesystems=xdg-music;xdg-documents;xdg-download:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_MUSIC_DIR};vcs:${XDG_DOCUMENTS_DIR};
Home=private
