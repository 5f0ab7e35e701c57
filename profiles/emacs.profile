# emacs.profile — GNU Emacs (emacs-gtk).
#
# Grants: the X11 display (the GTK build of Debian 12 draws through X11
# only, under Wayland too: X11 lets a client read other windows'
# keystrokes), the user's fonts and themes read-only, the portals, the usual
# project directories read-write (~/src, ~/projects, ~/Projects, ~/code,
# ~/git, and the documents, desktop and download directories; those that do
# not exist are skipped), the user's Git configuration read-only. In every
# repository found there (the editor runs Git, and so do its plug-ins),
# Git's configuration, hooks and the files that redirect them stay read-only
# (Protect=git:), so a file opened in the editor cannot arrange for the
# host's Git to run a command; see git.profile for what that leaves. No
# network, no SSH keys and no SSH agent: push and pull outside. The user's
# init files (~/.emacs, ~/.emacs.el, ~/.emacs.d, ~/.config/emacs) are
# read-only: Emacs runs them at every start, also outside the sandbox, so a
# file visited here cannot plant code in them; installing packages
# (package.el, straight) and saving customisations fail, and history and
# auto-save lists are forgotten: do those in an Emacs outside the sandbox.
# M-x shell, compile and Magit run inside the same sandbox. Emacs installs
# no reverse-DNS desktop id (emacs.desktop), so no AppId is set.

[Profile]
Description=GNU Emacs editor, X11 (project directories, no network)
Include=gui;x11;portals;
Command=emacs;

[Context]
filesystems=~/src;~/projects;~/Projects;~/code;~/git;xdg-documents;xdg-desktop;xdg-download;~/.gitconfig:ro;xdg-config/git:ro;~/.emacs:ro;~/.emacs.el:ro;~/.emacs.d:ro;xdg-config/emacs:ro;/etc/emacs:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Protect=git:~/src;git:~/projects;git:~/Projects;git:~/code;git:~/git;git:${XDG_DOCUMENTS_DIR};git:${XDG_DESKTOP_DIR};git:${XDG_DOWNLOAD_DIR};
Home=private
