# The profile for commands that have none of their own: the default sandbox
# (read-only system, empty tmpfs home, no network, no sockets).
[Profile]
Description=Default sandbox for commands without a profile of their own
