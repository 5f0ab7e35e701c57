# kate.profile — Kate, the KDE advanced text editor.
#
# Grants: the display (Wayland, X11 as a fallback), the portals, the usual
# project directories read-write (~/src, ~/projects, ~/Projects, ~/code,
# ~/git, and the documents, desktop and download directories; those that do
# not exist are skipped), the user's Git configuration read-only. In every
# repository found there (the editor runs Git, and so do its plug-ins),
# Git's configuration, hooks and the files that redirect them stay read-only
# (Protect=git:), so a file opened in the editor cannot arrange for the
# host's Git to run a command; see git.profile for what that leaves. No
# network, no SSH keys and no SSH agent: push and pull outside. Kate's
# terminal panel, build plug-in and language servers run inside the same
# sandbox. Settings and sessions live in a private home. Not granted:
# KWallet.

[Profile]
Description=Kate text editor (project directories, no network)
Include=gui;portals;
Command=kate;kwrite;
AppId=org.kde.kate

[Context]
filesystems=~/src;~/projects;~/Projects;~/code;~/git;xdg-documents;xdg-desktop;xdg-download;~/.gitconfig:ro;xdg-config/git:ro;

[Session Bus Policy]
org.kde.kate.*=own

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=git:~/src;git:~/projects;git:~/Projects;git:~/code;git:~/git;git:${XDG_DOCUMENTS_DIR};git:${XDG_DESKTOP_DIR};git:${XDG_DOWNLOAD_DIR};
Home=private
