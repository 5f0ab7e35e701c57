# lynx.profile — Lynx, the text-mode web browser.
#
# Grants: the network, the download directory read-write (downloads are
# saved there: type ~/Downloads/NAME at the prompt), the user's ~/.lynxrc
# and ~/.lynx read-only and the system configuration in /etc/lynx read-only
# (Lynx refuses to start without lynx.cfg). Nothing else of the home is
# visible: a page cannot lead Lynx to file:// URLs of the user's files, nor
# an upload to send them. Cookies, bookmarks and history are forgotten on
# exit. Shell escapes and external viewers run inside the same sandbox,
# without a display.

[Profile]
Description=Lynx text-mode browser (network and downloads only)
Include=base;network;xdg-download;
Command=lynx;

[Context]
filesystems=~/.lynxrc:ro;~/.lynx:ro;/etc/lynx:ro;/etc/mailcap:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
