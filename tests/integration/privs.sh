#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# privs.sh — privileges inside the sandbox: capabilities, no_new_privs,
# setuid binaries, uid/gid maps, namespaces, nosuid/nodev on every mount.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ -n "$SBOX_PROBE" ] || bail_out "SBOX_PROBE is not set: the probe is needed"
P=$SBOX_PROBE

in_sandbox () { sbox_out --noprofile "${PROBE_BIND[@]}" -- "$@"; }

# --- capabilities and no_new_privs ----------------------------------------------------

status_inside=$(in_sandbox cat /proc/self/status)
field () { printf '%s\n' "$1" | awk -v f="$2:" '$1 == f { print $2 }'; }

check_eq "CapEff is 0 (no effective capabilities inside)" 0000000000000000 "$(field "$status_inside" CapEff)"
check_eq "CapPrm is 0 (no permitted capabilities inside)" 0000000000000000 "$(field "$status_inside" CapPrm)"
check_eq "CapInh is 0 (no inheritable capabilities inside)" 0000000000000000 "$(field "$status_inside" CapInh)"
check_eq "CapBnd is 0 (bounding set emptied: no capability can come back)" 0000000000000000 "$(field "$status_inside" CapBnd)"
check_eq "CapAmb is 0 (no ambient capabilities inside)" 0000000000000000 "$(field "$status_inside" CapAmb)"
check_eq "NoNewPrivs is 1 (no_new_privs set)" 1 "$(field "$status_inside" NoNewPrivs)"

# Controls: the same fields outside the sandbox.
host_bnd=$(proc_status_field CapBnd)
check_ne "control: outside, CapBnd is not 0 (the check above can fail)" 0000000000000000 "$host_bnd"
host_nnp=$(proc_status_field NoNewPrivs)
if [ "$host_nnp" = 0 ]; then
  check_eq "control: outside, NoNewPrivs is 0 (the check above can fail)" 0 "$host_nnp"
else
  skip "control: outside, NoNewPrivs is 0" "the test itself runs with no_new_privs set"
fi

# --- setuid binaries --------------------------------------------------------------

if [ -n "${SBOX_PROBE_SUID:-}" ] && [ -u "$SBOX_PROBE_SUID" ]; then
  S=$SBOX_PROBE_SUID
  host_ids=$("$S" ids)
  check_contains "control: outside, the setuid-root probe runs with euid=0" "$host_ids" "euid=0 "
  check_eq "control: outside, the setuid-root probe can setuid(0)" "OK" "$("$S" setuid0)"
  inside_ids=$(sbox_out --noprofile --ro-bind "$S" "$S" -- "$S" ids)
  check_contains "setuid-root binary runs with euid = caller's uid inside (nosuid/no_new_privs)" \
    "$inside_ids" "euid=$MY_UID "
  check_not_contains "setuid-root binary gains no euid 0 inside" "${inside_ids:-no output}" "euid=0 "
  check_ne "setuid-root binary cannot setuid(0) inside" "OK" \
    "$(sbox_out --noprofile --ro-bind "$S" "$S" -- "$S" setuid0)"
elif [ "$MY_UID" = 0 ]; then
  skip "setuid-root binary gains nothing" "runs as root"
else
  skip "setuid-root binary gains nothing inside" "no setuid probe (the harness needs root to make one)"
fi

# --- user namespace: maps and setgroups ------------------------------------------------------

norm () { tr -s ' \t' ' ' | sed 's/^ //; s/ $//'; }
check_eq "uid_map maps only the caller's uid" "$MY_UID $MY_UID 1" "$(in_sandbox cat /proc/self/uid_map | norm)"
check_eq "gid_map maps only the caller's gid" "$MY_GID $MY_GID 1" "$(in_sandbox cat /proc/self/gid_map | norm)"
check_eq "setgroups is denied (no dropping of supplementary groups)" "deny" "$(in_sandbox cat /proc/self/setgroups)"

# --- namespaces -------------------------------------------------------------------------------

ns_inside=$(in_sandbox sh -c 'for n in user mnt pid ipc uts cgroup net; do echo "$n $(readlink /proc/self/ns/$n)"; done')
ns_shared_net=$(sbox_out --noprofile --share=network -- readlink /proc/self/ns/net)
for n in user mnt pid ipc uts cgroup net; do
  host_ns=$(readlink "/proc/self/ns/$n")
  in_ns=$(printf '%s\n' "$ns_inside" | awk -v n="$n" '$1 == n { print $2 }')
  if [ -z "$in_ns" ]; then
    not_ok "a new $n namespace" "could not read the namespace inside" "$ns_inside"
  else
    check_ne "a new $n namespace" "$host_ns" "$in_ns"
  fi
done
check_eq "control: --share=network keeps the host's net namespace" "$(readlink /proc/self/ns/net)" "$ns_shared_net"

# --- mount flags ----------------------------------------------------------------------------

mountinfo=$(in_sandbox cat /proc/self/mountinfo)
check_gt "mountinfo inside lists the sandbox's mounts" 3 "$(printf '%s\n' "$mountinfo" | grep -c .)"
# Field 5 is the mount point, field 6 the per-mount options.
lacking () # OPTION [skip-dev]: mount points whose options lack OPTION
{
  printf '%s\n' "$1" | awk -v opt="$2" -v skipdev="${3:-}" '
    NF >= 6 {
      if (skipdev != "" && ($5 == "/dev" || index($5, "/dev/") == 1)) next
      n = split($6, o, ",")
      found = 0
      for (i = 1; i <= n; i++) if (o[i] == opt) found = 1
      if (!found) print $5
    }'
}
check_eq "every mount inside is nosuid" "" "$(lacking "$mountinfo" nosuid)"
check_eq "every mount outside /dev is nodev" "" "$(lacking "$mountinfo" nodev skipdev)"
check_ne "control: the host has mounts without nosuid (the check above can fail)" "" \
  "$(lacking "$(cat /proc/self/mountinfo)" nosuid)"

# nodev at work: a device node bound with --bind is unusable, with --dev-bind
# it works.
check_eq "a device bound with --bind cannot be opened (nodev)" "EACCES" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --bind /dev/null /opt/devnull -- "$P" write /opt/devnull)"
check_eq "control: the same device bound with --dev-bind works" "OK" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --dev-bind /dev/null /opt/devnull -- "$P" write /opt/devnull)"

ro_of () # MOUNTPOINT: "ro" or "rw" from the per-mount options
{
  printf '%s\n' "$mountinfo" | awk -v m="$1" '$5 == m { split($6, o, ","); r = o[1] } END { print r }'
}
check_eq "the root mount is read-only" ro "$(ro_of /)"
check_eq "the /usr mount is read-only" ro "$(ro_of /usr)"
check_eq "the /tmp mount is writable (control for the read-only checks)" rw "$(ro_of /tmp)"

done_testing
