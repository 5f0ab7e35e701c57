# mutt.profile — Mutt, the text-mode mail client.
#
# Grants: the network (IMAP, POP3 and SMTP with Mutt's own smtp_url), the
# user's configuration read-only (~/.muttrc, ~/.mutt, ~/.config/mutt: a
# message cannot rewrite what Mutt runs at start), the system configuration
# read-only, the mail kept in ~/Mail and ~/Maildir read-write, a header and
# body cache (~/.cache/mutt) read-write, the download directory read-write
# (saving attachments) and the documents directory read-only (attaching
# files). Not granted: ~/.ssh, the local mail spool and sendmail (send
# through SMTP), GnuPG (a mutt.local can add sockets=gpg-agent and
# ~/.gnupg:ro), the display: the editor, the pager and the mailcap viewers
# Mutt starts run inside the same sandbox, so only text-mode ones work.
# Passwords kept in the configuration are readable here, as Mutt needs them.
#
# Network=host (network.inc), not isolated: mail servers often sit on the LAN,
# a VPN or localhost (a bridge), which isolated refuses; --network=isolated opts in.

[Profile]
Description=Mutt mail client (network, mail folders and cache)
Include=base;network;
Command=mutt;

[Context]
filesystems=~/.muttrc:ro;~/.mutt:ro;xdg-config/mutt:ro;/etc/Muttrc:ro;/etc/Muttrc.d:ro;~/Mail;~/Maildir;xdg-cache/mutt:create;xdg-download;xdg-documents:ro;~/.mailcap:ro;/etc/mailcap:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
