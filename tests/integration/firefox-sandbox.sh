#!/bin/bash
# firefox-sandbox.sh — Firefox ESR under its shipped profile: its own
# content sandbox keeps its user-namespace layer (the profile allows the
# nested namespaces, as README's "Nested namespaces" rule says), and its
# profile lands where the host's Firefox keeps it, not in the private home.
# Headless; skipped where firefox-esr is not installed.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

command -v firefox-esr >/dev/null 2>&1 || skip_all "firefox-esr is not installed"
src=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
[ -f "$src/firefox-esr.profile" ] || skip_all "profiles not found"

# The profile under test, and the same without its SeccompAllow= (the control).
dir=$SBOX_TMP/profiles
mkdir -p "$dir"
cp -R "$src/." "$dir/"
grep -v '^SeccompAllow=' "$src/firefox-esr.profile" >"$dir/firefox-nons.profile"
export SBOX_PROFILE_PATH=$dir
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS

# Inside: start Firefox, and while a page loads list every content process
# (-contentproc … tab) whose user namespace differs from the parent's.
script=$SBOX_TMP/ff.sh
cat >"$script" <<'EOS'
firefox-esr --headless --screenshot "$HOME/shot.png" 'data:text/html,<p>hello</p>' 2>"$HOME/ff.err" &
ff=$!
own=0
for _ in $(seq 1 60); do
  parent=$(readlink /proc/$ff/ns/user)
  for p in /proc/[0-9]*; do
    if tr '\0' ' ' <"$p/cmdline" 2>/dev/null | grep -q -- '-contentproc.* tab'; then
      ns=$(readlink "$p/ns/user" 2>/dev/null)
      [ -n "$ns" ] && [ "$ns" != "$parent" ] && own=1
      echo "content=${p#/proc/}"
    fi
  done
  [ "$own" = 1 ] && break
  sleep 0.25
done
echo "own-userns=$own"
wait "$ff"
echo "exit=$?"
cat "$HOME/ff.err" >&2
EOS

run_ff ()   # PROFILE
{
  SBOX_TIMEOUT=50 sbox_run --profile="$1" --ro-bind "$script" "$script" -- sh "$script"
}

run_ff firefox-esr
check_contains "Firefox ESR starts and exits under its profile" "$OUT" "exit=0"
check_contains "its tab content processes get a user namespace of their own" "$OUT" "own-userns=1"
check_not_contains "Firefox does not report its sandbox lost its namespaces" "$ERR" \
  "CanCreateUserNamespace() clone() failure"
check "its profile is on the host, where the host's Firefox keeps it" \
  test -f "$HOME/.config/mozilla/firefox/profiles.ini"
check_fails "... and no ~/.mozilla was created (it would make Firefox switch directories)" \
  test -e "$HOME/.mozilla"
check_fails "... and none of it went to the private home (at most the mount point)" \
  test -e "$HOME/.local/share/sbox/home/firefox-esr/.config/mozilla/firefox"

run_ff firefox-nons
check_contains "control: without the nested-namespace allowance Firefox says so" "$ERR" \
  "CanCreateUserNamespace() clone() failure: EPERM"
check_contains "control: ... and its content processes share the sandbox's user namespace" "$OUT" \
  "own-userns=0"

done_testing
