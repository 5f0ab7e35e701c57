# signal-desktop.profile — the Signal messenger.
#
# Grants: the display (Wayland, X11 as a fallback), sound (calls, alerts),
# the GPU, the network, the portals and notifications, the tray icon, the
# user's Signal data in ~/.config/Signal (linked device, keys, message
# database), the download directory read-write (saving attachments) and the
# pictures directory read-only (sending pictures). Caches live in a private
# home.
#
# Like Chromium, Electron isolates its renderers in nested user namespaces;
# the profile allows them so that its sandbox keeps working.
#
# Inside them it chroots into an empty directory (/proc/self/fdinfo):
# chroot is allowed too, and needs the nested root's CAP_SYS_CHROOT (the
# default policy refuses it, and the zygote would die on it).
#
# Crash reports: when the app starts Electron's crash reporter, crashpad's
# handler attaches to a crashing process with ptrace to write its minidump.
# ptrace is allowed for that, as in chromium.profile; it reaches only the
# app's own processes (the sandbox's pid namespace, Landlock's domain, an
# init that is not dumpable). process_vm_writev and perf_event_open stay
# refused.
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
Description=Signal messenger
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=signal-desktop;
AppId=org.signal.Signal

[Context]
filesystems=xdg-config/Signal:create;xdg-pictures:ro;

[Session Bus Policy]
org.kde.StatusNotifierWatcher=talk

[Sandbox]
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;ptrace;
