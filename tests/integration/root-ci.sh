#!/bin/bash
# root-ci.sh — root callers (CI containers): the sandbox is root inside but
# runs as an unprivileged uid outside, and the bound working tree stays
# writable through an idmapped mount. Runs as root.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

# outside_uid ARGS...: the uid, seen from the host, of a process in the sandbox.
outside_uid ()
{
  local marker=sbox-rootci-$$-$RANDOM pid uid=
  timeout 10 "$SBOX" "$@" -- bash -c "exec -a $marker sleep 5" </dev/null >/dev/null 2>&1 &
  for _ in $(seq 50); do
    pid=$(pgrep -f "^$marker" | head -1)
    [ -n "$pid" ] && { uid=$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status"); break; }
    sleep 0.1
  done
  pkill -f "^$marker" 2>/dev/null
  wait 2>/dev/null
  echo "${uid:-none}"
}

check_eq "a root caller's sandbox runs as nobody (65534) outside" 65534 "$(outside_uid)"
check_eq "--uid=12345 chooses the unprivileged uid" 12345 "$(outside_uid --uid=12345 --gid=12345)"
check_eq "control: --keep-root keeps real root outside" 0 "$(outside_uid --keep-root)"
sbox_run -- id -u
check_run_ok "inside, the caller is still uid 0" "0"

# A checkout under a directory only root may enter, as CI runners make.
tree=$(mktemp -d /root/sbox-ci-tree.XXXXXX 2>/dev/null || mktemp -d)
remove_at_exit "$tree"
chmod 700 "$tree"
printf 'all:\n\techo built > out\n' >"$tree/Makefile"
(cd "$tree" && sbox_run --profile=build -- make -s; echo "$RC" >"$SBOX_TMP/rc")
check_eq "sbox --profile=build -- make works in a root-owned tree as root" 0 "$(cat "$SBOX_TMP/rc")"
check_eq "... the build wrote its output" built "$(cat "$tree/out" 2>/dev/null)"
check_eq "... owned by root on disk, as without a sandbox" "0:0" "$(stat -c %u:%g "$tree/out" 2>/dev/null)"
(cd "$tree" && sbox_run --profile=build -- cat /root/.bash_history; echo "$RC" >"$SBOX_TMP/rc")
check_ne "the build cannot read root's other files" 0 "$(cat "$SBOX_TMP/rc")"
sbox_run --uid=0 -- true
check_rc "--uid=0 is refused (125)" 125

done_testing
