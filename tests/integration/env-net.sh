#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# env-net.sh — the scrubbed environment, --setenv/--unsetenv, the private
# network namespace (only a working loopback) and --hostname.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

# Find a Python for the host-side listeners (any will do).
PY=$(command -v python3 || true)

# --- environment ----------------------------------------------------------------------

export AWS_SECRET_ACCESS_KEY=sbox-aws-secret-$$
export GITHUB_TOKEN=sbox-gh-token-$$
export SSH_AUTH_SOCK=/tmp/sbox-ssh-sock-$$
export DBUS_SESSION_BUS_ADDRESS=unix:path=/tmp/sbox-bus-$$
export SBOX_RANDOM_HOST_VAR=sbox-random-$$
export TERM=sbox-term LANG=C.UTF-8 LC_MESSAGES=C LC_TIME=C.UTF-8 TZ=UTC0 LOGNAME=sbox-logname USER=sbox-user
export PATH="/sbox-bogus/bin:$PATH"

inside_env=$(sbox_out --noprofile -- env)
check_contains "the environment inside is readable (sanity)" "$inside_env" "HOME="

check_contains "control: AWS_SECRET_ACCESS_KEY is set outside" "$(env)" "AWS_SECRET_ACCESS_KEY=sbox-aws-secret-$$"
check_not_contains "AWS_SECRET_ACCESS_KEY does not leak into the sandbox" "$inside_env" "sbox-aws-secret-$$"
check_not_contains "GITHUB_TOKEN does not leak into the sandbox" "$inside_env" "GITHUB_TOKEN"
check_not_contains "SSH_AUTH_SOCK is not passed in" "$inside_env" "SSH_AUTH_SOCK"
check_not_contains "DBUS_SESSION_BUS_ADDRESS (the host bus) is not passed in" "$inside_env" "sbox-bus-$$"
check_not_contains "an unknown host variable is not passed in" "$inside_env" "SBOX_RANDOM_HOST_VAR"

check_eq "control: --setenv AWS_SECRET_ACCESS_KEY makes it visible" "given-on-purpose" \
  "$(sbox_out --noprofile --setenv AWS_SECRET_ACCESS_KEY given-on-purpose -- sh -c 'echo "$AWS_SECRET_ACCESS_KEY"')"

env_value () { printf '%s\n' "$inside_env" | sed -n "s/^$1=//p"; }
check_eq "HOME is kept" "$HOME" "$(env_value HOME)"
check_eq "USER is kept" "sbox-user" "$(env_value USER)"
check_eq "LOGNAME is kept" "sbox-logname" "$(env_value LOGNAME)"
check_eq "TERM is kept" "sbox-term" "$(env_value TERM)"
check_eq "LANG is kept" "C.UTF-8" "$(env_value LANG)"
check_eq "LC_MESSAGES is kept" "C" "$(env_value LC_MESSAGES)"
check_eq "LC_TIME is kept" "C.UTF-8" "$(env_value LC_TIME)"
check_eq "TZ is kept" "UTC0" "$(env_value TZ)"
inside_path=$(env_value PATH)
check_not_contains "PATH is not the caller's (no /sbox-bogus/bin)" "$inside_path" "/sbox-bogus"
check_match "PATH is a standard system PATH (has /usr/bin)" "$inside_path" '(^|:)/usr/bin(:|$)'
check_eq "XDG_RUNTIME_DIR points at /run/user/UID" "/run/user/$MY_UID" "$(env_value XDG_RUNTIME_DIR)"

check_eq "--setenv adds a variable (value with spaces and '=')" "a b=c" \
  "$(sbox_out --noprofile --setenv SBOX_ADDED 'a b=c' -- sh -c 'echo "$SBOX_ADDED"')"
check_eq "--unsetenv removes a kept variable (TERM)" "unset" \
  "$(sbox_out --noprofile --unsetenv TERM -- sh -c 'echo "${TERM-unset}"')"
check_eq "--setenv then --unsetenv of the same variable removes it" "unset" \
  "$(sbox_out --noprofile --setenv SBOX_ADDED x --unsetenv SBOX_ADDED -- sh -c 'echo "${SBOX_ADDED-unset}"')"

unset AWS_SECRET_ACCESS_KEY GITHUB_TOKEN SSH_AUTH_SOCK DBUS_SESSION_BUS_ADDRESS SBOX_RANDOM_HOST_VAR
export PATH=${PATH#/sbox-bogus/bin:}

# --- network -----------------------------------------------------------------------------

ifaces () { awk 'NR > 2 { sub(":", "", $1); print $1 }' | sort | tr '\n' ' '; }
host_ifaces=$(ifaces </proc/net/dev)
check_eq "only lo in the sandbox's network namespace" "lo " \
  "$(sbox_out --noprofile -- cat /proc/net/dev | ifaces)"
check_eq "control: --share=network shows the host's interfaces" "$host_ifaces" \
  "$(sbox_out --noprofile --share=network -- cat /proc/net/dev | ifaces)"

# lo is up: a listener inside the sandbox answers on 127.0.0.1.
loopback_py='
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(1)
c = socket.create_connection(s.getsockname(), timeout=5)
a, _ = s.accept()
c.sendall(b"ping")
print(a.recv(4).decode())
'
if [ -x /usr/bin/python3 ]; then
  check_eq "loopback works inside (lo is up)" "ping" "$(sbox_out --noprofile -- python3 -c "$loopback_py")"
else
  skip "loopback works inside (lo is up)" "no /usr/bin/python3"
fi

# A host service on 127.0.0.1 and an abstract unix socket (the way X11 is
# reached) are out of reach unless the network is shared.
if [ -n "$PY" ] && [ -x /usr/bin/python3 ]; then
  "$PY" - "$SBOX_TMP/port" "$$" <<'EOF' >/dev/null 2>&1 &
import socket, sys, threading
tcp = socket.socket()
tcp.bind(("127.0.0.1", 0))
tcp.listen(8)
unix = socket.socket(socket.AF_UNIX)
unix.bind("\0sbox-test-abstract-" + sys.argv[2])
unix.listen(8)
def serve(s):
    while True:
        c, _ = s.accept()
        c.sendall(b"host-service\n")
        c.close()
for s in (tcp, unix):
    threading.Thread(target=serve, args=(s,), daemon=True).start()
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write("%d\n" % tcp.getsockname()[1])
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Event().wait(30)
EOF
  listener=$!
  kill_at_exit "$listener"
  if wait_for 5 test -s "$SBOX_TMP/port"; then
    port=$(cat "$SBOX_TMP/port")
    tcp_client="exec 3<>/dev/tcp/127.0.0.1/$port && head -n1 <&3"
    unix_client='
import socket, sys
s = socket.socket(socket.AF_UNIX)
try:
    s.connect("\0sbox-test-abstract-" + sys.argv[1])
    print(s.makefile().readline().strip())
except OSError as e:
    print("refused")
'
    check_eq "control: the host service answers on 127.0.0.1:$port outside" "host-service" \
      "$(bash -c "$tcp_client" 2>/dev/null)"
    check_eq "a host service on 127.0.0.1 is unreachable from the sandbox" "" \
      "$(sbox_out --noprofile -- bash -c "$tcp_client" 2>/dev/null)"
    check_eq "control: with --share=network the host service is reachable" "host-service" \
      "$(sbox_out --noprofile --share=network -- bash -c "$tcp_client")"
    check_eq "a host abstract unix socket (X11-style) is unreachable" "refused" \
      "$(sbox_out --noprofile -- python3 -c "$unix_client" "$$")"
    check_eq "with --share=network the abstract socket stays closed (Landlock scoping)" "refused" \
      "$(sbox_out --noprofile --share=network -- python3 -c "$unix_client" "$$")"
    check_eq "control: --share=network --landlock=false reaches the abstract socket" "host-service" \
      "$(sbox_out --noprofile --share=network --landlock=false -- python3 -c "$unix_client" "$$")"
  else
    not_ok "the host-side listener started" "no port written by the listener"
  fi
  kill "$listener" 2>/dev/null
else
  skip "a host service on 127.0.0.1 is unreachable from the sandbox" "no python3"
fi

# --- hostname ------------------------------------------------------------------------------

host_name=$(uname -n)
check_eq "--hostname sets hostname inside" "sbox-test-host" \
  "$(sbox_out --noprofile --hostname sbox-test-host -- hostname)"
check_eq "--hostname sets uname -n inside" "sbox-test-host" \
  "$(sbox_out --noprofile --hostname sbox-test-host -- uname -n)"
check_eq "the host's hostname is unchanged" "$host_name" "$(uname -n)"

done_testing
