# code.profile — Visual Studio Code.
#
# Grants: the display (Wayland, X11 as a fallback), the GPU, the network
# (extensions, remote repositories, language servers that download
# toolchains), the portals and notifications, the usual project
# directories read-write (~/src, ~/projects, ~/Projects, ~/code, ~/git and
# the documents directory; those that do not exist are skipped), the user's
# Git configuration read-only and the SSH authentication socket
# (sockets=ssh-auth: push and pull over SSH without exposing the keys in
# ~/.ssh). Debuggers work inside the sandbox (ptrace and perf of the
# sandbox's own processes). Settings and extensions live in a private home.
# The host's keyring is not reachable: it would hand out every stored
# secret. In every repository found in the project directories (the
# editor runs Git there), Git's configuration, hooks and the files that
# redirect them stay read-only (Protect=git:); see git.profile for what
# that leaves.
#
# Like Chromium, Electron isolates its renderers in nested user namespaces;
# the profile allows them so that its sandbox keeps working.
#
# Inside them it chroots into an empty directory (/proc/self/fdinfo):
# chroot is allowed too, and needs the nested root's CAP_SYS_CHROOT (the
# default policy refuses it, and the zygote would die on it). Electron's
# crash reporter (crashpad, which attaches with ptrace) works through
# features=devel, which already allows ptrace of the sandbox's own
# processes.
#
# What a nested namespace does not get: the seccomp filter is inherited by
# every namespace the app makes, so its nested root meets the filter before
# the kernel's namespaced CAP_NET_ADMIN checks. Netlink opens only
# NETLINK_ROUTE (network-change watching); sock_diag and uevents are
# refused too, as the profile shares the host's network (device hot-plug
# monitoring through udev is then off; the app runs on without it).
# Netfilter, xfrm, generic netlink (nl80211 included: Wi-Fi data comes over
# NetworkManager's D-Bus), audit and the rest answer EAFNOSUPPORT;
# iptables, ip6tables, arptables, ebtables and IPVS table writes by
# setsockopt EPERM; packet sockets EAFNOSUPPORT and raw IP sockets EPERM.
# The mount API (old and new), keyrings, bpf and io_uring stay refused;
# set-id modes and file capabilities too.

[Profile]
Description=Visual Studio Code (project directories only)
Include=gui;gpu;network;portals;dbus-notifications;
Command=code;
AppId=com.visualstudio.code

[Context]
sockets=ssh-auth;
filesystems=~/src;~/projects;~/Projects;~/code;~/git;xdg-documents;~/.gitconfig:ro;xdg-config/git:ro;~/.ssh/known_hosts:ro;
features=devel;

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-write at its own path, that file alone, not its directory.
FileArguments=rw
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;
Protect=git:~/src;git:~/projects;git:~/Projects;git:~/code;git:~/git;git:${XDG_DOCUMENTS_DIR};
