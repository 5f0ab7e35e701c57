#!/bin/bash
# install.sh — the installed programs look where they were installed: a copy
# of the build tree is reconfigured with another --prefix (as a user does
# after the Quick start), rebuilt and installed, and the new sbox finds its
# profiles and configuration there, sbox-desktop writes the installed sbox
# into menu entries, and "make install prefix=" and DESTDIR= behave as the
# GNU conventions say. --list-profiles with nothing found names where it
# looked.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

B=${SBOX_BUILD_DIR:-}
if [ -z "$B" ]; then
  skip_all "SBOX_BUILD_DIR is not set (run through make check)"
fi
if [ ! -r "$B/config.status" ] || [ ! -r "$B/sandbox/main.c" ]; then
  skip_all "$B is not an in-tree build readable by $MY_USER"
fi
for tool in make cc tar cmp; do
  command -v "$tool" >/dev/null || skip_all "$tool is not installed"
done

copy=$SBOX_TMP/tree
P=$SBOX_TMP/prefix
mkdir -p "$copy" "$SBOX_TMP/empty"
# The tree without Git, other build trees (.ci/run's build-asan) and dist
# output; tar keeps the modification times: make sees a built tree.
top=()
for f in "$B"/* "$B"/.[!.]*; do
  f=${f##*/}
  case "$f" in
    build-aux) ;;
    .git | sbox-* | build-*) continue ;;
  esac
  [ -e "$B/$f" ] && top+=("$f")
done
tar -C "$B" -cf - "${top[@]}" | tar -C "$copy" -xf - || bail_out "cannot copy $B"
cd "$copy" || bail_out "cannot enter $copy"

# in_clean CMD...: no user profiles, no SBOX_PROFILE_PATH, no $SBOX.
in_clean ()
{
  env -u SBOX_PROFILE_PATH -u SBOX -u XDG_CONFIG_HOME HOME="$SBOX_TMP/empty" "$@"
}

# Control: the copied binary was built for the original prefix.
old_version=$(./sandbox/sbox --version)
check_not_contains "control: the build before reconfiguring does not look under the new prefix" \
  "$old_version" "$P/"

# The same options as the original build, plus the new prefix.
args=$(./config.status --config)
if ! eval "./configure $args --prefix=\"\$P\"" >"$SBOX_TMP/configure.log" 2>&1; then
  diag "$(tail -20 "$SBOX_TMP/configure.log")"
  bail_out "configure --prefix=$P failed"
fi
# The outer make's jobserver and variables are not this build's.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
# shellcheck disable=SC2317 # called through check
make_quiet ()
{
  if ! make -j2 "$@" >"$SBOX_TMP/make.log" 2>&1; then
    diag "$(tail -20 "$SBOX_TMP/make.log")"
    return 1
  fi
}
check "make after ./configure --prefix=P succeeds" make_quiet
check_contains "make after ./configure --prefix=P rebuilds sbox with P's profile directory" \
  "$(./sandbox/sbox --version)" "profiles: $P/share/sbox/profiles"
check_contains "... and P's configuration directory" \
  "$(./sandbox/sbox --version)" "configuration: $P/etc/sbox"

# Nothing is installed under P yet: the listing is empty and says where it looked.
in_clean ./sandbox/sbox --list-profiles >"$SBOX_TMP/list.out" 2>"$SBOX_TMP/list.err"
rc=$?
check_eq "--list-profiles with no profile anywhere exits 0" 0 "$rc"
check_eq "--list-profiles with no profile anywhere prints no profile" "" "$(cat "$SBOX_TMP/list.out")"
check_match "--list-profiles with no profile anywhere names the directories it searched" \
  "$(cat "$SBOX_TMP/list.err")" \
  "^sbox: no profiles found in .*$P/etc/sbox/profiles, $P/share/sbox/profiles$"

check "make install into the prefix succeeds" make_quiet install
list=$(in_clean "$P/bin/sbox" --list-profiles 2>&1)
check_match "the installed sbox lists the profiles installed under P" \
  "$list" "^default +.* $P/share/sbox/profiles/default\.profile$"
check_match "... including firefox-esr's" \
  "$list" "^firefox-esr +.* $P/share/sbox/profiles/firefox-esr\.profile$"
check "make install puts sbox.conf in P/etc/sbox" test -f "$P/etc/sbox/sbox.conf"
check_contains "... the directory the installed sbox reads it from" \
  "$("$P/bin/sbox" --version 2>&1)" "configuration: $P/etc/sbox"

# sbox-desktop writes the installed sbox into Exec=.
apps=$SBOX_TMP/data/applications
mkdir -p "$apps" "$SBOX_TMP/xdg-home"
printf '[Desktop Entry]\nType=Application\nName=Hello\nExec=/bin/true %%f\n' >"$apps/hello.desktop"
in_clean env XDG_DATA_DIRS="$SBOX_TMP/data" XDG_DATA_HOME="$SBOX_TMP/xdg-home" \
  "$P/bin/sbox-desktop" enable --profile=default hello >"$SBOX_TMP/sd.out" 2>&1
check_eq "sbox-desktop enable succeeds" 0 "$?"
written=$(cat "$SBOX_TMP/xdg-home/applications/hello.desktop" 2>/dev/null)
check_match "sbox-desktop writes the installed sbox into Exec=" \
  "$written" "^Exec=$P/bin/sbox --profile=default -- "
[ -n "$written" ] || diag "$(cat "$SBOX_TMP/sd.out")"

# GNU conventions: "make install prefix=P2" installs programs that look
# under P2; DESTDIR only moves the files, not where they look.
P2=$SBOX_TMP/prefix2
check "make install prefix=P2 succeeds" make_quiet install prefix="$P2"
check_contains "make install prefix=P2 installs an sbox that looks under P2" \
  "$("$P2/bin/sbox" --version 2>&1)" "profiles: $P2/share/sbox/profiles"
D=$SBOX_TMP/dest
check "make install DESTDIR=D succeeds" make_quiet install DESTDIR="$D"
check_contains "make install DESTDIR=D installs an sbox that looks under P, not D" \
  "$("$D$P/bin/sbox" --version 2>&1)" "profiles: $P/share/sbox/profiles"

done_testing
