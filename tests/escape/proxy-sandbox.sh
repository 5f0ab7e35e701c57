#!/bin/bash
# proxy-sandbox.sh — a compromised xdg-dbus-proxy: the proxy reads every
# message the app sends, so a bug in it hands the app the proxy's process.
# From there it must reach no more than the proxy needs: no TCP to the
# host's localhost, no abstract unix socket of the host, none of its
# network interfaces, no host process to signal, nothing of the host's
# files beyond its own view, and nowhere to write but the instance
# directory it listens in. A
# stand-in run as the proxy (sbox.conf's DBusProxy=), in the proxy's
# sandbox exactly as xdg-dbus-proxy is, tries each and reports; each
# attempt has its control on the host.
# shellcheck disable=SC2016 # the stand-in's text is written for its own shell
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

for tool in dbus-daemon python3; do
  command -v "$tool" >/dev/null || skip_all "$tool is needed"
done
private_session_bus

# Host peers the proxy must not reach: a TCP listener on localhost and an
# abstract unix socket, each answering "reached" to whoever connects.
abstract=sbox-proxy-test-$$
python3 -c '
import os, socket, sys, threading
tcp = socket.socket()
tcp.bind(("127.0.0.1", 0))
tcp.listen()
unix = socket.socket(socket.AF_UNIX)
unix.bind("\0" + sys.argv[1])
unix.listen()
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(tcp.getsockname()[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
def answer(s):
    while True:
        c, _ = s.accept()
        c.sendall(b"reached")
        c.close()
threading.Thread(target=answer, args=(unix,), daemon=True).start()
answer(tcp)' "$abstract" "$SBOX_TMP/port" </dev/null >/dev/null 2>&1 &
peer=$!
kill_at_exit "$peer"
# shellcheck disable=SC2317 # called through wait_for
have_port () { [ -s "$SBOX_TMP/port" ]; }
wait_for 5 have_port || bail_out "the host peers did not start"
port=$(cat "$SBOX_TMP/port")
echo "host secret" >"$SBOX_TMP/secret"

probe='
import os, signal, socket, sys
def attempt(name, action):
    try:
        action()
        print("probe:", name, "done", file=sys.stderr)
    except OSError as e:
        print("probe:", name, "refused", e.errno, file=sys.stderr)
def tcp():
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    if s.recv(16) != b"reached":
        raise OSError(0, "no answer")
def abstract():
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(2)
    s.connect("\0" + sys.argv[2])
    if s.recv(16) != b"reached":
        raise OSError(0, "no answer")
def interfaces():
    if [n for _, n in socket.if_nameindex() if n != "lo"] == []:
        raise OSError(0, "only lo")
def host_file():
    open(sys.argv[3]).read()
def signal_host():
    os.kill(int(sys.argv[4]), 0)
def write_usr():
    open("/usr/sbox-planted", "w").close()
def write_root():
    open("/sbox-planted", "w").close()
def write_socket_dir():
    p = os.path.join(os.path.dirname(sys.argv[5]), "sbox-probe")
    open(p, "w").close()
    os.unlink(p)
def flatpak_info():
    if "[Application]" not in open("/.flatpak-info").read():
        raise OSError(0, "no [Application]")
for name in ("tcp", "abstract", "interfaces", "host_file", "signal_host", "write_usr",
             "write_root", "write_socket_dir", "flatpak_info"):
    attempt(name, globals()[name])
'
# The stand-in: the socket is the second NUL-separated argument on fd 4,
# readiness a byte on fd 3; it probes first, then serves.
cat >"$SBOX_TMP/probe-proxy" <<EOF
#!/bin/sh
sock=\$(tr "\\000" "\\n" <&4 | sed -n 2p)
python3 -c '$probe' "$port" "$abstract" "$SBOX_TMP/secret" "$peer" "\$sock"
exec python3 -c "import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen()
os.write(3, b'x')
time.sleep(60)" "\$sock"
EOF
chmod 755 "$SBOX_TMP/probe-proxy"
printf '[sbox]\nDBusProxy=%s\n' "$SBOX_TMP/probe-proxy" >"$XDG_CONFIG_HOME/sbox/sbox.conf"

# The controls: each attempt works from the host.
host_probe=$(python3 -c "$probe" "$port" "$abstract" "$SBOX_TMP/secret" "$peer" "$SBOX_TMP/run/x" 2>&1)
result () { printf '%s\n' "$1" | awk -v n="$2" '$1 == "probe:" && $2 == n { print $3; exit }'; }
for name in tcp abstract interfaces host_file signal_host write_socket_dir; do
  check_eq "control: from the host, $name works" "done" "$(result "$host_probe" "$name")"
done

sbox_run --noprofile --talk-name=org.example.ProxyProbe -- sh -c 'test -S "$XDG_RUNTIME_DIR/bus" && echo bus'
check_run_ok "the stand-in serves the sandbox as its proxy (sanity)" bus
check_eq "... and its probe ran in the proxy's sandbox (sanity)" "done" "$(result "$ERR" flatpak_info)"
check_eq "... where it may write its socket's directory (sanity)" "done" "$(result "$ERR" write_socket_dir)"
check_eq "a compromised proxy cannot reach a TCP listener on the host's localhost" refused \
  "$(result "$ERR" tcp)"
check_eq "... nor an abstract unix socket of the host" refused "$(result "$ERR" abstract)"
check_eq "... nor see the host's network interfaces (only its own lo)" refused \
  "$(result "$ERR" interfaces)"
check_eq "... nor read a host file outside its view" refused "$(result "$ERR" host_file)"
check_eq "... nor signal a host process of the same user" refused "$(result "$ERR" signal_host)"
check_eq "... nor write into /usr" refused "$(result "$ERR" write_usr)"
check_eq "... nor into its root" refused "$(result "$ERR" write_root)"
check "... and nothing was planted in the host's /usr" test ! -e /usr/sbox-planted
rm -f "$XDG_CONFIG_HOME/sbox/sbox.conf"

done_testing
