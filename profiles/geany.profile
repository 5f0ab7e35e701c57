# geany.profile — Geany, the lightweight IDE.
#
# Grants: the display (Wayland, X11 as a fallback), the portals, the usual
# project directories read-write (~/src, ~/projects, ~/Projects, ~/code,
# ~/git, and the documents, desktop and download directories; those that do
# not exist are skipped), the user's Git configuration read-only. In every
# repository found there (the editor runs Git, and so do its plug-ins),
# Git's configuration, hooks and the files that redirect them stay read-only
# (Protect=git:), so a file opened in the editor cannot arrange for the
# host's Git to run a command; see git.profile for what that leaves. No
# network, no SSH keys and no SSH agent: push and pull outside. Geany builds
# and runs programs from its Build menu inside the same sandbox, and its
# terminal (the VTE plug-in) is a shell inside it. Settings, projects and
# plug-ins (~/.config/geany) live in a private home. Geany installs no
# reverse-DNS desktop id (geany.desktop), so no AppId is set.

[Profile]
Description=Geany IDE (project directories, no network)
Include=gui;portals;
Command=geany;

[Context]
filesystems=~/src;~/projects;~/Projects;~/code;~/git;xdg-documents;xdg-desktop;xdg-download;~/.gitconfig:ro;xdg-config/git:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=git:~/src;git:~/projects;git:~/Projects;git:~/code;git:~/git;git:${XDG_DOCUMENTS_DIR};git:${XDG_DESKTOP_DIR};git:${XDG_DOWNLOAD_DIR};
Home=private
