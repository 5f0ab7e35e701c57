#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it
# root-net-live.sh — Network=isolated and Network=filtered, live: the
# internet works and the host does not; through filtered, only the hosts
# AllowHosts= names, with curl, git, pip and npm. Runs as root only to
# build the stage: a network namespace with a veth pair standing in for
# the internet (198.51.100.1, TEST-NET-2, routed from the host), a resolver
# of the test's own on the host's loopback, and, in a private mount
# namespace, a /dev/net/tun the user may open as Debian's udev makes it
# (mode 0666) and a resolv.conf naming that resolver. sbox itself runs as
# the unprivileged test user.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"
# shellcheck source-path=SCRIPTDIR source=net-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/net-lib.sh"

# contains DESCRIPTION NEEDLE HAYSTACK (and lacks): the needle first, as read.
contains () { check_contains "$1" "$3" "$2"; }
lacks () { check_not_contains "$1" "$3" "$2"; }

[ "$(id -u)" = 0 ] || skip_all "needs root"
id -u sbox-test >/dev/null 2>&1 || skip_all "no sbox-test user"
command -v pasta >/dev/null || skip_all "pasta is not installed (Debian package passt)"
for tool in ip curl python3 unshare setpriv; do
  command -v "$tool" >/dev/null || skip_all "no $tool"
done

chmod 755 "$SBOX_TMP"
user_home=$SBOX_TMP/user
mkdir -p "$user_home"
chown sbox-test: "$user_home"
mknod -m 666 "$SBOX_TMP/tun" c 10 200 || skip_all "cannot make a tun node under $SBOX_TMP"
printf 'nameserver 127.0.0.153\nsearch corp.sbox.test\n' >"$SBOX_TMP/resolv.conf"
chmod 644 "$SBOX_TMP/resolv.conf"

# ---- the stage ----
ns=sbox-inet-$$
host_if=sbxh$$
ns_if=sbxn$$
# shellcheck disable=SC2317 # called from the exit trap
cleanup_stage ()
{
  ip netns del "$ns" 2>/dev/null
  ip link del "$host_if" 2>/dev/null
  ip route del local 203.0.113.77/32 dev lo 2>/dev/null
}
trap 'rc=$?; cleanup_stage; (exit $rc); _tap_exit' EXIT
ip netns add "$ns" || skip_all "cannot make a network namespace"
ip link add "$host_if" type veth peer name "$ns_if" || skip_all "cannot make a veth pair"
ip link set "$ns_if" netns "$ns"
ip addr add 198.18.0.254/32 peer 198.51.100.1/32 dev "$host_if"
ip link set "$host_if" up
ip -n "$ns" link set lo up
ip -n "$ns" addr add 198.51.100.1/32 peer 198.18.0.254/32 dev "$ns_if"
ip -n "$ns" link set "$ns_if" up
ip -n "$ns" route add default via 198.18.0.254

mkdir -p "$SBOX_TMP/www"
echo internet-page >"$SBOX_TMP/www/index.html"
ip netns exec "$ns" python3 -m http.server --bind 198.51.100.1 --directory "$SBOX_TMP/www" 80 \
  >"$SBOX_TMP/www.log" 2>&1 &
kill_at_exit $!
if ! wait_for 20 curl -sf -o /dev/null http://198.51.100.1/; then
  diag "the web server's log:" "$(cat "$SBOX_TMP/www.log")"
  bail_out "the stand-in internet does not answer"
fi

cat >"$SBOX_TMP/dns.py" <<'PY'
import socket, struct, sys
# Answers A queries for the names given as NAME=ADDRESS; NXDOMAIN otherwise.
names = dict(a.split("=") for a in sys.argv[1:])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.153", 53))
while True:
    q, peer = s.recvfrom(512)
    i, labels = 12, []
    while i < len(q) and q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode(errors="replace"))
        i += 1 + q[i]
    qtype = struct.unpack(">H", q[i + 1:i + 3])[0] if i + 3 <= len(q) else 0
    ip = names.get(".".join(labels).lower())
    hit = ip is not None
    answer = b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 4) + socket.inet_aton(ip) if hit and qtype == 1 else b""
    flags = 0x8180 | (0 if hit else 3)
    s.sendto(q[:2] + struct.pack(">HHHHH", flags, 1, 1 if answer else 0, 0, 0) + q[12:i + 5] + answer, peer)
PY
python3 "$SBOX_TMP/dns.py" inet.sbox.test=198.51.100.1 other.sbox.test=198.51.100.1 \
  lo.sbox.test=127.0.0.1 meta.sbox.test=169.254.169.254 \
  leak.sbox.test.corp.sbox.test=198.51.100.1 &
kill_at_exit $!

# Host services: on the host's loopback and on its own address.
cat >"$SBOX_TMP/serve.py" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 0))
s.listen(8)
open(sys.argv[2], "w").write(str(s.getsockname()[1]))
while True:
    c, _ = s.accept()
    c.sendall(b"host-service\n")
    c.close()
PY
host_addr=$(ip -4 -o addr show scope global | awk -v skip="$host_if" '$2 != skip { sub("/.*", "", $4); print $4; exit }')
[ -n "$host_addr" ] || skip_all "the host has no global IPv4 address"
python3 "$SBOX_TMP/serve.py" 127.0.0.1 "$SBOX_TMP/port-lo" &
kill_at_exit $!
python3 "$SBOX_TMP/serve.py" "$host_addr" "$SBOX_TMP/port-addr" &
kill_at_exit $!
python3 "$SBOX_TMP/serve.py" 198.18.0.254 "$SBOX_TMP/port-veth" &
kill_at_exit $!
# An address on no interface that is the host's all the same: a local
# route (as AnyIP setups make), served on 0.0.0.0.
ip route add local 203.0.113.77/32 dev lo || bail_out "cannot add a local route"
python3 "$SBOX_TMP/serve.py" 0.0.0.0 "$SBOX_TMP/port-any" &
kill_at_exit $!
for port_file in port-lo port-addr port-veth port-any; do
  wait_for 5 test -s "$SBOX_TMP/$port_file" || bail_out "the host services did not start"
done
port_lo=$(cat "$SBOX_TMP/port-lo")
port_addr=$(cat "$SBOX_TMP/port-addr")
port_veth=$(cat "$SBOX_TMP/port-veth")
port_any=$(cat "$SBOX_TMP/port-any")

# as_user ARGS...: sbox ARGS as the test user, in the stage's mount namespace.
# shellcheck disable=SC2317 # called through run_user's bash -c
as_user ()
{
  unshare -m --propagation private sh -c '
    mount --bind "$1" /dev/net/tun && mount --bind "$2" /etc/resolv.conf || exit 99
    home=$3
    shift 3
    exec setpriv --reuid=sbox-test --regid=sbox-test --init-groups env -i PATH=/usr/bin:/bin \
      HOME="$home" "$@"' sh "$SBOX_TMP/tun" "$SBOX_TMP/resolv.conf" "$user_home" "$SBOX" "$@"
}
# bg_user ARGS...: as_user in the background, BG its pid (unshare, which
# execs through to sbox itself); CALLER_ENV adds NAME=VALUE words to the
# environment sbox is started with.
bg_user ()
{
  unshare -m --propagation private sh -c '
    mount --bind "$1" /dev/net/tun && mount --bind "$2" /etc/resolv.conf || exit 99
    home=$3
    shift 3
    # shellcheck disable=SC2086 # CALLER_ENV: words NAME=VALUE
    exec setpriv --reuid=sbox-test --regid=sbox-test --init-groups env -i PATH=/usr/bin:/bin \
      HOME="$home" ${CALLER_ENV:-} "$@"' sh "$SBOX_TMP/tun" "$SBOX_TMP/resolv.conf" "$user_home" "$SBOX" "$@" \
    >/dev/null 2>&1 </dev/null &
  BG=$!
  kill_at_exit "$BG"
}
# run_user ARGS...: as_user with a timeout, OUT, ERR and RC set.
run_user ()
{
  timeout -k 5 "$SBOX_TIMEOUT" bash -c "$(declare -f as_user); $(declare -p SBOX SBOX_TMP user_home); as_user \"\$@\"" \
    sh "$@" >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# connect.py HOST PORT: the first line a TCP server sends, or the errno name
# (and "slow" when the refusal took a second or more).
cat >"$SBOX_TMP/connect.py" <<'PY'
import errno, socket, sys, time
host, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
s.settimeout(3)
start = time.monotonic()
try:
    s.connect((host, port))
    s.settimeout(1)
    try:
        print(s.recv(64).decode().strip() or "connected")
    except socket.timeout:
        print("connected")
except socket.timeout:
    print("timeout")
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno) + (" slow" if time.monotonic() - start >= 1 else ""))
PY
chmod 644 "$SBOX_TMP/connect.py" "$SBOX_TMP/dns.py" "$SBOX_TMP/serve.py"
probe=(python3 "$SBOX_TMP/connect.py")
iso=(--quiet --noprofile --network=isolated --filesystem="$SBOX_TMP:ro")
host=(--quiet --noprofile --network=host --filesystem="$SBOX_TMP:ro")

# ---- the internet works ----
run_user "${iso[@]}" -- curl -sS -m 5 http://198.51.100.1/
check_eq "isolated: curl fetches from the (stand-in) internet" "internet-page" "$OUT"
[ "$RC" = 0 ] || diag "stderr: $ERR"

# ---- the host does not ----
run_user "${iso[@]}" -- "${probe[@]}" 127.0.0.1 "$port_lo"
check_eq "isolated: the host's 127.0.0.1 service is unreachable (the sandbox's lo is its own)" \
  "ECONNREFUSED" "$OUT"
run_user "${host[@]}" -- "${probe[@]}" 127.0.0.1 "$port_lo"
check_eq "control: with Network=host the host's 127.0.0.1 service answers" "host-service" "$OUT"

# pasta gives the sandbox the address of the host's outbound interface:
# there it reaches itself. The host's other addresses (here the stage's
# veth end) are refused by a rule each.
run_user "${iso[@]}" -- "${probe[@]}" "$host_addr" "$port_addr"
check_eq "isolated: the host's outbound address $host_addr leads to the sandbox itself" \
  "ECONNREFUSED" "$OUT"
run_user "${host[@]}" -- "${probe[@]}" "$host_addr" "$port_addr"
check_eq "control: with Network=host the service on $host_addr answers" "host-service" "$OUT"
run_user "${iso[@]}" -- "${probe[@]}" 198.18.0.254 "$port_veth"
check_eq "isolated: a service on another host address (198.18.0.254) is refused" "EACCES" "$OUT"
run_user "${host[@]}" -- "${probe[@]}" 198.18.0.254 "$port_veth"
check_eq "control: with Network=host it answers" "host-service" "$OUT"

for target in 169.254.169.254 10.1.2.3 172.16.5.5 192.168.1.1 100.64.0.1 fd00:ec2::254; do
  run_user "${iso[@]}" -- "${probe[@]}" "$target" 80
  check_eq "isolated: $target is refused at once (prohibit rule: EACCES)" "EACCES" "$OUT"
done
# Control: the refusal is the rules' doing: the same probe connects to an
# address outside the ranges, and the rules are there to see inside.
run_user "${iso[@]}" -- "${probe[@]}" 198.51.100.1 80
check_eq "control: the same probe connects to an address outside the ranges" "connected" "$OUT"
run_user "${iso[@]}" -- ip rule
contains "control: the refusals are routing rules of type prohibit" \
  "to 169.254.0.0/16 lookup main prohibit" "$OUT"
contains "control: each host address has its rule" "to 198.18.0.254 lookup main prohibit" "$OUT"
run_user "${iso[@]}" -- ip rule del prio 200
check_ne "the sandbox cannot remove the rules (no CAP_NET_ADMIN)" 0 "$RC"

# ---- DNS through pasta ----
run_user "${iso[@]}" -- getent hosts inet.sbox.test
check_match "isolated: a name resolves through pasta's relay (host resolver on 127.0.0.153)" \
  "$OUT" "^198\.51\.100\.1 +inet\.sbox\.test"
run_user "${iso[@]}" -- curl -sS -m 5 http://inet.sbox.test/
check_eq "isolated: curl fetches by name" "internet-page" "$OUT"
run_user "${iso[@]}" -- cat /etc/resolv.conf
contains "control: the sandbox's resolv.conf names the relay, not the host's loopback" \
  "nameserver 169.254.1.53" "$OUT"
lacks "control: ...not the host's 127.0.0.153" "127.0.0.153" "$OUT"

# ---- --publish ----
pub_port=$((20000 + $$ % 20000))
bg_user "${iso[@]}" --publish="$pub_port:8000" -- python3 -m http.server --bind 0.0.0.0 \
  --directory "$SBOX_TMP/www" 8000
served=$BG
if wait_for 10 curl -sf -o /dev/null "http://127.0.0.1:$pub_port/"; then
  check_eq "--publish forwards a host port into the sandbox's server" "internet-page" \
    "$(curl -sS -m 5 "http://127.0.0.1:$pub_port/")"
else
  not_ok "--publish forwards a host port into the sandbox's server"
fi
kill "$served" 2>/dev/null
wait "$served" 2>/dev/null
bg_user "${iso[@]}" -- python3 -m http.server --bind 0.0.0.0 --directory "$SBOX_TMP/www" 8000
unpublished=$BG
sleep 1.5
check_fails "control: without --publish no host port leads in" \
  curl -sf -m 3 -o /dev/null "http://127.0.0.1:$pub_port/"
kill "$unpublished" 2>/dev/null
wait "$unpublished" 2>/dev/null

# ---- pasta lives exactly as long as the sandbox ----
pasta_pids () { pgrep -u sbox-test '^(pasta|passt)' | tr '\n' ' '; }
before=$(pasta_pids)
[ -z "$before" ] || diag "pasta already running as sbox-test: $before"
# The caller's variables stay with the caller: pasta would act on some.
CALLER_ENV="LD_PRELOAD=/nonexistent/preload.so GCONV_PATH=/nonexistent HOSTILE_MARKER=1" \
  bg_user "${iso[@]}" -- sleep 60
launcher=$BG
for _ in $(seq 100); do
  [ "$(pasta_pids)" != "$before" ] && break
  sleep 0.1
done
running=$(pasta_pids)
check_ne "control: pasta runs while the sandbox does" "$before" "$running"
check_match "control: sbox itself was started with the caller's variables" \
  "$(tr '\0' '\n' <"/proc/$launcher/environ" 2>/dev/null)" '^HOSTILE_MARKER=1$'
new_pasta=
for pid in $running; do
  case " $before " in *" $pid "*) ;; *) new_pasta=$pid ;; esac
done
pasta_env=$(tr '\0' '\n' <"/proc/$new_pasta/environ" 2>/dev/null) || pasta_env=unreadable
check_no_match "pasta gets none of the caller's variables (LD_PRELOAD, GCONV_PATH, ...)" \
  "$pasta_env" '^(LD_PRELOAD|GCONV_PATH|HOSTILE_MARKER|unreadable$)'
kill -KILL "$launcher"
wait "$launcher" 2>/dev/null
# shellcheck disable=SC2086 # a list of pids
if wait_gone 5 $running; then
  ok "pasta is gone once sbox is killed with SIGKILL"
else
  not_ok "pasta is gone once sbox is killed with SIGKILL"
fi
run_user "${iso[@]}" -- true
check_eq "pasta is gone after a sandbox ends normally" "$before" "$(pasta_pids)"

# ---- Network=filtered: only the hosts AllowHosts= names ----
# The stand-in internet's files for real clients: a Git repository served
# over dumb HTTP, a PEP 503 index with one wheel, an npm registry document
# with its tarball.
www=$SBOX_TMP/www
if ! { standin_git "$www" "$SBOX_TMP" && standin_pip "$www" \
  && standin_npm "$www" "$SBOX_TMP" npm-inet http://inet.sbox.test \
  && standin_npm "$www" "$SBOX_TMP" npm-other http://other.sbox.test; }; then
  bail_out "cannot make the stand-in internet's files"
fi
chmod -R a+rX "$www"

filt=(--noprofile --network=filtered --allow-host=inet.sbox.test --filesystem="$SBOX_TMP:ro")
run_user "${filt[@]}" -- curl -sS -m 5 http://inet.sbox.test/
check_eq "filtered: curl reaches an allowed host through the proxy" "internet-page" "$OUT"
[ "$RC" = 0 ] || diag "stderr: $ERR"
run_user "${filt[@]}" -- curl -sS -m 5 -o /dev/null -w '%{http_code}' http://other.sbox.test/
check_eq "filtered: a host AllowHosts= does not name is refused (403)" "403" "$OUT"
contains "filtered: the refusal is one line on stderr" \
  "sbox: network proxy refused other.sbox.test:80: not in AllowHosts" "$ERR"
run_user "${filt[@]}" --allow-host=other.sbox.test -- curl -sS -m 5 http://other.sbox.test/
check_eq "control: once named, that host is reached" "internet-page" "$OUT"
as_user "${filt[@]}" --json-status-fd=3 -- curl -sS -m 5 http://other.sbox.test/ \
  3>"$SBOX_TMP/status.json" >/dev/null 2>&1 </dev/null
contains "filtered: --json-status-fd carries the refusal" \
  '{"refused":"other.sbox.test:80","why":"not in AllowHosts"}' "$(cat "$SBOX_TMP/status.json")"

# Allowed names and addresses that lead back to the host or its cloud.
run_user "${filt[@]}" --allow-host="lo.sbox.test:$port_lo" -- \
  curl -sS -m 5 -p -o /dev/null -w '%{http_connect}' "http://lo.sbox.test:$port_lo/"
check_eq "filtered: an allowed name resolving to 127.0.0.1 is refused" "403" "$OUT"
contains "...because it resolves to the loopback" "resolves to 127.0.0.1 is a loopback address" "$ERR"
run_user "${filt[@]}" --allow-host=meta.sbox.test -- \
  curl -sS -m 5 -o /dev/null -w '%{http_code}' http://meta.sbox.test/latest/meta-data/
check_eq "filtered: an allowed name resolving to the metadata address is refused" "403" "$OUT"
# (no_proxy names 127.0.0.1: curl is told to use the proxy all the same)
run_user "${filt[@]}" --allow-host="127.0.0.1:$port_lo" -- \
  curl -sS -m 5 -p --noproxy '' -o /dev/null -w '%{http_connect}' "http://127.0.0.1:$port_lo/"
check_eq "filtered: the host's loopback service, even when named, is refused" "403" "$OUT"
run_user "${filt[@]}" --allow-host="198.18.0.254:$port_veth" -- \
  curl -sS -m 5 -p -o /dev/null -w '%{http_connect}' "http://198.18.0.254:$port_veth/"
check_eq "filtered: a service on the host's own address is refused" "403" "$OUT"
contains "...and says so" "sbox: network proxy refused 198.18.0.254:$port_veth: 198.18.0.254 is a" "$ERR"
run_user "${host[@]}" -- "${probe[@]}" 198.18.0.254 "$port_veth"
check_eq "control: with Network=host that service answers" "host-service" "$OUT"

run_user "${filt[@]}" --allow-host="203.0.113.77:$port_any" -- \
  curl -sS -m 5 -p -o /dev/null -w '%{http_connect}' "http://203.0.113.77:$port_any/"
check_eq "filtered: an address a local route gives the host is refused" "403" "$OUT"
contains "...as leading back to this host" "it leads back to this host" "$ERR"
run_user "${host[@]}" -- "${probe[@]}" 203.0.113.77 "$port_any"
check_eq "control: with Network=host that address reaches the host's service" "host-service" "$OUT"

# The host's resolver appends its search domain to a name that does not
# resolve as it is; the proxy asks for the name alone.
run_user "${filt[@]}" --allow-host='*.sbox.test' -- curl -sS -m 5 http://leak.sbox.test/
check_ne "filtered: an allowed name is not resolved through the host's search domains" \
  "internet-page" "$OUT"
run_user "${host[@]}" -- getent hosts leak.sbox.test
check_match "control: the host's resolver does append corp.sbox.test" "$OUT" "^198\.51\.100\.1 "

# A program that ignores the proxy variables gets no network.
run_user "${filt[@]}" -- "${probe[@]}" 198.51.100.1 80
check_eq "filtered: a direct connection to the internet fails (Landlock: TCP to the forwarder only)" \
  "EACCES" "$OUT"
run_user "${filt[@]}" --landlock=false -- "${probe[@]}" 198.51.100.1 80
check_eq "filtered, without Landlock: still no route out of the namespace" "ENETUNREACH" "$OUT"
run_user "${filt[@]}" -- getent hosts inet.sbox.test
check_ne "filtered: no name resolves inside (no resolver reachable)" 0 "$RC"

# Real clients, each for an allowed host and for another.
run_user "${filt[@]}" -- sh -c 'git clone -q http://inet.sbox.test/repo.git /tmp/clone && git -C /tmp/clone log --format=%s'
check_eq "filtered: git clone over HTTP from an allowed host" "first" "$OUT"
run_user "${filt[@]}" -- env GIT_TERMINAL_PROMPT=0 git clone -q http://other.sbox.test/repo.git /tmp/clone
check_ne "filtered: git clone from another host fails" 0 "$RC"

pip_download () # pip_download HOST
{
  run_user "${filt[@]}" -- env PIP_CONFIG_FILE=/dev/null python3 -m pip download -q --no-cache-dir \
    --no-deps --disable-pip-version-check --retries 0 --timeout 5 \
    --index-url "http://$1/simple/" --trusted-host "$1" -d /tmp/pip sboxdemo
}
if python3 -m pip --version >/dev/null 2>&1; then
  pip_download inet.sbox.test
  check_eq "filtered: pip download from a local index on an allowed host" 0 "$RC"
  [ "$RC" = 0 ] || diag "stderr: $ERR"
  pip_download other.sbox.test
  check_ne "filtered: pip download from another host fails" 0 "$RC"
else
  skip "filtered: pip download" "pip is not installed (Debian package python3-pip)"
fi

npm_install () # npm_install HOST
{
  run_user "${filt[@]}" -- sh -c "mkdir -p /tmp/npm && cd /tmp/npm && npm_config_cache=/tmp/npm-cache npm install --no-audit \
    --no-fund --no-save --fetch-retries=0 --fetch-timeout=5000 \
    --registry=http://$1.sbox.test/npm-$1/ sboxdemo >/dev/null && cat node_modules/sboxdemo/package.json"
}
if command -v npm >/dev/null; then
  npm_install inet
  contains "filtered: npm install from a local registry on an allowed host" '"name":"sboxdemo"' "$OUT"
  [ "$RC" = 0 ] || diag "stderr: $ERR"
  npm_install other
  check_ne "filtered: npm install from another host fails" 0 "$RC"
else
  skip "filtered: npm install" "npm is not installed"
fi

done_testing
