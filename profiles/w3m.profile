# w3m.profile — w3m, the text-mode web browser and pager.
#
# Grants: the network, the download directory read-write (save links and
# pages there), the system configuration in /etc/w3m read-only, and w3m's
# own directory ~/.w3m (configuration, cookies, bookmarks, history), which
# persists across runs in the profile's own storage rather than in the
# user's home: a page cannot rewrite the keymap or configuration the host's
# w3m reads. Nothing else of the home is visible, so file:// URLs and local
# CGI scripts reach only these directories. External viewers and commands
# run inside the same sandbox, without a display.

[Profile]
Description=w3m text-mode browser (network and downloads only)
Include=base;network;xdg-download;
Command=w3m;

[Context]
filesystems=/etc/w3m:ro;/etc/mailcap:ro;
persistent=.w3m;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
