#!/bin/bash
# bus-rules.sh — a bus door narrowed to single calls: keepassxc's profile
# reaches logind's GetSession and nothing else of logind (PowerOff,
# KillSession, ...), against a real dbus-daemon with a peer owning
# org.freedesktop.login1 that answers every call.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

for tool in dbus-daemon dbus-send dbus-test-tool xdg-dbus-proxy; do
  command -v "$tool" >/dev/null || skip_all "$tool is needed"
done
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY XAUTHORITY
SOCK=$SBOX_TMP/system_bus_socket
start_session_bus "unix:path=$SOCK" || bail_out "the test system bus did not start"
export DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS
dbus-test-tool echo --system --name=org.freedesktop.login1 </dev/null >/dev/null 2>&1 &
kill_at_exit $!
# shellcheck disable=SC2317 # called through wait_for
owned () { dbus-send --system --reply-timeout=2000 --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner string:org.freedesktop.login1 2>/dev/null | grep -q true; }
wait_for 5 owned || bail_out "the logind stand-in did not take its name"

call () # MEMBER: a logind Manager call on the system bus, its reply printed
{
  echo dbus-send --system --reply-timeout=5000 --print-reply --dest=org.freedesktop.login1 /org/freedesktop/login1 \
    "org.freedesktop.login1.Manager.$1"
}
# shellcheck disable=SC2046
sbox_run --profile=keepassxc -- $(call GetSession) string:1
check_rc "keepassxc: logind's GetSession is answered through the door" 0
for member in PowerOff Reboot KillSession TerminateUser Inhibit; do
  # shellcheck disable=SC2046
  sbox_run --profile=keepassxc -- $(call "$member")
  check_contains "keepassxc: logind's $member is refused by the door" "$ERR" "AccessDenied"
done
# shellcheck disable=SC2046
sbox_run --profile=keepassxc --system-talk-name=org.freedesktop.login1 -- $(call PowerOff)
check_rc "control: with talk (the profile's old grant), PowerOff reaches logind" 0
# shellcheck disable=SC2046
sbox_run --profile=keepassxc -- dbus-send --system --reply-timeout=5000 --print-reply --dest=org.freedesktop.login1 \
  /org/freedesktop/login1/other org.freedesktop.login1.Manager.GetSession string:1
check_contains "keepassxc: the allowed call on another object path is refused" "$ERR" "AccessDenied"

# transmission-gtk keeps the machine awake through the session manager and
# may reach nothing else of it (Logout, Shutdown).
export DBUS_SESSION_BUS_ADDRESS=$DBUS_SYSTEM_BUS_ADDRESS
dbus-test-tool echo --session --name=org.gnome.SessionManager </dev/null >/dev/null 2>&1 &
kill_at_exit $!
# shellcheck disable=SC2317 # called through wait_for
sm_owned () { dbus-send --session --reply-timeout=2000 --print-reply=literal --dest=org.freedesktop.DBus \
  /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.gnome.SessionManager 2>/dev/null \
  | grep -q true; }
wait_for 5 sm_owned || bail_out "the session manager stand-in did not take its name"
sm () # MEMBER: a session manager call, its reply printed
{
  echo dbus-send --session --reply-timeout=5000 --print-reply --dest=org.gnome.SessionManager \
    /org/gnome/SessionManager "org.gnome.SessionManager.$1"
}
# shellcheck disable=SC2046
sbox_run --profile=transmission-gtk -- $(sm Inhibit)
check_rc "transmission-gtk: the session manager's Inhibit is answered" 0
for member in Logout Shutdown Reboot; do
  # shellcheck disable=SC2046
  sbox_run --profile=transmission-gtk -- $(sm "$member")
  check_contains "transmission-gtk: the session manager's $member is refused" "$ERR" "AccessDenied"
done
# shellcheck disable=SC2046
sbox_run --profile=transmission-gtk --talk-name=org.gnome.SessionManager -- $(sm Logout)
check_rc "control: with talk (the profile's old grant), Logout reaches the session manager" 0

# The portals: every portal the desktop offers, but not the Flatpak portal,
# whose Spawn would start the installed Flatpak app of the same id.
for name in org.freedesktop.portal.Desktop org.freedesktop.portal.Flatpak; do
  dbus-test-tool echo --session --name="$name" </dev/null >/dev/null 2>&1 &
  kill_at_exit $!
done
# shellcheck disable=SC2317 # called through wait_for
portal_owned () { dbus-send --session --reply-timeout=2000 --print-reply=literal --dest=org.freedesktop.DBus \
  /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q true; }
wait_for 5 portal_owned org.freedesktop.portal.Flatpak || bail_out "the portal stand-ins did not take their names"
portal () # NAME INTERFACE.MEMBER
{
  echo dbus-send --session --reply-timeout=5000 --print-reply --dest="$1" /org/freedesktop/portal/desktop "$2"
}
# shellcheck disable=SC2046
sbox_run --profile=keepassxc -- $(portal org.freedesktop.portal.Desktop org.freedesktop.portal.OpenURI.OpenURI)
check_rc "portals.inc: the desktop portal answers" 0
# shellcheck disable=SC2046
sbox_run --profile=keepassxc -- $(portal org.freedesktop.portal.Flatpak org.freedesktop.portal.Flatpak.Spawn)
check_ne "portals.inc: the Flatpak portal (Spawn) is not reachable" 0 "$RC"
# shellcheck disable=SC2046
sbox_run --profile=keepassxc --talk-name='org.freedesktop.portal.*' -- \
  $(portal org.freedesktop.portal.Flatpak org.freedesktop.portal.Flatpak.Spawn)
check_rc "control: with org.freedesktop.portal.* (the old grant) Spawn reaches the Flatpak portal" 0

done_testing
