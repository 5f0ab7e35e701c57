# neomutt.profile — NeoMutt, the text-mode mail client.
#
# Grants: the network (IMAP, POP3 and SMTP with NeoMutt's own smtp_url), the
# user's configuration read-only (~/.neomuttrc, ~/.config/neomutt, and
# ~/.muttrc and ~/.mutt, which NeoMutt also reads: a message cannot rewrite
# what NeoMutt runs at start), the system configuration read-only, the mail
# kept in ~/Mail and ~/Maildir read-write, a header and body cache
# (~/.cache/neomutt) read-write, the download directory read-write (saving
# attachments) and the documents directory read-only (attaching files). Not
# granted: ~/.ssh, the local mail spool and sendmail (send through SMTP),
# GnuPG (a neomutt.local can add sockets=gpg-agent and ~/.gnupg:ro), the
# display: the editor, the pager and the mailcap viewers NeoMutt starts run
# inside the same sandbox, so only text-mode ones work. Passwords kept in
# the configuration are readable here, as NeoMutt needs them.
#
# Network=host (network.inc), not isolated: mail servers often sit on the LAN,
# a VPN or localhost (a bridge), which isolated refuses; --network=isolated opts in.

[Profile]
Description=NeoMutt mail client (network, mail folders and cache)
Include=base;network;
Command=neomutt;

[Context]
filesystems=~/.neomuttrc:ro;xdg-config/neomutt:ro;~/.muttrc:ro;~/.mutt:ro;xdg-config/mutt:ro;/etc/neomuttrc:ro;/etc/neomuttrc.d:ro;~/Mail;~/Maildir;xdg-cache/neomutt:create;xdg-download;xdg-documents:ro;~/.mailcap:ro;/etc/mailcap:ro;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=tmpfs
