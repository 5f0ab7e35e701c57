#!/bin/bash
# config.sh — the user's sbox.conf: each setting takes effect, restrictions
# hold, and every mistake is one line naming the file and line.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
export XDG_CONFIG_HOME=$SBOX_TMP/config
conf=$XDG_CONFIG_HOME/sbox/sbox.conf
mkdir -p "$(dirname "$conf")"
write_conf () { printf '%s\n' "$@" > "$conf"; }

shipped=${SBOX_ETC_DIR:-$SBOX_TESTS_SRCDIR/../../etc}/sbox.conf
if [ -f "$shipped" ]; then
  cat "$shipped" > "$conf"   # not cp: the source may be read-only (distcheck)
  sbox_run --noprofile -- true
  check_rc "the shipped sbox.conf (every key commented) is accepted" 0
else
  skip "the shipped sbox.conf is not beside the tests"
fi

write_conf '[sbox]' 'Seccomp=strict'
sbox_run -- grep '^Seccomp_filters:' /proc/self/status
check_match "Seccomp=strict: commands run under the strict policy's two filters" "$OUT" "Seccomp_filters:.2"
sbox_run --seccomp=default -- grep '^Seccomp_filters:' /proc/self/status
check_match "... and --seccomp still overrides it" "$OUT" "Seccomp_filters:.1$"
rm -f "$conf"
sbox_run -- grep '^Seccomp_filters:' /proc/self/status
check_match "control: without the file, the default policy's one filter" "$OUT" "Seccomp_filters:.1$"

write_conf '[sbox]' 'DefaultProfile=curl'
sbox_run --print-plan -- true
check_contains "DefaultProfile= names the profile for commands without one" "$OUT" "profile: curl"
write_conf '[sbox]' 'DefaultProfile=no-such-profile'
sbox_run -- true
check_rc "a DefaultProfile that does not exist is an error (125)" 125
check_contains "... naming it" "$ERR" "DefaultProfile=no-such-profile"

write_conf '[sbox]' 'AllowNetwork=false'
sbox_run --noprofile --share=network -- true
check_rc "AllowNetwork=false refuses --share=network (125)" 125
check_contains "... naming the file and line" "$ERR" "$conf:2 forbids it"
sbox_run --profile=curl -- true
check_rc "... and a profile that shares the network" 125
sbox_run --noprofile -- true
check_rc "... but sandboxes without network still start" 0
rm -f "$conf"
sbox_run --noprofile --share=network -- true
check_rc "control: without the file --share=network works" 0

write_conf '[sbox]' 'RequireLandlock=true'
sbox_run --noprofile --landlock=false -- true
check_rc "RequireLandlock=true refuses --landlock=false (125)" 125
check_contains "... naming the file and line" "$ERR" "$conf:2 requires it"
sbox_run --noprofile --print-plan -- true
check_contains "... and makes Landlock required" "$OUT" "landlock: required"

write_conf '[sbox]' 'DBusProxy=/nonexistent/xdg-dbus-proxy'
sbox_run --doctor
check_contains "DBusProxy= is the proxy --doctor checks" "$OUT" "/nonexistent/xdg-dbus-proxy"

write_conf '[sbox]' 'Seccomp=default' 'Colour=blue'
sbox_run --noprofile -- true
check_rc "an unknown key is an error (125)" 125
check_eq "... one line naming file, line and key" "sbox: $conf:3: [sbox] Colour=blue: unknown key" "$ERR"
write_conf '[sbox]' '[Extra]' 'x=1'
sbox_run --noprofile -- true
check_contains "an unknown section is an error" "$ERR" "$conf:2: unknown section [Extra]"
write_conf '[sbox]' 'AllowNetwork=maybe' 'Seccomp=lax'
sbox_run --noprofile -- true
check_contains "a bad boolean is an error" "$ERR" "$conf:2: [sbox] AllowNetwork=maybe: expected true or false"
check_contains "... and every problem is reported at once" "$ERR" "$conf:3: [sbox] Seccomp=lax"
write_conf 'Seccomp=strict'
sbox_run --noprofile -- true
check_contains "a key before any section is an error" "$ERR" "$conf:1: expected a [Section]"

done_testing
