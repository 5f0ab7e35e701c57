#!/bin/bash
# root-faults.sh — a private home on a full file system: root mounts small
# tmpfs file systems (one out of space, one out of inodes) as the user's
# XDG_DATA_HOME, in a mount namespace of the test's own, and runs sbox
# there as the test user. The app gets ENOSPC; sbox still starts (its own
# files live in $XDG_RUNTIME_DIR); with $XDG_RUNTIME_DIR on the full file
# system a named start runs or fails in one line, leaving no file of its
# own; once space is freed the next start works.
# The commands are written for the sandbox's shell:
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root to mount the small file systems"
id sbox-test >/dev/null 2>&1 || skip_all "no user sbox-test"
chmod 755 "$SBOX_TMP"
mkdir -p "$SBOX_TMP/data" "$SBOX_TMP/run" "$SBOX_TMP/profiles" "$SBOX_TMP/out"
chown sbox-test: "$SBOX_TMP/run" "$SBOX_TMP/out"
chmod 700 "$SBOX_TMP/run"
printf '[Sandbox]\nHome=private\n' >"$SBOX_TMP/profiles/diskfull.profile"
chmod -R a+rX "$SBOX_TMP/profiles"
user_home=$(getent passwd sbox-test | cut -d: -f6)
# What the app does: make files until one cannot be made, then write data
# until it cannot; each failure's message, once.
cat >"$SBOX_TMP/fill.sh" <<'EOF'
i=0
while err=$({ : >"$HOME/f$i"; } 2>&1); do
  i=$((i + 1))
  [ "$i" -lt 200 ] || break
done
echo "files: $err"
dd if=/dev/zero of="$HOME/big" bs=64k 2>&1 | grep -o "No space left on device" | head -n 1 | sed "s/^/data: /"
exit 0
EOF
chmod a+r "$SBOX_TMP/fill.sh"

# scenario MOUNT-OPTIONS: mount a tmpfs with them on $SBOX_TMP/data and run
# the steps as the test user; each step's status and output go to
# $SBOX_TMP/out/STEP.{rc,out}.
scenario ()
{
  rm -f "$SBOX_TMP"/out/*
  unshare -m --propagation private sh -c '
    mount -t tmpfs -o "$1" tmpfs "$2/data" || exit 99
    chown sbox-test: "$2/data"
    exec setpriv --reuid=sbox-test --regid=sbox-test --init-groups env -i PATH=/usr/bin:/bin \
      HOME="$3" XDG_DATA_HOME="$2/data" XDG_RUNTIME_DIR="$2/run" SBOX_PROFILE_PATH="$2/profiles" \
      SBOX="$4" OUT="$2/out" bash -c "$5"' sh "$1" "$SBOX_TMP" "$user_home" "$SBOX" "$steps"
  echo "$?" >"$SBOX_TMP/out/scenario.rc"
}
step () { cat "$SBOX_TMP/out/$1.$2" 2>/dev/null; }

# The steps, run as the user: fill the home, start again while it is full,
# free the space, start again.
steps='
step () { local name=$1; shift; "$@" >"$OUT/$name.out" 2>&1 </dev/null; echo $? >"$OUT/$name.rc"; }
step fill "$SBOX" --profile=diskfull -- sh -c "$(cat "$OUT/../fill.sh")"
step full-start "$SBOX" --profile=diskfull -- sh -c "echo started"
mkdir -p "$XDG_DATA_HOME/rt" 2>/dev/null
step full-runtime env XDG_RUNTIME_DIR="$XDG_DATA_HOME/rt" "$SBOX" --noprofile --name=onfull -- echo ran
find "$XDG_DATA_HOME/rt/sbox" -mindepth 1 >"$OUT/full-runtime-left.out" 2>/dev/null
step free "$SBOX" --profile=diskfull -- sh -c "rm -f \$HOME/big \$HOME/f*; echo freed"
step after "$SBOX" --profile=diskfull -- sh -c "echo saved >\$HOME/after && cat \$HOME/after"
step list "$SBOX" --list
find "$XDG_RUNTIME_DIR/sbox" -mindepth 1 >"$OUT/runtime-left.out" 2>&1
'

for fs in "size=1m" "size=64m,nr_inodes=64"; do
  case $fs in size=1m) what="out of space" ;; *) what="out of inodes" ;; esac
  scenario "$fs"
  check_eq "$what: the scenario ran (mount, drop to the user)" 0 "$(step scenario rc)"
  case $fs in
    size=1m) check_match "$what: the app's writes fail with ENOSPC" "$(step fill out)" \
      '^data: No space left on device' ;;
    *) check_match "$what: the app's new files fail with ENOSPC" "$(step fill out)" \
      '^files: .*No space left on device' ;;
  esac
  check_eq "... and its sandbox ends with its own status" 0 "$(step fill rc)"
  check_eq "$what: a start while the home's file system is full works" 0 "$(step full-start rc)"
  check_eq "... and runs the command" started "$(step full-start out)"
  rc=$(step full-runtime rc) out=$(step full-runtime out)
  if [ "$rc" = 0 ] && [ "$out" = ran ]; then
    ok "$what: a named start with \$XDG_RUNTIME_DIR on the full file system runs"
  elif [ "$rc" = 125 ] && [ "$(printf '%s' "$out" | grep -c '')" = 1 ] \
    && printf '%s' "$out" | grep -q '^sbox: '; then
    ok "$what: a named start with \$XDG_RUNTIME_DIR on the full file system fails in one line ($out)"
  else
    not_ok "$what: a named start with \$XDG_RUNTIME_DIR on the full file system" "exit $rc: $out"
  fi
  check_eq "... leaving no file of its own there, whole or half" "" "$(step full-runtime-left out)"
  check_eq "$what: the app frees space" freed "$(step free out)"
  check_eq "$what: the next start works and writes" saved "$(step after out)"
  check_eq "... nothing is left in \$XDG_RUNTIME_DIR/sbox" "" "$(step runtime-left out)"
  check_eq "... and --list is empty" 1 "$(step list out | grep -c '')"
done

done_testing
