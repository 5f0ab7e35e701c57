#!/bin/bash
# start-time.sh — SBOX_TIMING=1's phase table, and a start whose D-Bus
# proxy comes up while the sandbox is built: the sandbox is cloned before
# the proxy serves, and waits for it only at the bind of its socket. That
# late bind takes the socket the proxy made and nothing else: a proxy that
# puts a link or a plain file in its place stops the start.
# The commands are written for the sandbox's shell:
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

private_session_bus

# phase ROLE PHASE FIELD: a field of the table's line (start, took, count).
phase ()
{
  local field
  case $3 in start) field=5 ;; took) field=6 ;; count) field=7 ;; esac
  printf '%s\n' "$ERR" | awk -v r="$1" -v p="$2" -v f="$field" \
    '$1 == "sbox:" && $2 == "timing:" && $3 == r && $4 == p { print $f; exit }'
}
# before A B: the decimal A is less than B.
# shellcheck disable=SC2317 # called through check
before () { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a + 0 < b + 0) }'; }

# ---- the table ----
sbox_run --noprofile -- echo hi
check_run_ok "without SBOX_TIMING a start prints no table" hi
check_eq "... nothing on stderr" "" "$ERR"
SBOX_TIMING=1 sbox_run --noprofile -- echo hi
check_run_ok "SBOX_TIMING=1: the command runs as ever" hi
check_match "... a header line" "$ERR" '^sbox: timing: process phase start-ms took-ms count$'
for row in "launcher plan" "launcher clone" "launcher until-exec" "launcher teardown" \
           "sandbox mount-bind" "sandbox pivot" "sandbox landlock" "sandbox seccomp-load" \
           "command until-execve"; do
  check_ne "... a line for $row" "" "$(phase "${row% *}" "${row#* }" took)"
done
check_eq "... every line in the documented form" "" "$(printf '%s\n' "$ERR" \
  | grep -v -E '^sbox: timing: ([a-z]+ [a-z-]+ [0-9]+\.[0-9]{3} [0-9]+\.[0-9]{3} [0-9]+|process phase start-ms took-ms count)$')"
check_gt "... the default view's binds counted one by one" 10 "$(phase sandbox mount-bind count)"
check "... the sandbox's phases begin at the launcher's clone" \
  test "$(phase sandbox clone start)" = "$(phase launcher clone start)"
check "... the command's exec comes after the sandbox's seccomp" \
  before "$(phase sandbox seccomp-load start)" "$(phase command until-execve start)"
t0=$(awk '{ printf "%d", $1 * 1000000000 }' /proc/uptime)
SBOX_TIMING=1 SBOX_TIMING_T0=$t0 sbox_run --noprofile -- true
check_eq "SBOX_TIMING_T0 in the future: no exec-and-loading phase" "" \
  "$(phase launcher exec-and-loading took)"
SBOX_TIMING=1 SBOX_TIMING_T0=not-a-time sbox_run --noprofile -- true
check_rc "... nor with SBOX_TIMING_T0 not a number: the start goes on" 0
SBOX_TIMING=yes sbox_run --noprofile -- true
check_eq "SBOX_TIMING other than 1: no table" "" "$ERR"

# ---- the proxy overlaps the sandbox's setup ----
SBOX_TIMING=1 sbox_run --noprofile --talk-name=org.example.StartTime -- \
  sh -c 'test -S "$XDG_RUNTIME_DIR/bus" && echo bus'
check_run_ok "with a proxy: the bus's socket is there when the command starts" bus
check_ne "... the proxy's sandbox is timed" "" "$(phase proxy until-execve start)"
check_ne "... and the sandbox's wait for it" "" "$(phase sandbox helper-sockets took)"

# ---- what the late bind takes ----
# Stand-ins for xdg-dbus-proxy, run in the proxy's sandbox as it would be:
# the socket's path is the second of the NUL-separated arguments on fd 4,
# readiness a byte on fd 3.
fake_proxy () # NAME BODY: a stand-in that does BODY with $sock set, then says ready
{
  printf '#!/bin/sh\nsock=$(tr "\\000" "\\n" <&4 | sed -n 2p)\n%s\nprintf x >&3\nexec sleep 60\n' \
    "$2" >"$SBOX_TMP/$1"
  chmod 755 "$SBOX_TMP/$1"
  printf '[sbox]\nDBusProxy=%s\n' "$SBOX_TMP/$1" >"$XDG_CONFIG_HOME/sbox/sbox.conf"
}
bus_path=${BUS_ADDRESS#unix:path=}
serve='exec python3 -c "import os, socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen()
os.write(3, b\"x\")
time.sleep(60)" "$sock"'
fake_proxy socket-proxy "$serve"
sbox_run --noprofile --talk-name=org.example.StartTime -- sh -c 'test -S "$XDG_RUNTIME_DIR/bus" && echo socket'
check_run_ok "control: a stand-in proxy that makes its socket serves the sandbox" socket
# A proxy that takes a second to serve: the sandbox is built meanwhile
# and waits only at the socket's bind.
fake_proxy slow-proxy "sleep 1
$serve"
SBOX_TIMING=1 sbox_run --noprofile --talk-name=org.example.StartTime -- \
  sh -c 'test -S "$XDG_RUNTIME_DIR/bus" && echo socket'
check_run_ok "a proxy that takes a second to serve: the sandbox starts" socket
ready=$(awk -v a="$(phase launcher helpers-wait start)" -v b="$(phase launcher helpers-wait took)" \
  'BEGIN { if (a != "" && b != "") printf "%.3f", a + b }')
check "... cloned before the proxy serves (clone $(phase launcher clone start) ms, ready $ready ms)" \
  before "$(phase launcher clone start)" "$ready"
check "... its view built meanwhile: the binds begin before the proxy serves" \
  before "$(phase sandbox mount-bind start)" "$ready"
check "... and it waits only at the socket's bind, most of the second" \
  before 500 "$(phase sandbox helper-sockets took)"
fake_proxy link-proxy "ln -s '$bus_path' \"\$sock\""
sbox_run --noprofile --talk-name=org.example.StartTime -- echo started
check_rc "a proxy that puts a link to another socket in its socket's place: exit 125" 125
check_eq "... in one line" 1 "$(printf '%s' "$ERR" | grep -c '')"
check_match "... saying so" "$ERR" '^sbox: cannot bind .*/bus: not a socket$'
check_eq "... and the command never ran" "" "$OUT"
fake_proxy file-proxy ': >"$sock"'
sbox_run --noprofile --talk-name=org.example.StartTime -- echo started
check_rc "a proxy that puts a plain file there: exit 125" 125
check_match "... saying so" "$ERR" '^sbox: cannot bind .*/bus: not a socket$'
fake_proxy no-socket-proxy ':'
sbox_run --noprofile --talk-name=org.example.StartTime -- echo started
check_rc "a proxy that says it is ready without a socket: exit 125" 125
check_match "... naming the socket" "$ERR" '^sbox: cannot bind .*/bus: No such file or directory$'
rm -f "$XDG_CONFIG_HOME/sbox/sbox.conf"
check_eq "nothing is left in \$XDG_RUNTIME_DIR/sbox" "" \
  "$(find "$XDG_RUNTIME_DIR/sbox" -mindepth 1 -maxdepth 1 2>/dev/null)"

done_testing
