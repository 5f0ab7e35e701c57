# foliate.profile — Foliate, the e-book reader (EPUB, Mobipocket, FB2, CBZ).
#
# Grants: the display (Wayland, X11 as a fallback), the portals, and the
# documents and download directories read-only: a reader never changes the
# books. No network: a book cannot fetch remote content, and the dictionary,
# Wikipedia and translation look-ups and the OPDS catalogues are unavailable
# (a foliate.local with "shared=network;" under [Context] enables them).
# Reading positions, bookmarks and annotations
# (~/.local/share/com.github.johnfactotum.Foliate) persist across runs in
# the profile's own storage; the rest of the home is forgotten on exit.
#
# Foliate renders books in WebKitGTK. Should WebKit's own web sandbox be
# enabled, its bubblewrap needs mount calls that sbox's filter refuses; the
# variable below keeps the web process in this sandbox instead.

[Profile]
Description=Foliate e-book reader (read-only books, no network)
Include=gui;portals;
Command=foliate;com.github.johnfactotum.Foliate;
AppId=com.github.johnfactotum.Foliate

[Context]
filesystems=xdg-documents:ro;xdg-download:ro;
persistent=.local/share/com.github.johnfactotum.Foliate;.cache/com.github.johnfactotum.Foliate;.config/glib-2.0;

[Session Bus Policy]
com.github.johnfactotum.Foliate=own

[Environment]
WEBKIT_DISABLE_SANDBOX_THIS_IS_DANGEROUS=1

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
