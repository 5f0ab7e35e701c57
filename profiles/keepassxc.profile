# keepassxc.profile — the KeePassXC password manager.
#
# Grants: the display (Wayland, X11 as a fallback; auto-type needs X11),
# the portals, the documents directory read-write (where password databases
# are usually kept and saved in place), and the screen-saver and login
# services on the D-Bus proxy so that the databases lock when the screen
# locks or the machine suspends. No network: a password manager has nothing
# to send anywhere (favicon downloads and breach checks are unavailable).
# No core dumps: they would write unlocked secrets to disk. Settings live in
# a private home. A database kept elsewhere (a synchronised folder, a
# smartcard) needs a NAME.local beside this file, for example
# "filesystems=~/Sync;" or "sockets=pcsc;".

[Profile]
Description=KeePassXC password manager (no network)
Include=gui;portals;
Command=keepassxc;
AppId=org.keepassxc.KeePassXC

[Context]
filesystems=xdg-documents;

[Session Bus Policy]
org.keepassxc.KeePassXC.MainWindow=own
org.freedesktop.ScreenSaver=talk
org.gnome.ScreenSaver=talk
org.kde.StatusNotifierWatcher=talk

[System Bus Policy]
# Not talk: that is the whole logind API (PowerOff, Reboot, KillSession,
# Inhibit, TerminateUser, ...). KeePassXC asks for its session object and
# listens for suspend and session lock; nothing else reaches logind.
org.freedesktop.login1=call:org.freedesktop.login1.Manager.GetSession@/org/freedesktop/login1;call:org.freedesktop.login1.Manager.GetSessionByPID@/org/freedesktop/login1;broadcast:org.freedesktop.login1.Manager.PrepareForSleep@/org/freedesktop/login1;broadcast:org.freedesktop.login1.Session.*@/org/freedesktop/login1/session/*;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
# Checkouts in the directories it writes (a thesis under Git in
# Documents) keep their VCS metadata read-only: the host runs Git there.
Protect=vcs:${XDG_DOCUMENTS_DIR};
Home=private
Rlimits=core=0;
