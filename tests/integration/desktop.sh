#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# desktop.sh — sbox-desktop: the menu entries it writes are valid, shadow the
# system ones, run the original command (arguments, quoting and field codes
# intact) inside sbox, and are listed, refreshed and removed without touching
# anyone else's files.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

if [ -z "${SBOX_DESKTOP:-}" ] || [ ! -x "$SBOX_DESKTOP" ]; then
  skip_all "sbox-desktop is not built (SBOX_DESKTOP is empty)"
fi
export SBOX
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-${SBOX_TESTS_SRCDIR:-$(dirname "${BASH_SOURCE[0]}")}/../../profiles}
man_dir=${SBOX_MAN_DIR:-${SBOX_TESTS_SRCDIR:-$(dirname "${BASH_SOURCE[0]}")}/../../man}

# A private set of "system" desktop files and a user directory in the home.
sys=$SBOX_TMP/system
sysapps=$sys/applications
# A second, lower-priority data directory.
sys2=$SBOX_TMP/system2
export XDG_DATA_DIRS=$sys:$sys2
export XDG_DATA_HOME=$HOME/.local/share
apps=$XDG_DATA_HOME/applications
bin=$SBOX_TMP/bin
mkdir -p "$sysapps" "$sys2/applications" "$SBOX_TMP/orig"

# sd ARGS...: run sbox-desktop; sets RC, OUT and ERR.
sd ()
{
  timeout -k 5 20 "$SBOX_DESKTOP" "$@" >"$SBOX_TMP/.sd-out" 2>"$SBOX_TMP/.sd-err" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.sd-out")
  ERR=$(cat "$SBOX_TMP/.sd-err")
}

# entries DIR: the names in DIR, sorted, as ls(1) lists them (no dot files).
entries ()
{
  find "$1" -mindepth 1 -maxdepth 1 ! -name '.*' -printf '%f\n' | sort
}

# key FILE GROUP KEY: a raw value as written in the file (no unescaping).
key ()
{
  awk -v g="[$2]" -v k="$3" '
    /^\[/ { cur = $0; next }
    cur == g && index($0, k "=") == 1 { print substr($0, length(k) + 2); exit }' "$1"
}

# --- the fixture -------------------------------------------------------------

have_evince=0 have_firefox=0
if [ -r /usr/share/applications/org.gnome.Evince.desktop ]; then
  cp /usr/share/applications/org.gnome.Evince.desktop "$sysapps/"
  have_evince=1
fi
if [ -r /usr/share/applications/firefox-esr.desktop ]; then
  cp /usr/share/applications/firefox-esr.desktop "$sysapps/"
  have_firefox=1
fi

# Spec quoting in the file: \\ is one backslash for the key file, then \" \$
# \\ are the Exec escapes inside double quotes.  The script prints each
# argument and what the home holds.
cat >"$sysapps/tricky.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Name=Tricky
Name[de]=Knifflig
# a comment that must survive
TryExec=/nonexistent/tricky-tryexec
DBusActivatable=true
Exec=/bin/sh -c "for a in \\"\\$@\\"; do echo \\"[\\$a]\\"; done; ls -A \\"\\$HOME\\"; echo end" sh "two words" "cost\\$5" "back\\\\slash" %f
Actions=other;

[Desktop Action other]
Name=Other
Exec=/bin/echo "a;b" %U
EOF
expected_tricky=(/bin/sh -c 'for a in "$@"; do echo "[$a]"; done; ls -A "$HOME"; echo end'
  sh 'two words' 'cost$5' 'back\slash' '%f')

# Profile by program name, by desktop id, no profile, not an application.
printf '[Desktop Entry]\nType=Application\nName=Editor\nExec=gedit %%U\n' >"$sysapps/org.example.Editor.desktop"
printf '[Desktop Entry]\nType=Application\nName=Player\nExec=/opt/player/bin/play %%F\n' >"$sysapps/mpv.desktop"
printf '[Desktop Entry]\nType=Application\nName=Noprof\nExec=no-such-profile-prog\n' >"$sysapps/noprof.desktop"
printf '[Desktop Entry]\nType=Link\nName=Vlc link\nURL=https://example.org/\n' >"$sysapps/vlc.desktop"
# In the second directory: one more app with a profile, and an mpv.desktop
# that the first directory's hides.
for e in a-early:eog b-early:imv 0-early:feh; do
  printf '[Desktop Entry]\nType=Application\nName=Early\nExec=%s %%f\n' "${e#*:}" >"$sys2/applications/${e%%:*}.desktop"
done
printf '[Desktop Entry]\nType=Application\nName=Hidden mpv\nExec=hidden-mpv\n' >"$sys2/applications/mpv.desktop"
# A file the user wrote, shadowing a system one of the same id.
printf '[Desktop Entry]\nType=Application\nName=Viewer\nExec=zathura %%f\n' >"$sysapps/foreign.desktop"
mkdir -p "$apps"
printf '[Desktop Entry]\nType=Application\nName=Mine\nExec=true\n' >"$apps/foreign.desktop"
cp "$apps/foreign.desktop" "$SBOX_TMP/orig/foreign.user"
cp "$sysapps"/*.desktop "$SBOX_TMP/orig/"

echo planted >"$HOME/secret-planted"

PY=$(command -v python3)
# parse-exec.py FILE GROUP [glib]: the Exec= of GROUP as an argv, one
# NUL-terminated word each, read by the Desktop Entry Specification's rules,
# strictly: a reserved character outside quotes or a bad escape is an error.
# With "glib", GLib's own key file and shell parser do it instead.
cat >"$SBOX_TMP/parse-exec.py" <<'EOF'
import sys
RESERVED = set(' \t\n"\'\\><~|&;$*?#()`')
KEYFILE_ESCAPES = {'s': ' ', 'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}

def raw_value(path, group, key):
    cur = None
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            s = line.strip()
            if not s or s.startswith('#'):
                continue
            if s.startswith('['):
                cur = s[1:-1]
                continue
            k, _, v = line.partition('=')
            if cur == group and k.strip() == key:
                return v.lstrip(' ')
    sys.exit('no %s= in [%s]' % (key, group))

def unescape(v):
    out, i = [], 0
    while i < len(v):
        if v[i] == '\\':
            if i + 1 >= len(v) or v[i + 1] not in KEYFILE_ESCAPES:
                sys.exit('bad key file escape in %r' % v)
            out.append(KEYFILE_ESCAPES[v[i + 1]])
            i += 2
        else:
            out.append(v[i])
            i += 1
    return ''.join(out)

def split(s):
    args, i = [], 0
    while i < len(s):
        if s[i] == ' ':
            i += 1
            continue
        if s[i] == '"':
            word, i = [], i + 1
            while True:
                if i >= len(s):
                    sys.exit('unterminated quote in %r' % s)
                c = s[i]
                if c == '"':
                    i += 1
                    break
                if c == '\\':
                    if i + 1 >= len(s) or s[i + 1] not in '"`$\\':
                        sys.exit('bad escape inside quotes in %r' % s)
                    word.append(s[i + 1])
                    i += 2
                    continue
                if c in '`$':
                    sys.exit('unescaped %r inside quotes in %r' % (c, s))
                word.append(c)
                i += 1
            if i < len(s) and s[i] != ' ':
                sys.exit('text after a closing quote in %r' % s)
            args.append(''.join(word))
        else:
            j = s.find(' ', i)
            j = len(s) if j < 0 else j
            word = s[i:j]
            bad = RESERVED & set(word)
            if bad:
                sys.exit('reserved %r outside quotes in %r' % (''.join(sorted(bad)), word))
            args.append(word)
            i = j
    return args

path, group = sys.argv[1], sys.argv[2]
if len(sys.argv) > 3:
    from gi.repository import GLib
    kf = GLib.KeyFile()
    kf.load_from_file(path, GLib.KeyFileFlags.NONE)
    argv = GLib.shell_parse_argv(kf.get_string(group, 'Exec'))[1]
else:
    argv = split(unescape(raw_value(path, group, 'Exec')))
sys.stdout.write(''.join(a + '\0' for a in argv))
EOF

# exec_argv FILE GROUP [glib]: the parsed argv, one word a line.
exec_argv ()
{
  local -a words
  mapfile -d '' words < <("$PY" "$SBOX_TMP/parse-exec.py" "$@")
  printf '%s\n' "${words[@]}"
}

# --- usage ---------------------------------------------------------------------

sd --help
check_eq "--help exits 0" 0 "$RC"
check_contains "--help points to the manual page" "$OUT" "sbox-desktop(1)"
sd --version
check_match "--version prints the version" "$OUT" '^sbox-desktop [0-9]'
sd
check_eq "no command: usage error (exit 2)" 2 "$RC"
sd enable
check_eq "enable without names: exit 2" 2 "$RC"
sd enable --all tricky
check_eq "enable --all with names: exit 2" 2 "$RC"
sd frobnicate
check_eq "unknown command: exit 2" 2 "$RC"
sd list --bogus
check_eq "unknown option: exit 2" 2 "$RC"
check_match "... with one 'sbox-desktop: WHAT: WHY' line" "$ERR" '^sbox-desktop: --bogus: '
sd enable --profile=no-such-profile tricky
check_eq "unknown --profile: exit 2" 2 "$RC"
check_eq "... and nothing written" "" "$(entries "$apps" | grep -v '^foreign.desktop$')"

# --- enable ----------------------------------------------------------------------

names=(tricky)
[ "$have_evince" = 1 ] && names+=(evince)
[ "$have_firefox" = 1 ] && names+=(firefox-esr.desktop)
sd enable "${names[@]}"
check_eq "enable ${names[*]}: exit 0" 0 "$RC"
check_eq "... no error output" "" "$ERR"
check "tricky.desktop written in \$XDG_DATA_HOME/applications" test -f "$apps/tricky.desktop"
if [ "$have_evince" = 1 ]; then
  check "evince by command name → org.gnome.Evince.desktop written" test -f "$apps/org.gnome.Evince.desktop"
else
  skip "evince by command name → org.gnome.Evince.desktop written" "no org.gnome.Evince.desktop here"
fi
if [ "$have_firefox" = 1 ]; then
  check "firefox-esr.desktop (id with suffix) written" test -f "$apps/firefox-esr.desktop"
else
  skip "firefox-esr.desktop (id with suffix) written" "no firefox-esr.desktop here"
fi
wrapped=(foreign.desktop tricky.desktop)
[ "$have_evince" = 1 ] && wrapped+=(org.gnome.Evince.desktop)
[ "$have_firefox" = 1 ] && wrapped+=(firefox-esr.desktop)
check_eq "only the named applications are wrapped" \
  "$(printf '%s\n' "${wrapped[@]}" | sort)" \
  "$(entries "$apps" | grep '\.desktop$' | sort)"
unchanged=1
for f in "$sysapps"/*.desktop; do
  cmp -s "$f" "$SBOX_TMP/orig/$(basename "$f")" || unchanged=0
done
check_eq "the system copies are untouched" 1 "$unchanged"

wrapped=("$apps/tricky.desktop")
[ "$have_evince" = 1 ] && wrapped+=("$apps/org.gnome.Evince.desktop")
[ "$have_firefox" = 1 ] && wrapped+=("$apps/firefox-esr.desktop")
if command -v desktop-file-validate >/dev/null 2>&1; then
  for f in "${wrapped[@]}"; do
    out=$(desktop-file-validate "$f" 2>&1)
    rc=$?
    if [ "$rc" = 0 ] && ! grep -q 'error:' <<<"$out"; then
      pass "desktop-file-validate accepts $(basename "$f")"
    else
      not_ok "desktop-file-validate accepts $(basename "$f")" "$out"
    fi
  done
  # The validator checks Exec= quoting: an unquoted $ is an error (control).
  sed '0,/^Exec=.*/s//Exec=\/bin\/echo cost$5 %f/' "$apps/tricky.desktop" >"$SBOX_TMP/broken.desktop"
  check_fails "... and rejects an unquoted \$ (control)" desktop-file-validate "$SBOX_TMP/broken.desktop"
else
  skip "desktop-file-validate accepts the wrappers" "desktop-file-validate is not installed"
fi

# Each simple Exec= becomes "SBOX --profile=P -- ORIGINAL" byte for byte.
check_exec ()
{
  local id=$1 group=$2 profile=$3
  local orig new
  orig=$(key "$sysapps/$id" "$group" Exec)
  new=$(key "$apps/$id" "$group" Exec)
  check_eq "$id [$group]: Exec= is '$SBOX --profile=$profile -- ' + the original" \
    "$SBOX --profile=$profile -- $orig" "$new"
}
if [ "$have_evince" = 1 ]; then
  check_exec org.gnome.Evince.desktop "Desktop Entry" evince
  check_exec org.gnome.Evince.desktop "Desktop Action new-window" evince
  check_contains "... evince keeps %U" "$(key "$apps/org.gnome.Evince.desktop" "Desktop Entry" Exec)" " %U"
  check_eq "... TryExec kept (it still hides the entry when evince is removed)" \
    "$(key "$sysapps/org.gnome.Evince.desktop" "Desktop Entry" TryExec)" \
    "$(key "$apps/org.gnome.Evince.desktop" "Desktop Entry" TryExec)"
fi
if [ "$have_firefox" = 1 ]; then
  check_exec firefox-esr.desktop "Desktop Entry" firefox-esr
  check_contains "... firefox-esr keeps %u" "$(key "$apps/firefox-esr.desktop" "Desktop Entry" Exec)" " %u"
fi
check_exec tricky.desktop "Desktop Action other" default

t=$apps/tricky.desktop
check_eq "X-Sbox-Profile=default when no profile matches" default "$(key "$t" "Desktop Entry" X-Sbox-Profile)"
check_eq "X-Sbox-Source is the absolute source path" "$sysapps/tricky.desktop" "$(key "$t" "Desktop Entry" X-Sbox-Source)"
check_eq "X-Sbox-Source-Checksum is the source's SHA-256" \
  "$(sha256sum <"$sysapps/tricky.desktop" | cut -d' ' -f1)" "$(key "$t" "Desktop Entry" X-Sbox-Source-Checksum)"
check_eq "DBusActivatable removed (launchers would bypass Exec=)" "" "$(key "$t" "Desktop Entry" DBusActivatable)"
check_eq "a TryExec that would hide a working entry is dropped" "" "$(key "$t" "Desktop Entry" TryExec)"
check_eq "Name= says the launcher is sandboxed" "Tricky (sandboxed)" "$(key "$t" "Desktop Entry" Name)"
check_eq "translations kept, each with the marker" "Knifflig (sandboxed)" "$(key "$t" "Desktop Entry" "Name[de]")"
check_eq "control: the source's Name= has no marker" "Tricky" "$(key "$sysapps/tricky.desktop" "Desktop Entry" Name)"
check "comments kept" grep -qx '# a comment that must survive' "$t"

if [ -n "$PY" ]; then
  orig_argv=$(exec_argv "$sysapps/tricky.desktop" "Desktop Entry")
  check_eq "the fixture's own Exec= parses to the intended argv" \
    "$(printf '%s\n' "${expected_tricky[@]}")" "$orig_argv"
  new_argv=$(exec_argv "$t" "Desktop Entry")
  check_eq "wrapped Exec= parses (strict spec rules) to SBOX --profile=default -- + the original argv" \
    "$(printf '%s\n' "$SBOX" --profile=default -- "${expected_tricky[@]}")" "$new_argv"
  if "$PY" -c 'from gi.repository import GLib' 2>/dev/null; then
    check_eq "GLib's parser agrees" "$new_argv" "$(exec_argv "$t" "Desktop Entry" glib)"
  else
    skip "GLib's parser agrees" "python3-gi is not installed"
  fi
  check_eq "the action's Exec= parses to SBOX ... -- /bin/echo 'a;b' %U" \
    "$(printf '%s\n' "$SBOX" --profile=default -- /bin/echo 'a;b' '%U')" \
    "$(exec_argv "$t" "Desktop Action other")"

  # Run the entry as a launcher would: %f becomes a file name.
  doc="$SBOX_TMP/my doc.txt"
  run_entry ()
  {
    local -a argv
    mapfile -d '' argv < <("$PY" "$SBOX_TMP/parse-exec.py" "$1" "Desktop Entry")
    argv=("${argv[@]/#%f/$doc}")
    timeout -k 5 20 "${argv[@]}" </dev/null 2>&1
  }
  out=$(run_entry "$t")
  check_contains "the wrapped entry runs to its end" "$out" "end"
  check_contains "... with every argument intact" "$out" "[two words]
[cost\$5]
[back\\slash]
[$doc]"
  check_not_contains "... inside sbox: the planted home file is not visible" "$out" "secret-planted"
  out=$(run_entry "$sysapps/tricky.desktop")
  check_contains "... while the original entry sees it (control)" "$out" "secret-planted"

  if command -v gio >/dev/null 2>&1; then
    # GLib's launcher does its own parsing and field code expansion.
    gio launch "$t" "$doc" >"$SBOX_TMP/gio.out" 2>&1 </dev/null
    if wait_for 15 grep -qx end "$SBOX_TMP/gio.out"; then
      out=$(cat "$SBOX_TMP/gio.out")
      check_contains "gio launch of the wrapper passes the file for %f" "$out" "[$doc]"
      check_not_contains "... and runs it in sbox" "$out" "secret-planted"
    else
      not_ok "gio launch of the wrapper runs it" "$(cat "$SBOX_TMP/gio.out")"
    fi
  else
    skip "gio launch of the wrapper" "gio is not installed"
  fi
else
  skip "wrapped Exec= parses to the original argv" "python3 is not installed"
fi

# --- files that are not ours ------------------------------------------------------

sd enable foreign tricky
check_eq "enable over a user's own file: exit 1" 1 "$RC"
check_match "... one error line naming the file" "$ERR" "^sbox-desktop: $apps/foreign.desktop: "
check "... the user's file is unchanged" cmp -s "$apps/foreign.desktop" "$SBOX_TMP/orig/foreign.user"
check_contains "... and the other name is still processed" "$OUT" "enabled tricky.desktop"
sd enable no-such-app
check_eq "an unknown name: exit 1" 1 "$RC"
check_match "... named in one error line" "$ERR" '^sbox-desktop: no-such-app: '
sd enable vlc
check_eq "a Type=Link entry is not wrapped (exit 1)" 1 "$RC"
check "... and nothing written for it" test ! -e "$apps/vlc.desktop"

# --- list -------------------------------------------------------------------------

sd list
check_eq "list: exit 0" 0 "$RC"
wrapped_part=$(sed -n '/^Wrapped/,/^Not wrapped/p' <<<"$OUT")
other_part=$(sed -n '/^Not wrapped/,$p' <<<"$OUT")
check_match "list: tricky wrapped with profile default, ok, and its source" "$wrapped_part" \
  "^ +tricky\.desktop +default +ok +$sysapps/tricky\.desktop\$"
if [ "$have_evince" = 1 ]; then
  check_match "list: org.gnome.Evince wrapped with profile evince" "$wrapped_part" \
    '^ +org\.gnome\.Evince\.desktop +evince +ok '
fi
check_match "list: unwrapped app with a profile by program name" "$other_part" \
  "^ +org\.example\.Editor\.desktop +gedit +$sysapps/"
check_match "list: unwrapped app with a profile by desktop id" "$other_part" '^ +mpv\.desktop +mpv '
check_match "list: apps of the second data directory are offered" "$other_part" '^ +a-early\.desktop +eog '
ids=$(awk 'NR > 2 { print $1 }' <<<"$other_part")
check_eq "list: sorted by id across data directories" "$(LC_ALL=C sort <<<"$ids")" "$ids"
check_not_contains "list: an id hidden by a higher-priority directory is not offered" "$OUT" "$sys2/applications/mpv"
check_not_contains "list: the user's own file is not shown as wrapped" "$wrapped_part" "foreign.desktop"
check_not_contains "list: an app without a profile is not offered" "$OUT" "noprof"
check_not_contains "list: a Type=Link entry is not offered" "$OUT" "vlc"
if [ -n "$PY" ]; then
  sd list --json
  check_eq "list --json is valid JSON with both arrays" "ok" \
    "$("$PY" -c 'import json,sys; d=json.load(sys.stdin); print("ok" if isinstance(d["wrapped"],list) and any(w["id"]=="tricky.desktop" and w["state"]=="ok" for w in d["wrapped"]) and any(u["id"]=="mpv.desktop" for u in d["unwrapped"]) else d)' <<<"$OUT" 2>&1)"
fi

# --- refresh ------------------------------------------------------------------------

if [ "$have_firefox" = 1 ]; then r_id=firefox-esr.desktop; else r_id=tricky.desktop; fi
old_sum=$(key "$apps/$r_id" "Desktop Entry" X-Sbox-Source-Checksum)
echo "# changed by an update" >>"$sysapps/$r_id"
sd list
check_match "list: a changed source makes its wrapper stale" "$OUT" "^ +${r_id//./\\.} +[^ ]+ +stale "
sd refresh
check_eq "refresh: exit 0" 0 "$RC"
check_eq "refresh: one line, the rewrite" "rewrote $r_id ($sysapps/$r_id changed)" "$OUT"
new_sum=$(key "$apps/$r_id" "Desktop Entry" X-Sbox-Source-Checksum)
check_ne "... the checksum changed" "$old_sum" "$new_sum"
check_eq "... to the new source's" "$(sha256sum <"$sysapps/$r_id" | cut -d' ' -f1)" "$new_sum"
check_contains "... and the new content is in the wrapper" "$(cat "$apps/$r_id")" "# changed by an update"
sd refresh
check_eq "refresh again: nothing to do, nothing printed" "0:" "$RC:$OUT"

rm -f "$sysapps/tricky.desktop"
sd list
check_match "list: a deleted source makes its wrapper orphaned" "$OUT" '^ +tricky\.desktop +default +orphaned '
sd refresh
check_eq "refresh removes the orphan, saying so" "removed tricky.desktop ($sysapps/tricky.desktop is gone)" "$OUT"
check "... the wrapper is gone" test ! -e "$apps/tricky.desktop"
check "... the user's own file survives" cmp -s "$apps/foreign.desktop" "$SBOX_TMP/orig/foreign.user"
cp "$SBOX_TMP/orig/tricky.desktop" "$sysapps/"

# --- disable ----------------------------------------------------------------------

sd enable tricky
sd disable tricky
check_eq "disable tricky: exit 0" 0 "$RC"
check "... its wrapper is gone" test ! -e "$apps/tricky.desktop"
check "... the system file is still there" cmp -s "$sysapps/tricky.desktop" "$SBOX_TMP/orig/tricky.desktop"
sd disable foreign
check_eq "disable of a user's own file: exit 1" 1 "$RC"
check_match "... one error line naming it" "$ERR" "^sbox-desktop: $apps/foreign.desktop: "
check "... and it survives" cmp -s "$apps/foreign.desktop" "$SBOX_TMP/orig/foreign.user"
sd disable tricky
check_eq "disable of something not wrapped: exit 1" 1 "$RC"

# --- enable --all / disable --all ------------------------------------------------------

sd disable --all
sd enable --all
check_eq "enable --all: exit 1 (the user's own foreign.desktop has a profile match)" 1 "$RC"
check_eq "... reported in the only error line" \
  "sbox-desktop: $apps/foreign.desktop: exists and was not written by sbox-desktop; left alone" "$ERR"
got=$(entries "$apps" | grep '\.desktop$' | sort | tr '\n' ' ')
want="$( { echo 0-early.desktop; echo a-early.desktop; echo b-early.desktop; echo foreign.desktop; echo mpv.desktop; echo org.example.Editor.desktop
  [ "$have_evince" = 1 ] && echo org.gnome.Evince.desktop
  [ "$have_firefox" = 1 ] && echo firefox-esr.desktop; } | sort | tr '\n' ' ')"
check_eq "enable --all wraps exactly the apps with a profile (not default, not Link)" "$want" "$got"
check_eq "... mpv.desktop gets the profile of its id" mpv "$(key "$apps/mpv.desktop" "Desktop Entry" X-Sbox-Profile)"
check_eq "... from the higher-priority directory" "$sysapps/mpv.desktop" "$(key "$apps/mpv.desktop" "Desktop Entry" X-Sbox-Source)"
check_eq "... the editor the profile of its program" gedit \
  "$(key "$apps/org.example.Editor.desktop" "Desktop Entry" X-Sbox-Profile)"
check "... the user's own file untouched" cmp -s "$apps/foreign.desktop" "$SBOX_TMP/orig/foreign.user"
sd enable --profile=mpv noprof
check_eq "--profile overrides the match" mpv "$(key "$apps/noprof.desktop" "Desktop Entry" X-Sbox-Profile)"
sd disable --all
check_eq "disable --all: exit 0" 0 "$RC"
check_eq "... leaves only the user's own file" "foreign.desktop" "$(entries "$apps" | grep '\.desktop$')"

# --- symlinks -----------------------------------------------------------------------

mkdir -p "$bin"
echo "mine" >"$bin/play"
sd enable --symlinks "$bin" org.example.Editor mpv
check_eq "enable --symlinks next to a foreign file: exit 1" 1 "$RC"
check_eq "... DIR/gedit is a link to SBOX" "$SBOX" "$(readlink "$bin/gedit")"
check "... the foreign DIR/play is still a plain file" test ! -L "$bin/play"
check_eq "... with its content" "mine" "$(cat "$bin/play")"
check_match "... reported in one line" "$ERR" "^sbox-desktop: $bin/play: "
check "... and both entries are wrapped anyway" test -f "$apps/mpv.desktop" -a -f "$apps/org.example.Editor.desktop"
sd enable --symlinks "$bin" org.example.Editor
check_eq "enable --symlinks again: the existing link is fine (exit 0)" 0 "$RC"
ln -s /bin/true "$bin/other-link"
sd disable --symlinks "$bin" gedit mpv
check_eq "disable --symlinks: exit 0" 0 "$RC"
check "... DIR/gedit removed" test ! -e "$bin/gedit" -a ! -L "$bin/gedit"
check_eq "... the foreign DIR/play kept" "mine" "$(cat "$bin/play")"
check_eq "... a link to something else kept" /bin/true "$(readlink "$bin/other-link")"
check "... both wrappers gone" test ! -e "$apps/mpv.desktop" -a ! -e "$apps/org.example.Editor.desktop"

# disable without --symlinks still removes the link enable made (recorded in the copy).
sd enable --symlinks "$bin" org.example.Editor
check_eq "enable --symlinks records its link in X-Sbox-Symlink" "$bin/gedit" \
  "$(key "$apps/org.example.Editor.desktop" "Desktop Entry" X-Sbox-Symlink)"
editor_src=$(key "$apps/org.example.Editor.desktop" "Desktop Entry" X-Sbox-Source)
printf '# changed\n' >>"$editor_src"
sd refresh
check_eq "... which refresh keeps" "$bin/gedit" \
  "$(key "$apps/org.example.Editor.desktop" "Desktop Entry" X-Sbox-Symlink)"
sd disable --all
check_eq "disable --all without --symlinks: exit 0" 0 "$RC"
check "... removes DIR/gedit all the same" test ! -e "$bin/gedit" -a ! -L "$bin/gedit"
check_contains "... and says so" "$OUT" "unlinked $bin/gedit"
check_eq "... the foreign DIR/play kept" "mine" "$(cat "$bin/play")"
check_eq "... a link to something else kept" /bin/true "$(readlink "$bin/other-link")"

# --no-marker keeps the application's own name; refresh keeps that choice.
sd enable --no-marker tricky
check_eq "--no-marker: Name= as the application has it" "Tricky" "$(key "$apps/tricky.desktop" "Desktop Entry" Name)"
check_eq "... still marked as sbox's by X-Sbox-Profile" default "$(key "$apps/tricky.desktop" "Desktop Entry" X-Sbox-Profile)"
printf '# changed\n' >>"$sysapps/tricky.desktop"
sd refresh
check_contains "refresh rewrites the changed source" "$OUT" "rewrote tricky.desktop"
check_eq "... and keeps --no-marker" "Tricky" "$(key "$apps/tricky.desktop" "Desktop Entry" Name)"
sd disable tricky

# --- messages --------------------------------------------------------------------------

sd enable no-such-app-$$
check_eq "enable of an application that is not installed: exit 1" 1 "$RC"
check_match "... says 'not installed' in one line" "$ERR" "^sbox-desktop: no-such-app-$$: not installed: "
check_not_contains "... naming the directories without '//'" "$ERR" "//"
XDG_DATA_DIRS=$sys/:$sys2/ sd enable no-such-app-$$
check_not_contains "... even when XDG_DATA_DIRS ends in '/'" "$ERR" "//"
sd
check_eq "no command: exit 2" 2 "$RC"
check_eq "... one line saying so" "sbox-desktop: no command given: enable, disable, list or refresh (see sbox-desktop --help)" "$ERR"

# --- the manual page documents every option -------------------------------------

if [ -r "$man_dir/sbox-desktop.1" ]; then
  missing=
  for opt in $("$SBOX_DESKTOP" --help | grep -oE -- '--[a-z]+' | sort -u); do
    grep -qF -- "${opt//-/\\-}" "$man_dir/sbox-desktop.1" || missing="$missing $opt"
  done
  check_eq "sbox-desktop(1) documents every option of --help" "" "$missing"
else
  skip "sbox-desktop(1) documents every option of --help" "man page not found"
fi

done_testing
