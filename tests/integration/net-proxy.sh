#!/bin/bash
# net-proxy.sh — the filtered network's proxy (`sbox --net-proxy`) on its
# own, before a sandbox uses it: a local HTTP server on the loopback stands
# in for "the internet". The loopback is forbidden by design, so the proxy
# under test is started with --test-allow-loopback-port for that server's
# port and --test-resolve for the names the test owns; a second proxy
# without the option is the control that refuses the same requests. Over
# SOCKS5 on the unix socket and HTTP (CONNECT and plain forwarding) through
# the in-sandbox forwarder: an allowed host works (curl, git clone, pip
# download, npm install); another host, a name resolving to the loopback,
# the metadata address (by name and as a literal) are refused and logged;
# the proxy is confined and exits when its lifeline closes. Then the same
# through the forwarder inside a real sandbox.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$_here/libtest.sh"
# shellcheck source-path=SCRIPTDIR source=net-lib.sh
. "$_here/net-lib.sh"

have () { command -v "$1" >/dev/null 2>&1; }
have curl || skip_all "curl is needed"
[ -x /usr/bin/python3 ] || skip_all "python3 is needed for the local HTTP server"

WWW=$SBOX_TMP/www
mkdir -p "$WWW" || bail_out "cannot create $WWW"
echo "hello from the test server" >"$WWW/hello.txt"

/usr/bin/python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$WWW" \
  >"$SBOX_TMP/www.log" 2>&1 </dev/null &
kill_at_exit $!
wait_for 10 grep -q 'port [0-9]' "$SBOX_TMP/www.log" || bail_out "the test HTTP server did not start"
PORT=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$SBOX_TMP/www.log" | head -n1)
diag "test server at 127.0.0.1:$PORT"

# A lifeline: the proxy reads fd 7; killing sleep (the only writer) closes it.
exec 7< <(exec sleep 1000)
LIFE_PID=$!
kill_at_exit "$LIFE_PID"

SOCK=$SBOX_TMP/proxy.sock
ALLOW="localhost:$PORT;site.test:$PORT;*.wild.test:$PORT;meta.test:80;169.254.169.254:80"
ALLOW="$ALLOW;[::ffff:169.254.169.254]:80;[::1]:$PORT"
RESOLVE=(--test-resolve=site.test=127.0.0.1 --test-resolve=a.wild.test=127.0.0.1
  --test-resolve=meta.test=169.254.169.254 --test-resolve=other.test=127.0.0.1)
"$SBOX" --net-proxy --socket="$SOCK" --allow-hosts="$ALLOW" --lifeline-fd=7 --log-fd=8 \
  --test-allow-loopback-port="$PORT" "${RESOLVE[@]}" \
  8>"$SBOX_TMP/refusals.json" 2>"$SBOX_TMP/proxy.err" </dev/null &
PROXY_PID=$!
kill_at_exit "$PROXY_PID"
wait_for 10 test -S "$SOCK" || bail_out "the proxy did not listen at $SOCK"

# The control: the same policy without the test-only loopback port.
CSOCK=$SBOX_TMP/control.sock
"$SBOX" --net-proxy --socket="$CSOCK" --allow-hosts="$ALLOW" --lifeline-fd=7 "${RESOLVE[@]}" \
  2>"$SBOX_TMP/control.err" </dev/null &
kill_at_exit $!
wait_for 10 test -S "$CSOCK" || bail_out "the control proxy did not listen at $CSOCK"

# The forwarder, as a sandbox runs it, here on the host's loopback.
"$SBOX" --net-proxy --forward=0 --socket="$SOCK" --ready-fd=9 9>"$SBOX_TMP/fwd.port" \
  2>"$SBOX_TMP/fwd.err" </dev/null &
FWD_PID=$!
kill_at_exit "$FWD_PID"
wait_for 10 test -s "$SBOX_TMP/fwd.port" || bail_out "the forwarder did not start"
FPORT=$(cat "$SBOX_TMP/fwd.port")
HP=http://127.0.0.1:$FPORT

fetch () # fetch CURL-ARGS... : stdout, the status in CODE (the proxy's, for a CONNECT it refused)
{
  OUT=$(curl -sS --max-time 10 -o - -w '\n%{http_code} %{http_connect}' "$@" 2>"$SBOX_TMP/curl.err")
  CODE=$(tail -n1 <<<"$OUT")
  [ "${CODE% *}" = 000 ] && CODE=${CODE#* } || CODE=${CODE% *}
  OUT=$(sed '$d' <<<"$OUT")
}

hello="hello from the test server"

# ---- allowed ----
fetch --proxy "socks5h://localhost$SOCK" "http://site.test:$PORT/hello.txt"
check_eq "SOCKS5 over the unix socket reaches an allowed host" "$hello" "$OUT"
fetch --proxy "socks5h://localhost$SOCK" "http://localhost:$PORT/hello.txt"
check_eq "SOCKS5: a name the system resolver resolves (localhost) is reached" "$hello" "$OUT"
fetch --proxy "$HP" "http://site.test:$PORT/hello.txt"
check_eq "plain HTTP forwarding through the TCP forwarder reaches an allowed host" "$hello" "$OUT"
fetch --proxytunnel --proxy "$HP" "http://site.test:$PORT/hello.txt"
check_eq "HTTP CONNECT through the forwarder reaches an allowed host" "$hello" "$OUT"
fetch --proxy "$HP" "http://a.wild.test:$PORT/hello.txt"
check_eq "*.wild.test allows a.wild.test" "$hello" "$OUT"
fetch --proxytunnel --proxy "$HP" "http://[::1]:$PORT/hello.txt"
check_ne "an allowed IPv6 literal is not refused by policy" "403" "$CODE"

# ---- refused, each logged ----
fetch --proxy "$HP" "http://other.test:$PORT/hello.txt"
check_eq "a host not in AllowHosts is refused (403)" "403" "$CODE"
check_contains "its refusal is logged on stderr" "$(cat "$SBOX_TMP/proxy.err")" \
  "refused other.test:$PORT: not in AllowHosts"
check_contains "its refusal is logged as JSON" "$(cat "$SBOX_TMP/refusals.json")" \
  "{\"refused\":\"other.test:$PORT\",\"why\":\"not in AllowHosts\"}"
fetch --proxy "socks5h://localhost$SOCK" "http://other.test:$PORT/hello.txt"
check_ne "SOCKS5 refuses a host not in AllowHosts" "$hello" "$OUT"
fetch --proxy "$HP" "http://wild.test:$PORT/hello.txt"
check_eq "*.wild.test does not allow wild.test itself" "403" "$CODE"
fetch --proxy "$HP" "http://site.test:$((PORT == 65535 ? 1 : PORT + 1))/hello.txt"
check_eq "an allowed host at another port is refused" "403" "$CODE"
fetch --proxy "socks5://localhost$SOCK" "http://localhost:$PORT/hello.txt"
check_ne "SOCKS5 with an IPv4 address no pattern names is refused" "$hello" "$OUT"

fetch --proxy "$HP" "http://meta.test/latest/meta-data/"
check_eq "an allowed name resolving to the metadata address is refused" "403" "$CODE"
check_contains "the refusal says why" "$(cat "$SBOX_TMP/refusals.json")" \
  '"why":"resolves to 169.254.169.254 is a cloud metadata address"'
fetch --proxy "$HP" "http://169.254.169.254/latest/meta-data/"
check_eq "the metadata address as an allowed literal is refused" "403" "$CODE"
fetch --proxytunnel --proxy "$HP" "http://[::ffff:169.254.169.254]/latest/meta-data/"
check_eq "the metadata address IPv4-mapped is refused" "403" "$CODE"

# The host's own address (public or not) reaches its services as the
# loopback does. Control: another public address is not refused by policy
# (the connection is tried, and fails or not: not a 403).
OWN=$(ip -4 -o addr show scope global 2>/dev/null | awk '{ sub("/.*", "", $4); print $4; exit }')
if [ -n "$OWN" ]; then
  OSOCK=$SBOX_TMP/own.sock
  "$SBOX" --net-proxy --socket="$OSOCK" --allow-private --lifeline-fd=7 \
    --allow-hosts="$OWN:$PORT;192.0.2.123:$PORT;198.51.100.7:$PORT" 2>"$SBOX_TMP/own.err" </dev/null &
  kill_at_exit $!
  wait_for 10 test -S "$OSOCK" || bail_out "the third proxy did not listen at $OSOCK"
  fetch --max-time 5 --proxy "socks5h://localhost$OSOCK" "http://$OWN:$PORT/hello.txt"
  check_contains "an address of the host's own interfaces ($OWN) is refused" \
    "$(cat "$SBOX_TMP/own.err")" "refused $OWN:$PORT: $OWN is an address of this host"
  other=192.0.2.123
  [ "$OWN" = "$other" ] && other=198.51.100.7
  fetch --max-time 3 --proxy "socks5h://localhost$OSOCK" "http://$other:$PORT/hello.txt"
  check_not_contains "control: another address ($other) is not refused by policy" \
    "$(cat "$SBOX_TMP/own.err")" "refused $other"
else
  skip "the host's own address is refused" "no global IPv4 address here"
fi

# Control: the same requests for the loopback server through the proxy
# without --test-allow-loopback-port.
fetch --proxy "socks5h://localhost$CSOCK" "http://site.test:$PORT/hello.txt"
check_ne "control: without the test option, a name resolving to 127.0.0.1 is refused" \
  "$hello" "$OUT"
check_contains "control: the loopback refusal is logged" "$(cat "$SBOX_TMP/control.err")" \
  "refused site.test:$PORT: resolves to 127.0.0.1 is a loopback address"
fetch --proxy "socks5h://localhost$CSOCK" "http://localhost:$PORT/hello.txt"
check_ne "control: localhost (from /etc/hosts) is refused" "$hello" "$OUT"
check_match "control: localhost's refusal names the loopback" "$(cat "$SBOX_TMP/control.err")" \
  "refused localhost:$PORT: resolves to (127\\.0\\.0\\.1|::1) is a loopback address"

# ---- bad requests ----
OUT=$(printf 'GET /hello.txt HTTP/1.1\r\nHost: site.test\r\n\r\n' \
  | curl -sS --max-time 5 telnet://127.0.0.1:"$FPORT" 2>/dev/null | head -n1)
check_contains "an origin-form request is answered 400" "$OUT" "400"

# A SOCKS5 name with a line break and a terminal escape: refused (code 2),
# and logged with neither.
OUT=$(/usr/bin/python3 - "$SOCK" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"\x05\x01\x00")
s.recv(2)
name = b"evil\n\x1b[31m.test"
s.sendall(b"\x05\x01\x00\x03" + bytes([len(name)]) + name + b"\x00\x50")
print(s.recv(10)[1])
EOF
)
check_eq "SOCKS5: a name with control characters is refused as not allowed" "2" "$OUT"
check_contains "its log line shows them as '?'" "$(cat "$SBOX_TMP/proxy.err")" \
  "refused evil??[31m.test:80"
check_fails "no escape character reaches the log" grep -q $'\x1b' "$SBOX_TMP/proxy.err"

# ---- real clients ----
if have git; then
  standin_git "$WWW" "$SBOX_TMP"
  if GIT_TERMINAL_PROMPT=0 git -c http.proxy="$HP" clone -q "http://site.test:$PORT/repo.git" \
    "$SBOX_TMP/clone" 2>"$SBOX_TMP/git.err"; then
    ok "git clone over HTTP through the proxy works for an allowed host"
  else
    not_ok "git clone over HTTP through the proxy works for an allowed host"
    diag "$(cat "$SBOX_TMP/git.err")"
  fi
  check_fails "git clone from a host not in AllowHosts fails" env GIT_TERMINAL_PROMPT=0 \
    git -c http.proxy="$HP" clone -q "http://other.test:$PORT/repo.git" "$SBOX_TMP/clone2"
else
  skip "git clone through the proxy" "git is not installed"
fi

if /usr/bin/python3 -m pip --version >/dev/null 2>&1; then
  mkdir -p "$SBOX_TMP/pip" && standin_pip "$WWW"
  pip_download () # pip_download HOST
  {
    PIP_CONFIG_FILE=/dev/null /usr/bin/python3 -m pip download -q --no-cache-dir --no-deps \
      --disable-pip-version-check --retries 0 --timeout 5 --proxy "$HP" \
      --index-url "http://$1:$PORT/simple/" --trusted-host "$1" -d "$SBOX_TMP/pip" sboxdemo
  }
  if pip_download site.test >"$SBOX_TMP/pip.log" 2>&1 \
    && [ -f "$SBOX_TMP/pip/sboxdemo-1.0-py3-none-any.whl" ]; then
    ok "pip download from a local index through the proxy works for an allowed host"
  else
    not_ok "pip download from a local index through the proxy works for an allowed host"
    diag "$(cat "$SBOX_TMP/pip.log")"
  fi
  check_fails "pip download from a host not in AllowHosts fails" pip_download other.test
else
  skip "pip download through the proxy" "pip is not installed"
fi

if have npm; then
  mkdir -p "$SBOX_TMP/npm" && standin_npm "$WWW" "$SBOX_TMP" npm "http://site.test:$PORT"
  npm_install () # npm_install HOST
  {
    (cd "$SBOX_TMP/npm" && npm_config_cache="$SBOX_TMP/npm-cache" npm install --no-audit \
      --no-fund --no-save --fetch-retries=0 --fetch-timeout=5000 --proxy="$HP" \
      --registry="http://$1:$PORT/npm/" sboxdemo)
  }
  if npm_install site.test >"$SBOX_TMP/npm.log" 2>&1 \
    && [ -f "$SBOX_TMP/npm/node_modules/sboxdemo/package.json" ]; then
    ok "npm install from a local registry through the proxy works for an allowed host"
  else
    not_ok "npm install from a local registry through the proxy works for an allowed host"
    diag "$(cat "$SBOX_TMP/npm.log")"
  fi
  rm -rf "$SBOX_TMP/npm/node_modules" "$SBOX_TMP/npm-cache"
  check_fails "npm install from a host not in AllowHosts fails" npm_install other.test
else
  skip "npm install through the proxy" "npm is not installed"
fi

# ---- inside a sandbox ----
# sbox's own network namespace has only lo: the forwarder runs there, as the
# launcher will run it, and hands each client to the proxy outside.
# Control: the same URL fetched directly from inside fails (the host's
# loopback server is not in the sandbox's namespace).
INNER="$SBOX --net-proxy --forward=3128 --socket=$SOCK & sleep 0.5
curl -sS --max-time 5 -x http://127.0.0.1:3128 http://site.test:$PORT/hello.txt
curl -sS --max-time 3 http://127.0.0.1:$PORT/hello.txt >/dev/null 2>&1 && echo DIRECT-REACHED
true"
sbox_run --noprofile --ro-bind "$SBOX" "$SBOX" --bind "$SOCK" "$SOCK" -- /bin/sh -c "$INNER"
check_eq "in a sandbox, the forwarder reaches an allowed host through the proxy" "$hello" \
  "$(grep -v DIRECT-REACHED <<<"$OUT")"
check_not_contains "control: in the sandbox the host's loopback server is not reached directly" \
  "$OUT" DIRECT-REACHED

# ---- many at once ----
for i in $(seq 1 40); do
  curl -sS --max-time 20 --proxy "socks5h://localhost$SOCK" \
    "http://site.test:$PORT/hello.txt" >"$SBOX_TMP/many.$i" 2>&1 &
done
wait_for 25 bash -c "[ \$(cat '$SBOX_TMP'/many.* | grep -c '$hello') -eq 40 ]"
check_eq "40 concurrent connections are all served" "40" \
  "$(cat "$SBOX_TMP"/many.* | grep -c "$hello")"

# ---- the proxy's own confinement ----
check_match "the proxy runs under no_new_privs" "$(cat "/proc/$PROXY_PID/status")" \
  '^NoNewPrivs:[[:space:]]+1'
check_match "the proxy runs under a seccomp filter" "$(cat "/proc/$PROXY_PID/status")" \
  '^Seccomp:[[:space:]]+2'

# ---- bad input ----
sbox_run --net-proxy --socket="$SBOX_TMP/bad.sock" --allow-hosts='ok.test;bad..test'
check_rc "an unparsable host pattern exits 125" 125
check_contains "and names the pattern" "$ERR" '"bad..test"'
sbox_run --net-proxy --socket="$SBOX_TMP/bad.sock" --allow-hosts='ok.test:70000'
check_rc "a port out of range exits 125" 125

# ---- out of descriptors: the proxy waits, it does not spin ----
# (idle clients hold their slots; the proxy, under nofile=24, runs out of
# descriptors with some still waiting in the listener's queue)
if command -v prlimit >/dev/null; then
  LSOCK=$SBOX_TMP/limited.sock
  prlimit --nofile=24:24 "$SBOX" --net-proxy --socket="$LSOCK" --allow-hosts="site.test:$PORT" \
    --lifeline-fd=7 2>/dev/null </dev/null &
  LIMITED=$!
  kill_at_exit "$LIMITED"
  wait_for 10 test -S "$LSOCK" || bail_out "the limited proxy did not listen"
  /usr/bin/python3 -c '
import socket, sys, time
held = []
for _ in range(40):
    s = socket.socket(socket.AF_UNIX)
    s.connect(sys.argv[1])
    held.append(s)
time.sleep(8)' "$LSOCK" &
  HOLDER=$!
  kill_at_exit "$HOLDER"
  sleep 2
  ticks () { awk '{ print $14 + $15 }' "/proc/$LIMITED/stat"; }
  before=$(ticks)
  sleep 3
  used=$(( $(ticks) - before ))
  check_le "out of descriptors, the proxy uses under 10% of a CPU (ticks in 3 s: $used)" 30 "$used"
  kill "$HOLDER" "$LIMITED" 2>/dev/null
else
  skip "the proxy out of descriptors" "no prlimit"
fi

# ---- the lifeline ----
check "the proxy is running before its lifeline closes" test -e "/proc/$PROXY_PID"
kill "$LIFE_PID"
exec 7<&-
if wait_gone 5 "$PROXY_PID"; then
  ok "the proxy exits when its lifeline closes"
else
  not_ok "the proxy exits when its lifeline closes"
fi

done_testing
