#!/bin/bash
# net-isolated.sh — the network modes as a user sees them: --network and
# --publish in the plan, bad input refused with one line, sbox.conf's
# AllowNetwork=false holding for isolated too, Landlock's TCP wall under
# Network=none and under Network=filtered (TCP to the forwarder only), the
# filtered network's proxy ending with a killed sbox, multipath TCP and
# packet sockets refused by seccomp, and
# Network=isolated refused clearly where pasta cannot run. What isolated
# lets through and keeps out is shown live by root-net-live.sh (it
# needs /dev/net/tun usable by the user, which root arranges there).
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

# contains DESCRIPTION NEEDLE HAYSTACK: the needle first, as read.
contains () { check_contains "$1" "$3" "$2"; }

export XDG_CONFIG_HOME=$SBOX_TMP/config
mkdir -p "$XDG_CONFIG_HOME/sbox"

# ---- the plan ----
contains "--print-plan shows the default mode" "network: loopback" \
  "$("$SBOX" --noprofile --print-plan -- true 2>/dev/null)"
contains "--print-plan shows --network=isolated" "network: isolated" \
  "$("$SBOX" --noprofile --network=isolated --print-plan -- true 2>/dev/null)"
contains "--print-plan=json shows the mode" '"network": "isolated"' \
  "$("$SBOX" --noprofile --network=isolated --print-plan=json -- true 2>/dev/null)"
contains "--print-plan shows a published port" "publish: 18080:80" \
  "$("$SBOX" --noprofile --network=isolated --publish=18080:80 --print-plan -- true 2>/dev/null)"
contains "shared=network still means host" "network: host" \
  "$("$SBOX" --noprofile --share=network --print-plan -- true 2>/dev/null)"
contains "Network= decides over shared=network" "network: isolated" \
  "$("$SBOX" --noprofile --share=network --network=isolated --print-plan -- true 2>/dev/null)"
contains "--allow-host alone chooses filtered" "network: filtered" \
  "$("$SBOX" --noprofile --allow-host=example.org --print-plan -- true 2>/dev/null)"
contains "--print-plan shows the allowed hosts" "allow host: *.example.org:8443  # command line" \
  "$("$SBOX" --noprofile --allow-host='*.example.org:8443' --print-plan -- true 2>/dev/null)"
contains "--print-plan=json shows the allowed hosts" '"allow-hosts": [{"value": "example.org"' \
  "$("$SBOX" --noprofile --allow-host=example.org --print-plan=json -- true 2>/dev/null)"
contains "filtered names the forwarder in the proxy variables" "https_proxy=http://127.0.0.1:3128" \
  "$("$SBOX" --noprofile --network=filtered --print-plan -- true 2>/dev/null)"
contains "isolated names pasta's DNS relay in the sandbox's resolv.conf" \
  "file /etc/resolv.conf" \
  "$("$SBOX" --noprofile --network=isolated --print-plan -- true 2>/dev/null)"

# ---- bad input: one line, exit 125 ----
# bad_input DESCRIPTION PATTERN ARGS...
bad_input ()
{
  local desc=$1 pattern=$2
  shift 2
  sbox_run --noprofile "$@" -- /bin/true
  check_eq "$desc: exit 125" 125 "$RC"
  check_eq "$desc: one line" 1 "$(printf '%s\n' "$ERR" | grep -c .)"
  check_match "$desc: says what" "$ERR" "$pattern"
}
bad_input "an unknown mode" "Network: unknown value 'bogus'" --network=bogus
bad_input "a port out of range" "Publish: expected HOSTPORT:SANDBOXPORT" --network=isolated \
  --publish=99999:80
bad_input "a port without its pair" "Publish: expected HOSTPORT:SANDBOXPORT" --network=isolated \
  --publish=80
bad_input "--publish without isolated" "into Network=isolated only" --publish=18080:80
bad_input "an unparsable host pattern" 'AllowHosts: "bad..test" is not a host pattern' \
  --allow-host=bad..test
bad_input "a host pattern's port out of range" "the port must be a number from 1 to 65535" \
  --allow-host=example.org:70000
bad_input "AllowHosts= with another mode" "names hosts for Network=filtered only" \
  --network=isolated --allow-host=example.org
empty_path=$SBOX_TMP/empty-path
mkdir -p "$empty_path"
RC=0
ERR=$(env PATH="$empty_path" "$SBOX" --quiet --noprofile --network=isolated -- /bin/true 2>&1 </dev/null) || RC=$?
check_eq "pasta missing: exit 125" 125 "$RC"
check_eq "pasta missing: one line naming the package" \
  "sbox: Network=isolated needs pasta, which is not installed (Debian package passt)" "$ERR"

printf '[sbox]\nAllowNetwork=false\n' >"$XDG_CONFIG_HOME/sbox/sbox.conf"
sbox_run --noprofile --network=isolated -- /bin/true
check_eq "AllowNetwork=false refuses isolated (125)" 125 "$RC"
contains "AllowNetwork=false says why" "Network=isolated" "$ERR"
sbox_run --noprofile -- /bin/true
check_eq "control: AllowNetwork=false lets the default (loopback) run" 0 "$RC"
rm -f "$XDG_CONFIG_HOME/sbox/sbox.conf"

# ---- Network=none: Landlock refuses TCP too ----
loopback_py='
import errno, socket
try:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    c = socket.create_connection(s.getsockname(), timeout=5)
    a, _ = s.accept()
    c.sendall(b"ping")
    print(a.recv(4).decode())
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))
'
landlock_abi=$("$SBOX" --doctor 2>&1 | sed -n 's/.*[Ll]andlock[^0-9]*ABI \([0-9]*\).*/\1/p' | head -1)
if [ -x /usr/bin/python3 ] && [ "${landlock_abi:-0}" -ge 4 ]; then
  check_eq "Network=none: Landlock refuses TCP bind on the sandbox's own lo" "EACCES" \
    "$(sbox_out --noprofile --network=none -- python3 -c "$loopback_py")"
  check_eq "control: the default (loopback) keeps TCP on lo" "ping" \
    "$(sbox_out --noprofile -- python3 -c "$loopback_py")"
  check_eq "control: --landlock=false lets Network=none use TCP on lo" "ping" \
    "$(sbox_out --noprofile --network=none --landlock=false -- python3 -c "$loopback_py")"
else
  skip "Network=none: Landlock refuses TCP" "needs python3 and Landlock ABI 4 (here ${landlock_abi:-none})"
fi

# ---- Network=filtered: TCP only to the forwarder (Landlock) ----
forwarder_py='
import errno, socket
try:
    socket.create_connection(("127.0.0.1", 3128), timeout=5).close()
    print("forwarder")
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))
'
if [ -x /usr/bin/python3 ] && [ "${landlock_abi:-0}" -ge 4 ]; then
  check_eq "Network=filtered: Landlock refuses TCP to the sandbox's own lo but the forwarder" \
    "EACCES" "$(sbox_out --noprofile --network=filtered -- python3 -c "$loopback_py")"
  check_eq "Network=filtered: the forwarder listens at 127.0.0.1:3128" "forwarder" \
    "$(sbox_out --noprofile --network=filtered -- python3 -c "$forwarder_py")"
  check_eq "control: --landlock=false lets Network=filtered use TCP on lo" "ping" \
    "$(sbox_out --noprofile --network=filtered --landlock=false -- python3 -c "$loopback_py")"
else
  skip "Network=filtered: Landlock's TCP wall" "needs python3 and Landlock ABI 4"
fi

# ---- Network=filtered: the proxy lives exactly as long as the sandbox ----
proxies () { pgrep -u "$(id -u)" -f -- '--net-proxy --listen-fd' | sort; }
before=$(proxies)
"$SBOX" --quiet --noprofile --network=filtered -- sleep 60 </dev/null >/dev/null 2>&1 &
launcher=$!
wait_for 10 bash -c "[ -n \"\$(comm -13 <(echo '$before') <(pgrep -u $(id -u) -f -- '--net-proxy --listen-fd' | sort))\" ]"
proxy=$(comm -13 <(echo "$before") <(proxies) | head -n1)
if [ -n "$proxy" ]; then
  ok "Network=filtered: the proxy runs beside the sandbox"
  check_match "the proxy runs under no_new_privs" "$(cat "/proc/$proxy/status")" \
    '^NoNewPrivs:[[:space:]]+1'
  kill -KILL "$launcher"
  if wait_gone 10 "$proxy"; then
    ok "the proxy does not outlive the sandbox when sbox is killed (SIGKILL)"
  else
    not_ok "the proxy does not outlive the sandbox when sbox is killed (SIGKILL)"
    kill "$proxy" 2>/dev/null
  fi
else
  not_ok "Network=filtered: the proxy runs beside the sandbox"
  kill -KILL "$launcher" 2>/dev/null
fi
wait "$launcher" 2>/dev/null

# ---- another sandbox's proxy is out of reach ----
# The instance directories hold each filtered sandbox's proxy socket; a
# sandbox that binds their parent (/dev/shm, /tmp or the runtime directory,
# wherever they live) must not reach another's proxy, and through it that
# sandbox's network.
base=$("$SBOX" --noprofile --print-plan=json -- true 2>/dev/null \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["instance-base"])')
ask_proxy_py='
import glob, socket, sys
paths = glob.glob(sys.argv[1] + "/*/net-proxy")
if not paths:
    print("no socket")
    sys.exit()
try:
    s = socket.socket(socket.AF_UNIX)
    s.connect(paths[0])
    s.sendall(b"CONNECT 192.0.2.1:443 HTTP/1.1\r\n\r\n")
    print(s.recv(12).decode())
except OSError as e:
    print(e.strerror)
'
# The launcher killed above left its instance directory, socket and all; any
# start removes it, so the socket waited for below is the new sandbox's own.
"$SBOX" --quiet --noprofile -- true
"$SBOX" --quiet --noprofile --network=filtered -- sleep 30 </dev/null >/dev/null 2>&1 &
other=$!
if wait_for 10 bash -c "ls '$base'/*/net-proxy >/dev/null 2>&1"; then
  check_eq "control: from outside, the other sandbox's proxy answers" "HTTP/1.1 403" \
    "$(python3 -c "$ask_proxy_py" "$base")"
  parent=$(dirname "$base")
  check_eq "a sandbox binding $parent does not see the other sandbox's proxy socket" "no socket" \
    "$(sbox_out --noprofile --ro-bind "$parent" "$parent" -- python3 -c "$ask_proxy_py" "$base")"
  check_eq "...nor with the host's /dev (devices=all)" "no socket" \
    "$(sbox_out --noprofile --device=all --ro-bind "$parent" "$parent" -- python3 -c "$ask_proxy_py" "$base")"
else
  not_ok "control: the other sandbox's proxy socket appears under $base"
fi
kill "$other" 2>/dev/null
wait "$other" 2>/dev/null

# ---- seccomp: multipath TCP and packet sockets, every mode ----
socket_py='
import errno, socket, sys
family, kind, proto = (int(a) for a in sys.argv[1:4])
try:
    socket.socket(family, kind, proto).close()
    print("created")
except OSError as e:
    print(errno.errorcode.get(e.errno, e.errno))
'
if [ -x /usr/bin/python3 ]; then
  for mode in loopback host; do
    check_eq "seccomp refuses multipath TCP sockets (Network=$mode)" "EPROTONOSUPPORT" \
      "$(sbox_out --noprofile --network=$mode -- python3 -c "$socket_py" 2 1 262)"
  done
  if [ "$(cat /proc/sys/net/mptcp/enabled 2>/dev/null)" = 1 ]; then
    check_eq "control: without the socket rules a multipath TCP socket is made" "created" \
      "$(sbox_out --noprofile --seccomp-allow=socket -- python3 -c "$socket_py" 2 1 262)"
  else
    skip "control: multipath TCP without the socket rules" "MPTCP is off in this kernel"
  fi
  # No control: without the rule the kernel's own capability check answers
  # EPERM as well (the sandbox holds no CAP_NET_RAW).
  check_eq "seccomp refuses (AF_INET, SOCK_PACKET), a packet socket in disguise" "EPERM" \
    "$(sbox_out --noprofile --network=host -- python3 -c "$socket_py" 2 10 768)"
  check_eq "seccomp refuses AF_PACKET sockets" "EAFNOSUPPORT" \
    "$(sbox_out --noprofile --network=host -- python3 -c "$socket_py" 17 3 768)"
  check_eq "control: plain TCP sockets are made" "created" \
    "$(sbox_out --noprofile --network=host -- python3 -c "$socket_py" 2 1 0)"
else
  skip "seccomp socket rules" "no python3"
fi

# ---- isolated where pasta cannot run: refused, clearly ----
if ! command -v pasta >/dev/null; then
  skip "isolated refused without a usable /dev/net/tun" "pasta is not installed"
elif [ -r /dev/net/tun ] && [ -w /dev/net/tun ]; then
  sbox_run --quiet --noprofile --network=isolated -- /bin/true
  check_eq "isolated starts where pasta can run (root-net-live.sh shows what it reaches)" 0 "$RC"
  check_match "--doctor says isolated can run" "$("$SBOX" --doctor 2>&1)" '^OK +network isolated'
else
  sbox_run --quiet --noprofile --network=isolated -- /bin/true
  check_eq "isolated without a usable /dev/net/tun: exit 125" 125 "$RC"
  check_match "isolated without a usable /dev/net/tun: one line saying so" \
    "$ERR" "^sbox: Network=isolated: pasta cannot use /dev/net/tun"
  check_match "--doctor warns that isolated cannot run, and why" "$("$SBOX" --doctor 2>&1)" \
    '^WARN +network isolated +Network=isolated: pasta cannot use /dev/net/tun'
fi

done_testing
