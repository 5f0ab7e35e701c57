# blender.profile — Blender, the 3D creation suite.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU (the
# viewport, Cycles and EEVEE), the portals, the documents, pictures and
# videos directories read-write (.blend files, textures, renders) and the
# download directory read-only (models and assets to import). No network: a
# .blend file's Python scripts (which run when the user allows them) and
# add-ons cannot fetch code or send anything out, and reach only these
# directories. Preferences and add-ons (~/.config/blender) live in a private
# home. Checkouts in the directories it writes keep their VCS metadata
# read-only. Blender installs no reverse-DNS desktop id (blender.desktop),
# so no AppId is set.

[Profile]
Description=Blender 3D suite (documents, pictures and videos, no network)
Include=gui;audio;gpu;portals;
Command=blender;

[Context]
filesystems=xdg-documents;xdg-pictures;xdg-videos;xdg-download:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};vcs:${XDG_PICTURES_DIR};vcs:${XDG_VIDEOS_DIR};
Home=private
