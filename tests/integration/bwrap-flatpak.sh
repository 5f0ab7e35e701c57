#!/bin/bash
# bwrap-flatpak.sh — a real caller of bubblewrap's command line: Debian's
# flatpak runs an app through sbox-bwrap (FLATPAK_BWRAP), offline. The
# runtime is a handful of the host's binaries and their libraries, the app
# one shell script, both exported to a local repository and installed for
# the test's own user. Flatpak drives bwrap with --args, --seccomp,
# --ro-bind-data, --file, --perms, --lock-file, --info-fd, --ro-bind-fd,
# --unshare-pid and more; the same run under Debian's bwrap is the control.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

command -v flatpak >/dev/null 2>&1 || skip_all "flatpak is not installed"
command -v dbus-daemon >/dev/null 2>&1 || skip_all "dbus-daemon is not installed"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME=$HOME/.local/share
unset DBUS_SESSION_BUS_ADDRESS
mkdir -p "$SBOX_TMP/bin"
ln -s "$SBOX" "$SBOX_TMP/bin/sbox-bwrap"

W=$SBOX_TMP/flatpak
rt=$W/rt/usr
mkdir -p "$rt/bin" "$rt/lib/x86_64-linux-gnu" "$W/rt/files" "$W/app/files/bin" "$W/app/export"
# Each binary and the libraries ldd names for it, at the same paths under
# the runtime's /usr (flatpak links /lib, /lib64 and /bin to /usr's).
for prog in dash cat env id ls grep; do
  path=$(command -v "$prog") || continue
  cp "$path" "$rt/bin/$prog"
  for lib in $(ldd "$path" | grep -o '/[^ ]*\.so[^ ]*'); do
    dest=$rt${lib#/usr}
    mkdir -p "$(dirname "$dest")"
    [ -e "$dest" ] || cp "$lib" "$dest"
  done
done
ln -s dash "$rt/bin/sh"
[ -x /sbin/ldconfig ] && cp /sbin/ldconfig "$rt/bin/ldconfig"
cat >"$W/rt/metadata" <<'EOF'
[Runtime]
name=org.sboxtest.Platform
runtime=org.sboxtest.Platform/x86_64/1
sdk=org.sboxtest.Platform/x86_64/1
EOF
cat >"$W/app/metadata" <<'EOF'
[Application]
name=org.sboxtest.Hello
runtime=org.sboxtest.Platform/x86_64/1
sdk=org.sboxtest.Platform/x86_64/1
command=hello
EOF
cat >"$W/app/files/bin/hello" <<'EOF'
#!/bin/sh
echo "hello from $FLATPAK_ID"
id -u
grep -E '^(name|runtime)=' /.flatpak-info
ls /app/bin
test -w /usr/bin || echo runtime-read-only
grep -E '^(NoNewPrivs|Seccomp):' /proc/self/status
EOF
chmod 755 "$W/app/files/bin/hello"

quiet () { "$@" >"$W/log" 2>&1 || { diag "$*:" "$(tail -n 20 "$W/log")"; return 1; }; }
# The install asks malcontent (on the system bus) about parental controls:
# a private bus with nothing on it answers that none are set.
start_session_bus || bail_out "cannot start a bus for flatpak"
if ! quiet flatpak build-export --runtime "$W/repo" "$W/rt" 1 \
  || ! quiet flatpak build-export "$W/repo" "$W/app" 1 \
  || ! quiet flatpak --user remote-add --no-gpg-verify sboxtest "$W/repo" \
  || ! DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS quiet flatpak --user install -y --noninteractive \
    sboxtest org.sboxtest.Platform//1 org.sboxtest.Hello//1; then
  bail_out "cannot build and install the test app with flatpak"
fi

expected=$(printf '%s\n' "hello from org.sboxtest.Hello" "$MY_UID" "name=org.sboxtest.Hello" \
  "runtime=runtime/org.sboxtest.Platform/x86_64/1" hello runtime-read-only \
  "NoNewPrivs:	1" "Seccomp:	2")

run_app ()
{
  OUT=$(FLATPAK_BWRAP=$1 timeout 60 flatpak --user run org.sboxtest.Hello 2>"$W/err" </dev/null)
  RC=$?
  ERR=$(cat "$W/err")
}

if [ -x /usr/bin/bwrap ] && /usr/bin/bwrap --ro-bind / / true 2>/dev/null; then
  run_app /usr/bin/bwrap
  if [ "$RC" = 0 ] && [ "$OUT" == "$expected" ]; then
    ok "control: flatpak run through Debian's bwrap"
  else
    not_ok "control: flatpak run through Debian's bwrap" "status $RC" "stdout: $OUT" "stderr: $ERR"
  fi
else
  skip "control: flatpak run through Debian's bwrap" "bwrap cannot run here"
fi

run_app "$SBOX_TMP/bin/sbox-bwrap"
if [ "$RC" = 0 ] && [ "$OUT" == "$expected" ]; then
  ok "flatpak run through sbox-bwrap (FLATPAK_BWRAP)"
else
  not_ok "flatpak run through sbox-bwrap (FLATPAK_BWRAP)" "status $RC" "stdout: $OUT" \
    "stderr: $ERR" "expected: $expected"
fi

# The app's exit status comes back through flatpak.
printf '#!/bin/sh\nexit 3\n' >"$W/app/files/bin/hello"
if quiet flatpak build-export "$W/repo" "$W/app" 1 \
  && DBUS_SYSTEM_BUS_ADDRESS=$BUS_ADDRESS quiet flatpak --user update -y --noninteractive \
    org.sboxtest.Hello//1; then
  run_app "$SBOX_TMP/bin/sbox-bwrap"
  check_eq "the app's exit status through flatpak and sbox-bwrap" 3 "$RC"
else
  skip "the app's exit status" "cannot update the test app"
fi

done_testing
