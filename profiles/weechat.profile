# weechat.profile — WeeChat, the text-mode chat client (package
# weechat-curses).
#
# Grants: the network and WeeChat's own directories, where the host's
# WeeChat keeps them: ~/.config/weechat (configuration, sec.conf with the
# encrypted secured data), ~/.local/share/weechat (logs, scripts, xfer
# downloads), ~/.cache/weechat, and ~/.weechat for configurations from
# before WeeChat 3.2. Scripts (Python, Perl, Lua, Ruby, Tcl, Guile,
# JavaScript) and /exec commands run inside the same sandbox: they reach the
# network and these directories, not ~/.ssh or the rest of the home. Not
# granted: the display.

[Profile]
Description=WeeChat chat client (network and its own directories)
Include=base;network;
Command=weechat;weechat-curses;

[Context]
filesystems=xdg-config/weechat:create;xdg-data/weechat:create;xdg-cache/weechat:create;~/.weechat;

[Sandbox]
Home=tmpfs
