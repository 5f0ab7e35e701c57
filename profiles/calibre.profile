# calibre.profile — calibre, the e-book library manager, converter and
# reader.
#
# Grants: the display (Wayland, X11 as a fallback), the GPU, the network
# (metadata and cover downloads, news fetching, the content server on the
# local network, the store), printing (CUPS), the portals and notifications,
# the documents directory read-write (the usual place of the "Calibre
# Library", which calibre writes: books, covers, metadata.db), the download
# directory read-only (books to add), and calibre's settings, plug-ins and
# recipes in ~/.config/calibre, where the host's calibre keeps them. A
# library kept elsewhere needs a calibre.local with "filesystems=~/PATH;"
# under [Context]. Not granted: e-readers plugged in by USB (no devices: use
# the content server or a wireless device connection) and the rest of the
# home. Plug-ins and news recipes are Python and run inside the same
# sandbox.
#
# calibre's viewer and editor preview use QtWebEngine, which runs Chromium's
# renderer sandbox in nested user namespaces and chroots into an empty
# directory; the profile allows unshare, clone, setns and chroot for it, as
# chromium.profile does (the mount calls, keyrings, bpf and io_uring stay
# refused). Checkouts in the documents directory keep their VCS metadata
# read-only. calibre installs no reverse-DNS desktop id
# (calibre-gui.desktop), so no AppId is set.

[Profile]
Description=calibre e-book manager (documents and its own settings)
Include=gui;gpu;network;portals;dbus-notifications;
Command=calibre;ebook-viewer;ebook-edit;

[Context]
sockets=cups;
filesystems=xdg-documents;xdg-download:ro;xdg-config/calibre:create;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=vcs:${XDG_DOCUMENTS_DIR};
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;
