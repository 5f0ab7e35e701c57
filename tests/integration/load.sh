#!/bin/bash
# load.sh — LOAD_COUNT (100) sandboxes started at once by one unprivileged
# user, as a desktop session or a CI runner with parallel jobs starts them:
# plain commands, commands with a filtered D-Bus proxy on a bus of the
# test's own, builds under --profile=build and named instances. Every one
# must end with its command's status, and afterwards nothing of them may be
# left: no process, no proxy, no file under $XDG_RUNTIME_DIR/sbox, no mount
# in the caller's namespace, no entry in --list, and a long-running
# launcher that many --enter calls reached holds no more descriptors than
# before. With LOAD_REPORT=FILE it writes "COUNT SECONDS PEAK-KB" there for
# make bench: the wall time from the first start to the last exit, and the
# peak of the summed resident sets of the user's processes (sampled every
# 50 ms; shared pages count once per process).
# Run by `make check-load` (it is heavy for make check's parallel jobs).
# The commands are written for the sandbox's shell:
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

count=${LOAD_COUNT:-100}
export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
export SBOX_TIMEOUT=${SBOX_TIMEOUT:-120}
uid=$(id -u)

start_session_bus || bail_out "no session bus for the proxied sandboxes"
export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS

# others: the user's processes that are not this test's own (the test
# shell, its descendants, the bus), one "PID COMM" a line. A process a
# sandbox left behind is no descendant: its launcher is gone.
descendants () { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
others ()
{
  local own
  own=" $$ $BUS_PID $(descendants "$$" | tr '\n' ' ') $(descendants "$BUS_PID" | tr '\n' ' ') "
  ps -u "$uid" -o pid=,ppid=,comm= | while read -r pid ppid comm; do
    case $own in *" $pid "* | *" $ppid "*) continue ;; esac
    [ -d "/proc/$pid" ] || continue
    echo "$pid $comm"
  done
}
mounts () { awk '{ print $5 }' /proc/self/mountinfo | sort; }
runtime_left () { find "$XDG_RUNTIME_DIR/sbox" -mindepth 1 2>/dev/null; }

mounts_before=$(mounts)
others_before=$(others)
[ -z "$others_before" ] || diag "processes of the user before the run:" "$others_before"

# ---- a long-running launcher ----
"$SBOX" --noprofile --name=load-anchor -- sleep 600 >/dev/null 2>&1 </dev/null &
anchor=$!
kill_at_exit "$anchor"
wait_for 20 sh -c '"$1" --list 2>/dev/null | grep -q load-anchor' sh "$SBOX" \
  || bail_out "the named instance load-anchor did not start"
fds_before=$(find "/proc/$anchor/fd" -mindepth 1 2>/dev/null | wc -l)
check_gt "control: the anchor's launcher holds descriptors" 0 "$fds_before"

# ---- the sampler: the peak of the summed resident sets ----
peak_file=$SBOX_TMP/peak
echo 0 >"$peak_file"
(
  peak=0
  while [ ! -e "$SBOX_TMP/stop-sampler" ]; do
    now=$(ps -u "$uid" -o rss= | awk '{ t += $1 } END { print t + 0 }')
    [ "$now" -gt "$peak" ] && peak=$now && echo "$peak" >"$peak_file"
    sleep 0.05
  done
) &
sampler=$!

# ---- the mix, all at once ----
declare -a pids expected kinds
mkdir -p "$SBOX_TMP/projects"
began=$(date +%s.%N)
for i in $(seq 1 "$count"); do
  case $((i % 4)) in
    0)
      kinds[i]=noprofile expected[i]=$((i % 7))
      "$SBOX" --noprofile -- sh -c "exit ${expected[i]}" >/dev/null 2>"$SBOX_TMP/err.$i" </dev/null &
      ;;
    1)
      # The bus socket is there (the proxy's), or the status says not.
      kinds[i]=proxy expected[i]=5
      "$SBOX" --noprofile --talk-name="org.example.Load$i" -- \
        sh -c 'test -S "${DBUS_SESSION_BUS_ADDRESS#unix:path=}" && exit 5; exit 1' \
        >/dev/null 2>"$SBOX_TMP/err.$i" </dev/null &
      ;;
    2)
      kinds[i]=build expected[i]=$((10 + i % 5))
      mkdir -p "$SBOX_TMP/projects/$i"
      (cd "$SBOX_TMP/projects/$i" \
        && exec "$SBOX" --profile=build -- sh -c "echo built >out && exit ${expected[i]}") \
        >/dev/null 2>"$SBOX_TMP/err.$i" </dev/null &
      ;;
    3)
      kinds[i]=named expected[i]=$((20 + i % 3))
      "$SBOX" --noprofile --name="load-$i" -- sh -c "sleep 2; exit ${expected[i]}" \
        >/dev/null 2>"$SBOX_TMP/err.$i" </dev/null &
      ;;
  esac
  pids[i]=$!
done

# --enter into the anchor while the others start and run: the launcher that
# answers them must hold no more descriptors afterwards.
enter_failed=0
for _ in $(seq 1 30); do
  "$SBOX" --enter=load-anchor -- true </dev/null >/dev/null 2>>"$SBOX_TMP/enter.err" \
    || enter_failed=$((enter_failed + 1))
done
listed=$("$SBOX" --list 2>&1)

wrong=0 detail=
for i in $(seq 1 "$count"); do
  wait "${pids[i]}"
  rc=$?
  if [ "$rc" != "${expected[i]}" ]; then
    wrong=$((wrong + 1))
    detail="$detail
${kinds[i]} #$i: exit $rc, expected ${expected[i]}: $(head -c 300 "$SBOX_TMP/err.$i")"
  fi
done
ended=$(date +%s.%N)
touch "$SBOX_TMP/stop-sampler"
wait "$sampler"
seconds=$(awk -v a="$began" -v b="$ended" 'BEGIN { printf "%.2f", b - a }')
peak_kb=$(cat "$peak_file")
diag "load: $count sandboxes in ${seconds}s, peak summed RSS ${peak_kb} kB"
[ -n "${LOAD_REPORT:-}" ] && echo "$count $seconds $peak_kb" >"$LOAD_REPORT"

check_eq "all $count sandboxes ended with their command's status" 0 "$wrong"
[ -z "$detail" ] || diag "$detail"
check_eq "... and none of the 30 --enter calls failed" 0 "$enter_failed"
[ "$enter_failed" = 0 ] || diag "$(sort "$SBOX_TMP/enter.err" | uniq -c | head)"
check_match "--list showed the named instances while they ran" "$listed" ' load-[0-9]+ '
for i in $(seq 1 "$count"); do
  [ "${kinds[i]}" = build ] || continue
  check_eq "a build wrote into its project" built "$(cat "$SBOX_TMP/projects/$i/out" 2>/dev/null)"
  break
done

# ---- the long-running launcher ----
fds_after=$(find "/proc/$anchor/fd" -mindepth 1 2>/dev/null | wc -l)
check_eq "the anchor's launcher holds as many descriptors as before the --enter calls" \
  "$fds_before" "$fds_after"
sbox_run --kill=load-anchor
check_rc "--kill ends the anchor" 0
if wait_gone 20 "$anchor"; then ok "... whose launcher exits"; else not_ok "... whose launcher exits"; fi

# ---- nothing left ----
# Proxies and inits end a moment after their launchers: give them time.
wait_for 20 sh -c '! pgrep -u "$1" -x xdg-dbus-proxy >/dev/null' sh "$uid"
check_eq "no xdg-dbus-proxy left" "" "$(pgrep -u "$uid" -x xdg-dbus-proxy)"
left=$(others)
check_eq "no process of the user left" "$others_before" "$left"
check_eq "nothing left under \$XDG_RUNTIME_DIR/sbox" "" "$(runtime_left)"
check_eq "no mount left in the caller's namespace" "$mounts_before" "$(mounts)"
list=$("$SBOX" --list 2>&1)
check_eq "--list is empty" 1 "$(printf '%s\n' "$list" | grep -c '')"

done_testing
