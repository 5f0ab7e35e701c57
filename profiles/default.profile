# default.profile — the sandbox for commands that have no profile of their own.
#
# Grants nothing: the read-only system, an empty home that is forgotten on
# exit, no network (only a loopback of its own), no display, sound, D-Bus or
# other sockets, no devices beyond the basic ones. It includes no
# abstraction on purpose, so that editing include/*.inc never widens it.

[Profile]
Description=Default sandbox for commands without a profile: no home, no sockets, no network

[Sandbox]
Home=tmpfs
# Seccomp is left to sbox.conf (the default policy unless it says otherwise).
