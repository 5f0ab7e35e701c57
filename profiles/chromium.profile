# chromium.profile — the Chromium web browser.
#
# Grants: the display (Wayland, X11 as a fallback), sound, the GPU, the
# network, printing (CUPS), the portals and notifications, the download
# directory and the user's Chromium profile in ~/.config/chromium. Debian's
# policies and flags in /etc/chromium and /etc/chromium.d are read-only.
# Caches live in a private home.
#
# Chromium isolates its renderers in user namespaces of their own, which the
# default seccomp policy forbids; the profile allows them again so that
# Chromium's sandbox keeps working (rather than running Chromium with
# --no-sandbox). Nested namespaces still see only this sandbox's view.
#
# Inside them it chroots into an empty directory (/proc/self/fdinfo):
# chroot is allowed too, and needs the nested root's CAP_SYS_CHROOT. The
# default policy refuses chroot (EPERM): without this grant the zygote
# dies on "Check failed: sys_chroot", and nothing but --no-sandbox would
# start the browser.
#
# Crash reports: Debian's chromium starts crashpad's handler, which
# attaches to a crashing process with ptrace to write its minidump (into
# the granted ~/.config/chromium/Crash Reports). It cannot be switched off
# from here (Debian's /usr/bin/chromium resets CHROMIUM_FLAGS and reads
# only /etc/chromium.d), so ptrace is allowed and crashpad works. ptrace
# reaches only the app's own processes: the sandbox's pid namespace names
# nothing outside, Landlock refuses tracing out of the sandbox's domain,
# and the sandbox's init is not dumpable. process_vm_writev and
# perf_event_open stay refused.
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
#
# Network=host (network.inc), not isolated: a browser must reach LAN, intranet
# and localhost pages, which isolated refuses; --network=isolated opts in.

[Profile]
Description=Chromium web browser
Include=gui;audio;gpu;network;portals;dbus-notifications;xdg-download;
Command=chromium;chromium-browser;
AppId=org.chromium.Chromium

[Context]
sockets=cups;
filesystems=xdg-config/chromium:create;/etc/chromium:ro;/etc/chromium.d:ro;

[Session Bus Policy]
org.mpris.MediaPlayer2.chromium.*=own
org.freedesktop.ScreenSaver=talk

[Sandbox]
# A file named on the command line (or handed over by a menu entry) is
# visible read-only at its own path, that file alone.
FileArguments=ro
Home=private
SeccompAllow=unshare;clone;clone3;setns;chroot;ptrace;
