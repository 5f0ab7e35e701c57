#!/bin/bash
# faults.sh — sbox when things go wrong around it: the launcher killed with
# SIGKILL at every stage of its setup, xdg-dbus-proxy missing, failing or
# dying, pasta missing, too few descriptors, a runtime directory that is
# missing, unwritable or not the caller's, the command's output closed or
# a broken pipe, a profile changed between starts, and two starts racing
# for one --name. Each ends in the documented way (the command's status,
# or one "sbox: " line and 125) and leaves nothing behind. The private
# home on a full file system is root-faults.sh's (it mounts one).
# The commands are written for the sandbox's shell:
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export XDG_CONFIG_HOME=$SBOX_TMP/config
mkdir -p "$XDG_CONFIG_HOME/sbox"

# one_line DESC: the last sbox_run failed with 125, saying why in one line.
one_line ()
{
  check_rc "$1: exit 125" 125
  check_eq "... in one line" 1 "$(printf '%s' "$ERR" | grep -c '')"
  check_match "... starting 'sbox: '" "$ERR" '^sbox: '
}

# Other tests run beside this one as the same user: what belongs to this
# test is found by MARK, a word on the command line of every sandbox it
# starts (the launcher, the sandbox's init and the shell inside carry it),
# and by the proxies seen as a launcher's children before it was killed.
MARK=faults-marker-$$-$RANDOM
PROXIES=()
descendants () { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
note_proxies ()
{
  local p
  for p in $(descendants "$1"); do
    [ "$(cat "/proc/$p/comm" 2>/dev/null)" = xdg-dbus-proxy ] && PROXIES+=("$p")
  done
}
strays ()
{
  local p
  for p in $(pgrep -f -- "$MARK") $(pgrep -f -- "$SBOX_TMP/silent-proxy") "${PROXIES[@]}"; do
    [ -d "/proc/$p" ] && echo "$p $(cat "/proc/$p/comm" 2>/dev/null)"
  done
}
# shellcheck disable=SC2317 # called through wait_for
no_strays () { [ -z "$(strays)" ]; }
runtime_left () { find "$XDG_RUNTIME_DIR/sbox" -mindepth 1 -maxdepth 1 2>/dev/null; }

start_session_bus || bail_out "no session bus"
export DBUS_SESSION_BUS_ADDRESS=$BUS_ADDRESS

# ---- SIGKILL at every stage of setup ----
# Increasing delays reach every stage: parsing, the proxy's start, clone,
# the mounts, the command. Whatever a killed launcher started dies with
# it; what it wrote is cleaned by the next start.
survivors=0 proxies=0
for delay in 0 0.002 0.004 0.006 0.008 0.01 0.012 0.015 0.02 0.025 0.03 0.04 0.05 0.07 0.1 0.15 0.2 0.3 0.5; do
  for mode in proxy named; do
    case $mode in
      proxy) args=(--noprofile --talk-name=org.example.Faults) ;;
      named) args=(--noprofile --name=killed) ;;
    esac
    "$SBOX" "${args[@]}" -- sh -c 'sleep 30; :' "$MARK" >/dev/null 2>&1 </dev/null &
    launcher=$!
    sleep "$delay"
    note_proxies "$launcher"
    kill -KILL "$launcher" 2>/dev/null
    wait "$launcher" 2>/dev/null
    if ! wait_for 10 no_strays; then
      survivors=$((survivors + 1))
      diag "killed after ${delay}s ($mode): left $(strays | tr '\n' ' ')"
      for p in $(strays | cut -d' ' -f1); do kill -KILL "$p" 2>/dev/null; done
    fi
    for p in "${PROXIES[@]}"; do
      [ -d "/proc/$p" ] && proxies=$((proxies + 1)) && kill -KILL "$p"
    done
  done
done
check_eq "a launcher killed at any stage of setup leaves no process" 0 "$survivors"
check_eq "... and no xdg-dbus-proxy" 0 "$proxies"
check_gt "control: the sweep saw proxies as the launchers' children" 0 "${#PROXIES[@]}"
# The control: a sandbox that is not killed is seen running by the same
# check (the stray detection can see a sandbox's processes).
"$SBOX" --noprofile --talk-name=org.example.Faults -- sh -c 'sleep 30; :' "$MARK" \
  >/dev/null 2>&1 </dev/null &
alive=$!
wait_for 10 sh -c '[ -n "$(pgrep -f -- "$1")" ]' sh "$MARK"
check_ne "control: a running sandbox is seen by its mark" "" "$(strays)"
before=${#PROXIES[@]}
note_proxies "$alive"
check_gt "control: and its proxy as the launcher's child" "$before" "${#PROXIES[@]}"
kill -KILL "$alive"
wait "$alive" 2>/dev/null
if wait_for 10 no_strays; then ok "control: the same check after a later kill"; else not_ok "control: the same check after a later kill"; fi
# Directories of killed launchers go with the next start: at once when the
# launcher wrote whose they are, after 10 s when it died before that.
wait_for 15 sh -c '"$1" --noprofile -- true; [ -z "$(find "$2" -mindepth 1 -maxdepth 1)" ]' \
  sh "$SBOX" "$XDG_RUNTIME_DIR/sbox"
check_eq "the next start removes what the killed launchers left in \$XDG_RUNTIME_DIR/sbox" \
  "" "$(runtime_left)"
sbox_run --noprofile --name=killed -- echo again
check_run_ok "... and the name a killed launcher held can be used again" again

# ---- xdg-dbus-proxy ----
printf '[sbox]\nDBusProxy=%s\n' "$SBOX_TMP/no-such-proxy" >"$XDG_CONFIG_HOME/sbox/sbox.conf"
sbox_run --noprofile --talk-name=org.example.Faults -- true
one_line "xdg-dbus-proxy missing"
check_match "... naming it" "$ERR" 'xdg-dbus-proxy'
printf '#!/bin/sh\nexit 1\n' >"$SBOX_TMP/failing-proxy"
chmod +x "$SBOX_TMP/failing-proxy"
printf '[sbox]\nDBusProxy=%s\n' "$SBOX_TMP/failing-proxy" >"$XDG_CONFIG_HOME/sbox/sbox.conf"
sbox_run --noprofile --talk-name=org.example.Faults -- true
one_line "xdg-dbus-proxy failing to start"
printf '#!/bin/sh\nwhile :; do sleep 1; done\n' >"$SBOX_TMP/silent-proxy"
chmod +x "$SBOX_TMP/silent-proxy"
printf '[sbox]\nDBusProxy=%s\n' "$SBOX_TMP/silent-proxy" >"$XDG_CONFIG_HOME/sbox/sbox.conf"
SBOX_TIMEOUT=60 sbox_run --noprofile --talk-name=org.example.Faults -- true
one_line "xdg-dbus-proxy that never answers"
rm -f "$XDG_CONFIG_HOME/sbox/sbox.conf"
wait_for 10 no_strays
check_eq "... and none of them left a process" "" "$(strays)"
# Dying while the app runs: the app goes on without the bus (as it would
# when the bus itself went away), and ends with its own status.
"$SBOX" --noprofile --talk-name=org.example.Faults -- sh -c 'sleep 60; :' "$MARK" \
  >/dev/null 2>&1 </dev/null &
app=$!
wait_for 10 sh -c '[ "$(pgrep -P "$1" -x xdg-dbus-proxy)" ]' sh "$app"
mapfile -t -O "${#PROXIES[@]}" PROXIES < <(pgrep -P "$app" -x xdg-dbus-proxy)
kill -KILL "$(pgrep -P "$app" -x xdg-dbus-proxy)"
sleep 2
if kill -0 "$app" 2>/dev/null; then ok "xdg-dbus-proxy dying: the app goes on"; else not_ok "xdg-dbus-proxy dying: the app goes on"; fi
kill -TERM "$app" 2>/dev/null
wait "$app"
rc=$?
check_eq "... and its end is reported as the signal's (128+15)" 143 "$rc"
wait_for 10 no_strays
check_eq "... leaving nothing" "" "$(strays)"

# ---- pasta missing ----
if "$SBOX" --help 2>/dev/null | grep -q -- '--network'; then
  timeout -k 5 "$SBOX_TIMEOUT" env PATH="$SBOX_TMP/empty-path" "$SBOX" --noprofile \
    --network=isolated -- true >/dev/null 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  ERR=$(cat "$SBOX_TMP/.stderr")
  one_line "pasta missing for Network=isolated"
  check_match "... naming it" "$ERR" 'pasta'
fi

# ---- too few descriptors ----
for n in 8 16 32 64 80 128; do
  ( ulimit -n "$n" && sbox_run --noprofile -- true
    printf '%s\n%s\n' "$RC" "$ERR" >"$SBOX_TMP/emfile.$n" )
  rc=$(head -n 1 "$SBOX_TMP/emfile.$n")
  err=$(tail -n +2 "$SBOX_TMP/emfile.$n")
  if [ "$rc" = 0 ] || { [ "$rc" = 125 ] && [ "$(printf '%s' "$err" | grep -c '')" = 1 ] \
    && printf '%s' "$err" | grep -q '^sbox: '; }; then
    ok "ulimit -n $n: the sandbox runs, or one 'sbox: ' line and 125 (got $rc)"
  else
    not_ok "ulimit -n $n: the sandbox runs, or one 'sbox: ' line and 125" "exit $rc: $err"
  fi
done
wait_for 10 no_strays
check_eq "... leaving nothing" "" "$(strays)"

# ---- the runtime directory ----
XDG_RUNTIME_DIR=$SBOX_TMP/missing-run sbox_run --noprofile --name=rt -- echo ran
check_run_ok "XDG_RUNTIME_DIR missing: it is made (0700) for the instance" ran
mkdir -p "$SBOX_TMP/ro-run" && chmod 500 "$SBOX_TMP/ro-run"
XDG_RUNTIME_DIR=$SBOX_TMP/ro-run sbox_run --noprofile --name=rt -- true
one_line "XDG_RUNTIME_DIR unwritable, with --name"
XDG_RUNTIME_DIR=$SBOX_TMP/ro-run sbox_run --noprofile --talk-name=org.example.Faults -- true
one_line "XDG_RUNTIME_DIR unwritable, with a proxy socket to place"
XDG_RUNTIME_DIR=$SBOX_TMP/ro-run sbox_run --noprofile -- echo ran
check_run_ok "XDG_RUNTIME_DIR unwritable, nothing to place: the sandbox runs" ran
# Another user's: / is root's and not writable; a directory sbox would use
# that another user made first (here: a symlink planted to one) is refused.
XDG_RUNTIME_DIR=/ sbox_run --noprofile --name=rt -- true
one_line "XDG_RUNTIME_DIR another user's (/), with --name"
mkdir -p "$SBOX_TMP/planted-run"
ln -s / "$SBOX_TMP/planted-run/sbox"
XDG_RUNTIME_DIR=$SBOX_TMP/planted-run sbox_run --noprofile --name=rt -- true
one_line "\$XDG_RUNTIME_DIR/sbox a symlink to another user's directory"

# ---- the command's output ----
sbox_run_closed ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" "$@" >&- 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  ERR=$(cat "$SBOX_TMP/.stderr")
}
sbox_run_closed --noprofile -- sh -c 'echo hi 2>/dev/null || exit 9; exit 0'
check_rc "stdout closed: the command sees a failed write and its status is sbox's" 9
(timeout -k 5 "$SBOX_TIMEOUT" "$SBOX" --noprofile -- yes </dev/null; echo "$?" >"$SBOX_TMP/pipe-rc") | head -n 1 >/dev/null
check_eq "a broken pipe: the command ends by SIGPIPE, reported as 128+13" 141 "$(cat "$SBOX_TMP/pipe-rc")"
wait_for 10 no_strays
check_eq "... leaving nothing" "" "$(strays)"

# ---- a profile that changes between two starts ----
export SBOX_PROFILE_PATH=$SBOX_TMP/profiles
mkdir -p "$SBOX_PROFILE_PATH"
printf '[Environment]\nFAULTS=one\n' >"$SBOX_PROFILE_PATH/changing.profile"
"$SBOX" --profile=changing -- sh -c 'sleep 2; echo "$FAULTS"' >"$SBOX_TMP/first" 2>&1 </dev/null &
first=$!
sleep 0.5
printf '[Environment]\nFAULTS=two\n' >"$SBOX_PROFILE_PATH/changing.profile"
sbox_run --profile=changing -- sh -c 'echo "$FAULTS"'
check_run_ok "a changed profile: the next start reads the new one" two
wait "$first"
check_eq "... and the sandbox started before keeps what it started with" one "$(cat "$SBOX_TMP/first")"
printf '[Environment\nFAULTS=three\n' >"$SBOX_PROFILE_PATH/changing.profile"
sbox_run --profile=changing -- true
check_rc "a profile broken between starts: exit 125" 125
check_match "... naming the file and line" "$ERR" "^sbox: .*changing.profile:1"
unset SBOX_PROFILE_PATH

# ---- two starts racing for one --name ----
both=0 neither=0 unclear=0
for round in $(seq 1 20); do
  "$SBOX" --noprofile --name=race -- sleep 1 >/dev/null 2>"$SBOX_TMP/race.1" </dev/null &
  one=$!
  "$SBOX" --noprofile --name=race -- sleep 1 >/dev/null 2>"$SBOX_TMP/race.2" </dev/null &
  two=$!
  wait "$one"
  r1=$?
  wait "$two"
  r2=$?
  case "$r1 $r2" in
    "0 0") both=$((both + 1)) ;;
    "0 125" | "125 0")
      grep -qh '^sbox: a sandbox named race is running' "$SBOX_TMP/race.1" "$SBOX_TMP/race.2" \
        || unclear=$((unclear + 1))
      ;;
    *) neither=$((neither + 1)); diag "round $round: $r1 $r2" ;;
  esac
done
check_eq "two starts of one --name, 20 rounds: never both" 0 "$both"
check_eq "... never neither" 0 "$neither"
check_eq "... and the loser says which sandbox has the name" 0 "$unclear"

wait_for 15 sh -c '"$1" --noprofile -- true; [ -z "$(find "$2" -mindepth 1 -maxdepth 1)" ]' \
  sh "$SBOX" "$XDG_RUNTIME_DIR/sbox"
check_eq "in the end nothing is left in \$XDG_RUNTIME_DIR/sbox" "" "$(runtime_left)"
check_eq "... nor any process" "" "$(strays)"

done_testing
