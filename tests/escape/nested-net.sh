#!/bin/bash
# nested-net.sh — profiles that allow nested user namespaces (chromium,
# code, signal-desktop: the apps' own sandboxes) keep what those sandboxes
# need, while the inherited filter still refuses the CAP_NET_ADMIN surface
# a nested namespace's root would otherwise reach: netlink families other
# than route (netfilter, xfrm, generic, audit, …), firewall table writes by
# setsockopt (iptables, ip6tables), packet and raw sockets. With the
# host's network (--share=network), the sock_diag (the host's socket list)
# and kobject-uevent (host device events) netlink families are refused too.
#
# Each refusal is paired with a control: the same attempt with the
# protection off (--seccomp=none, or --seccomp-allow=socket/setsockopt)
# gets through.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

[ -n "${SBOX_ESCAPE_PROBE:-}" ] || SBOX_ESCAPE_PROBE=$_here/escape-probe
need_escape_probe
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

P=/run/escape-probe
UNSHARE=/usr/bin/unshare
NETLINK_ROUTE=0 NETLINK_SOCK_DIAG=4 NETLINK_XFRM=6 NETLINK_AUDIT=9 NETLINK_NETFILTER=12
NETLINK_KOBJECT_UEVENT=15 NETLINK_GENERIC=16
SOL_IP=0 SOL_IPV6=41 IPT_SO_SET_REPLACE=64 IPT_SO_SET_ADD_COUNTERS=65 EBT_SO_SET_ENTRIES=128

# in_profile PROFILE [SBOX_OPTION...] -- SCRIPT: SCRIPT by sh in a nested
# user and network namespace (unshare -Urn) inside PROFILE, the app's way.
nested ()
{
  local profile=$1 opts=()
  shift
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --profile="$profile" --ro-bind "$SBOX_ESCAPE_PROBE" "$P" "${opts[@]}" -- \
    "$UNSHARE" -Urn /bin/sh -c "$1"
}

# One run per question, words joined with spaces.
for profile in chromium code signal-desktop; do
  nested "$profile" -- "id -u; $P netlink $NETLINK_ROUTE; $P chroot /proc/self/fdinfo"
  check_run_ok "$profile: a nested user+network namespace works (the app's sandbox): root in it, route netlink opens, chroot to /proc/self/fdinfo works" "0
OK
OK"
  nested "$profile" -- "$P netlink $NETLINK_NETFILTER"
  check_run_ok "$profile: nested root cannot open NETLINK_NETFILTER" EAFNOSUPPORT
  nested "$profile" -- "$P setsockopt-fw $SOL_IP $IPT_SO_SET_REPLACE"
  check_run_ok "$profile: nested root cannot write iptables (IPT_SO_SET_REPLACE)" EPERM
done

nested chromium -- "$P netlink $NETLINK_XFRM; $P netlink $NETLINK_AUDIT; $P netlink $NETLINK_GENERIC"
check_run_ok "chromium: nested root cannot open xfrm, audit or generic netlink" "EAFNOSUPPORT
EAFNOSUPPORT
EAFNOSUPPORT"
nested chromium -- "$P setsockopt-fw $SOL_IPV6 $IPT_SO_SET_REPLACE; $P setsockopt-fw $SOL_IP $IPT_SO_SET_ADD_COUNTERS; $P setsockopt-fw $SOL_IP $EBT_SO_SET_ENTRIES"
check_run_ok "chromium: nested root cannot write ip6tables, iptables counters or ebtables" "EPERM
EPERM
EPERM"
nested chromium -- "$P socket packet; $P syscall 41 2 3 255"
check_run_ok "chromium: nested root cannot open packet or raw IP sockets" "EAFNOSUPPORT
EPERM"
nested chromium -- "$P new-mount-api; $P mount /tmp/m; $P keyctl"
check_run_ok "chromium: the mount API (old and new) and keyrings stay refused" "ENOSYS
EPERM
EPERM"

# Controls: the kernel gives a nested root all of it.
nested chromium --seccomp=none -- "$P netlink $NETLINK_NETFILTER; $P netlink $NETLINK_XFRM"
check_run_ok "control: with --seccomp=none the nested root opens netfilter and xfrm netlink" "OK
OK"
nested chromium --seccomp=none -- "$P setsockopt-fw $SOL_IP $IPT_SO_SET_REPLACE"
check_ne "control: ... and IPT_SO_SET_REPLACE gets past the kernel's CAP_NET_ADMIN check" EPERM "$OUT"
nested chromium --seccomp-allow=socket --seccomp-allow=setsockopt -- \
  "$P netlink $NETLINK_NETFILTER; $P setsockopt-fw $SOL_IP $IPT_SO_SET_REPLACE"
check_contains "control: --seccomp-allow=socket lifts the netlink check alone" "$OUT" OK
check_not_contains "control: --seccomp-allow=setsockopt lifts the firewall check alone" "$OUT" EPERM

# i386 programs (features=multiarch) reach setsockopt through socketcall(2)
# as well, with the arguments in memory: that path is refused whole.
sbox_run --noprofile --feature=multiarch --seccomp-export="$SBOX_TMP/multiarch.bpf" -- true
"$SBOX_ESCAPE_PROBE" seccomp-eval "$SBOX_TMP/multiarch.bpf" i386 102 14 0x7ffd0000 >"$SBOX_TMP/eval"
check_eq "multiarch: i386 socketcall(SYS_SETSOCKOPT) refused" ERRNO:EPERM "$(cat "$SBOX_TMP/eval")"
sbox_run --noprofile --feature=multiarch --seccomp-allow=socketcall \
  --seccomp-export="$SBOX_TMP/multiarch-allow.bpf" -- true
"$SBOX_ESCAPE_PROBE" seccomp-eval "$SBOX_TMP/multiarch-allow.bpf" i386 102 14 0x7ffd0000 >"$SBOX_TMP/eval"
check_eq "control: with --seccomp-allow=socketcall it passes" ALLOW "$(cat "$SBOX_TMP/eval")"

# --- the host's network: sock_diag and uevents --------------------------------------
box ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --noprofile --ro-bind "$SBOX_ESCAPE_PROBE" "$P" "${opts[@]}" -- /bin/sh -c "$1"
}
box --share=network -- "$P netlink $NETLINK_SOCK_DIAG; $P netlink $NETLINK_KOBJECT_UEVENT; $P netlink $NETLINK_ROUTE"
check_run_ok "--share=network: sock_diag and uevent netlink refused, route still opens" "EAFNOSUPPORT
EAFNOSUPPORT
OK"
box -- "$P netlink $NETLINK_SOCK_DIAG; $P netlink $NETLINK_KOBJECT_UEVENT"
check_run_ok "in the sandbox's own network namespace both open (they see only the sandbox)" "OK
OK"
box --share=network --seccomp-allow=socket -- "$P netlink $NETLINK_SOCK_DIAG; $P netlink $NETLINK_KOBJECT_UEVENT"
check_run_ok "control: --share=network with --seccomp-allow=socket opens both on the host's network" "OK
OK"
sbox_run --profile=chromium --ro-bind "$SBOX_ESCAPE_PROBE" "$P" -- "$P" netlink $NETLINK_SOCK_DIAG
check_run_ok "chromium (shares the network): sock_diag refused" EAFNOSUPPORT

done_testing
