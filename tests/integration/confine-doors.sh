#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox)
# confine-doors.sh — the doors that need no mount, in the confinement mode
# (no user namespace: tests/helpers/no-userns): X11 (Xvfb), Wayland
# (weston's headless backend) and the ssh agent reach their real peers,
# and only those: another X server, another compositor and another agent
# of the same user stay out of reach, with controls that turn the
# protection off.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"
# shellcheck source-path=SCRIPTDIR source=confine-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/confine-lib.sh"

C=(--quiet --noprofile --fallback=confine)
# The controls: without the connect supervisor and Landlock, nothing
# stands between the command and the user's other sockets.
OFF=(env SBOX_TEST_CONNECT_GUARD=off)

# --- X11 -------------------------------------------------------------------------------

if command -v Xvfb >/dev/null 2>&1 && command -v xdpyinfo >/dev/null 2>&1 \
  && start_xvfb 150 170 -screen 0 320x240x24; then
  mine=$XVFB_DISPLAY mine_auth=$XVFB_AUTH
  # The other server lets any client in (-ac): only the connection stands
  # in the way.
  start_xvfb 171 190 -screen 0 320x240x24 -ac || bail_out "cannot start a second Xvfb"
  other=$XVFB_DISPLAY
  DISPLAY=:$mine XAUTHORITY=$mine_auth run_nu "${C[@]}" --socket=x11 -- xdpyinfo
  check_rc "x11 door in the confinement mode: xdpyinfo talks to the server" 0
  check_contains "... of the caller's display" "$OUT" "name of display:    :$mine"
  DISPLAY=:$mine XAUTHORITY=$mine_auth run_nu "${C[@]}" --socket=x11 -- \
    sh -c 'xmessage -timeout 1 confined & sleep 0.5; xwininfo -root -tree | grep -c xmessage; wait'
  check_eq "... a real client maps a window there" 1 "$OUT"
  DISPLAY=:$mine XAUTHORITY=$mine_auth run_nu "${C[@]}" --socket=x11 -- \
    sh -c "DISPLAY=:$other xdpyinfo >/dev/null 2>&1 && echo REACHED; true"
  check_eq "another X server of the same user cannot be reached (abstract name and path)" "" "$OUT"
  DISPLAY=:$mine XAUTHORITY=$mine_auth capture "${OFF[@]}" "$NOUSERNS" "$SBOX" "${C[@]}" \
    --landlock=false --socket=x11 -- sh -c "DISPLAY=:$other xdpyinfo >/dev/null 2>&1 && echo REACHED; true"
  check_eq "control: with the supervisor and Landlock off it is reached" REACHED "$OUT"
  DISPLAY=:$mine XAUTHORITY=$mine_auth run_nu "${C[@]}" -- sh -c "DISPLAY=:$mine xdpyinfo >/dev/null 2>&1 && echo REACHED; true"
  check_eq "without the door the caller's own display is out of reach too" "" "$OUT"
else
  skip "x11 door in the confinement mode" "no Xvfb/xdpyinfo, or it did not start"
fi

# --- Wayland ---------------------------------------------------------------------------

RUN=$SBOX_TMP/run
mkdir -p "$RUN" && chmod 0700 "$RUN"
if command -v weston >/dev/null 2>&1 && command -v wayland-info >/dev/null 2>&1; then
  printf '[core]\nshell=fullscreen-shell.so\n\n[input-method]\npath=\n' >"$SBOX_TMP/weston.ini"
  for name in mine other; do
    XDG_RUNTIME_DIR=$RUN weston --backend=headless-backend.so --socket="wl-$name-$$" \
      --idle-time=0 --config="$SBOX_TMP/weston.ini" >"$SBOX_TMP/weston-$name.log" 2>&1 </dev/null &
    kill_at_exit $!
  done
  if wait_for 10 test -S "$RUN/wl-mine-$$" && wait_for 10 test -S "$RUN/wl-other-$$"; then
    XDG_RUNTIME_DIR=$RUN WAYLAND_DISPLAY=wl-mine-$$ run_nu "${C[@]}" --socket=wayland -- wayland-info
    check_rc "wayland door in the confinement mode: wayland-info talks to the compositor" 0
    check_contains "... and lists wl_compositor" "$OUT" "wl_compositor"
    XDG_RUNTIME_DIR=$RUN WAYLAND_DISPLAY=wl-mine-$$ run_nu "${C[@]}" --socket=wayland -- \
      sh -c "WAYLAND_DISPLAY=$RUN/wl-other-$$ wayland-info >/dev/null 2>&1 && echo REACHED; true"
    check_eq "another compositor of the same user cannot be reached" "" "$OUT"
    XDG_RUNTIME_DIR=$RUN WAYLAND_DISPLAY=wl-mine-$$ capture "${OFF[@]}" "$NOUSERNS" "$SBOX" "${C[@]}" \
      --socket=wayland -- sh -c "WAYLAND_DISPLAY=$RUN/wl-other-$$ wayland-info >/dev/null 2>&1 && echo REACHED; true"
    check_eq "control: with the supervisor off it is reached" REACHED "$OUT"
  else
    skip "wayland door in the confinement mode" "weston did not start"
  fi
else
  skip "wayland door in the confinement mode" "no weston/wayland-info"
fi

# --- the ssh agent ----------------------------------------------------------------------

if command -v ssh-agent >/dev/null 2>&1 && command -v ssh-add >/dev/null 2>&1; then
  ssh-agent -a "$SBOX_TMP/agent.sock" >/dev/null && ssh-agent -a "$SBOX_TMP/other.sock" >/dev/null
  kill_at_exit "$(pgrep -u "$(id -u)" -f "ssh-agent -a $SBOX_TMP/agent.sock")" \
    "$(pgrep -u "$(id -u)" -f "ssh-agent -a $SBOX_TMP/other.sock")"
  SSH_AUTH_SOCK=$SBOX_TMP/agent.sock run_nu "${C[@]}" --socket=ssh-auth -- ssh-add -l
  check_rc "ssh-auth door in the confinement mode: ssh-add talks to the agent (no identities: 1)" 1
  check_contains "... which answers" "$OUT" "no identities"
  SSH_AUTH_SOCK=$SBOX_TMP/agent.sock run_nu "${C[@]}" --socket=ssh-auth -- \
    env SSH_AUTH_SOCK="$SBOX_TMP/other.sock" ssh-add -l
  check_rc "another agent of the same user cannot be reached (2: no connection)" 2
  SSH_AUTH_SOCK=$SBOX_TMP/agent.sock capture "${OFF[@]}" "$NOUSERNS" "$SBOX" "${C[@]}" \
    --socket=ssh-auth -- env SSH_AUTH_SOCK="$SBOX_TMP/other.sock" ssh-add -l
  check_rc "control: with the supervisor off it is reached" 1
else
  skip "ssh-auth door in the confinement mode" "no ssh-agent"
fi

done_testing
