#!/bin/bash
# root-basic.sh — sbox run by root (as CI runners often are): the sandbox
# works, and root inside gets no more than an unprivileged user would.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$MY_UID" = 0 ] || skip_all "this test runs only as root"
[ -n "$SBOX_PROBE" ] || bail_out "SBOX_PROBE is not set: the probe is needed"
P=$SBOX_PROBE

in_sandbox () { sbox_out --noprofile "${PROBE_BIND[@]}" -- "$@"; }

sbox_run --noprofile -- echo works-as-root
check_run_ok "the sandbox runs as root" "works-as-root"
check_eq "uid inside is root's (0)" "0" "$(in_sandbox id -u)"

status_inside=$(in_sandbox cat /proc/self/status)
field () { printf '%s\n' "$1" | awk -v f="$2:" '$1 == f { print $2 }'; }
check_ne "control: outside, root has effective capabilities" 0000000000000000 "$(proc_status_field CapEff)"
check_eq "CapEff is 0 for root inside (no capabilities)" 0000000000000000 "$(field "$status_inside" CapEff)"
check_eq "CapBnd is 0 for root inside" 0000000000000000 "$(field "$status_inside" CapBnd)"
check_eq "NoNewPrivs is 1 for root inside" 1 "$(field "$status_inside" NoNewPrivs)"

# Writing the system: root outside could, root inside cannot.
check "control: outside, root may write /usr (access check only)" test -w /usr
# (Should the sandbox ever fail open, leave the host as it was.)
remove_at_exit "/usr/sbox-planted-$$" "/etc/sbox-planted-$$" "/tmp/sbox-null-copy-$$"
check_eq "root cannot write /usr inside (EROFS)" "EROFS" "$(in_sandbox "$P" write "/usr/sbox-planted-$$")"
check_fails "nothing was written into the host's /usr" test -e "/usr/sbox-planted-$$"
check_eq "root cannot write /etc inside (EROFS)" "EROFS" "$(in_sandbox "$P" write "/etc/sbox-planted-$$")"
check_eq "/etc/shadow is absent for root inside" "ENOENT" "$(in_sandbox "$P" read /etc/shadow)"

# CAP_DAC_OVERRIDE is gone: a file of another user, mode 0600, bound in.
mkdir -p "$SBOX_TMP/other"
echo not-yours >"$SBOX_TMP/other/file"
chown 12345:12345 "$SBOX_TMP/other" "$SBOX_TMP/other/file"
chmod 0600 "$SBOX_TMP/other/file"
chmod 0755 "$SBOX_TMP/other"
check_eq "control: outside, root reads another user's 0600 file" "OK" "$("$P" read "$SBOX_TMP/other/file")"
check_eq "root inside cannot read another user's 0600 file (no CAP_DAC_OVERRIDE)" "EACCES" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --ro-bind "$SBOX_TMP/other" /opt/other -- "$P" read /opt/other/file)"
check_eq "root inside cannot write into another user's directory (no CAP_DAC_OVERRIDE)" "EACCES" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --bind "$SBOX_TMP/other" /opt/other -- "$P" write /opt/other/new)"

# Device nodes.
check_eq "control: outside, root can mknod" "OK" "$("$P" mknod "$SBOX_TMP/null-copy")"
rm -f "$SBOX_TMP/null-copy"
check_eq "root inside cannot mknod (EPERM)" "EPERM" "$(in_sandbox "$P" mknod "/tmp/sbox-null-copy-$$")"

# Mounting.
mkdir -p "$SBOX_TMP/mnt"
if unshare -m sh -c "mount -t tmpfs none '$SBOX_TMP/mnt'" 2>/dev/null; then
  ok "control: outside, root can mount (in a new mount namespace)"
else
  not_ok "control: outside, root can mount (in a new mount namespace)"
fi
# The target exists only inside the sandbox, so that a sandbox failing open
# could never mount over a host directory.
sbox_run --noprofile --dir /opt/sbox-mnt -- mount -t tmpfs none /opt/sbox-mnt
check_ne "root inside cannot mount" 0 "$RC"
check_match "... for lack of privilege" "$ERR" '[Pp]ermission denied|not permitted'


# Kernel knobs stay out of reach.
check_ne "root inside cannot open /proc/sysrq-trigger for writing" "OK" "$(in_sandbox "$P" openw /proc/sysrq-trigger)"
check_ne "root inside cannot open /proc/sys/kernel/hostname for writing" "OK" \
  "$(in_sandbox "$P" openw /proc/sys/kernel/hostname)"
check_eq "/proc/kcore is masked for root inside (reads nothing)" "0" \
  "$(in_sandbox sh -c 'head -c 1 /proc/kcore 2>/dev/null | wc -c')"

# setuid bits are inert inside: a setuid-nobody copy of the probe changes
# root's euid outside, and nothing inside.
install -o 65534 -g 65534 -m 4755 "$P" "$SBOX_TMP/probe-suid-nobody"
S=$SBOX_TMP/probe-suid-nobody
check_contains "control: outside, a setuid-nobody binary changes root's euid" "$("$S" ids)" "euid=65534 "
check_contains "a setuid binary changes no euid inside (nosuid)" \
  "$(sbox_out --noprofile --ro-bind "$S" /opt/probe-suid -- /opt/probe-suid ids)" "euid=0 "

done_testing
