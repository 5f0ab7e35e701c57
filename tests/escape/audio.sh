#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# audio.sh — the PulseAudio door against a real pulseaudio started as the
# calling user. The app inside reaches a filter outside the sandbox, never
# the server's socket: playing, recording, listing devices and handling its
# own streams work; loading or unloading modules (module-ladspa-sink dlopen()s
# any path it is given, in the server, on the host), changing defaults,
# touching other clients' streams, shared memory and passing file
# descriptors do not; nor do the properties through which server modules
# load modules, mute other programs or set their volume. The control for
# each refusal makes the same request through a plain bind of the server's
# socket (the door as it was before the filter) and shows that it works
# there.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

have () { command -v "$1" >/dev/null 2>&1; }
{ have pulseaudio && have pactl && have pacat; } || skip_all "pulseaudio and pulseaudio-utils are needed"
[ -x /usr/bin/python3 ] || skip_all "python3 is needed for the raw protocol client"
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"

R=/run/user/$MY_UID
RUN=$SBOX_TMP/run
mkdir -m 0700 "$RUN" "$RUN/pulse" || bail_out "cannot create $RUN"
export XDG_RUNTIME_DIR=$RUN
unset PULSE_SERVER PULSE_CLIENTCONFIG DBUS_SESSION_BUS_ADDRESS
REAL=$RUN/pulse/native

# The modules of Debian's default.pa that act on what clients send: the
# socket with credential checks (no auth-anonymous), volume and device
# memory per application, corking for phone calls, and filters loaded on a
# stream's request.
pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --log-target=stderr \
  --load="module-native-protocol-unix socket=$REAL" \
  --load="module-null-sink sink_name=sboxsink" \
  --load=module-stream-restore --load=module-role-cork \
  --load=module-filter-heuristics --load=module-filter-apply >"$SBOX_TMP/pulse.log" 2>&1 </dev/null &
PA_PID=$!
kill_at_exit "$PA_PID"
disown "$PA_PID"
if ! wait_for 8 pactl info; then
  diag "$(tail -n 15 "$SBOX_TMP/pulse.log")"
  bail_out "pulseaudio did not start"
fi

# door ARGS...: a command in a sandbox with the audio door open.
door () { sbox_run --noprofile --socket=pulseaudio -- "$@"; }
# raw ARGS...: the same command with the server's own socket bound in (the
# door without the filter): the controls.
raw ()
{
  sbox_run --noprofile --bind "$REAL" "$R/pulse/native" --setenv PULSE_SERVER "unix:$R/pulse/native" \
    -- "$@"
}
modules () { pactl list short modules | cut -f2 | sort | tr '\n' ' '; }

# A native-protocol client that speaks the wire format itself, to send what
# libpulse never would. Prints one word per step.
client='
import array, os, socket, struct, sys, time
mode, path = sys.argv[1], sys.argv[2]
def L(v): return b"L" + struct.pack(">I", v)
def frame(payload, channel=0xFFFFFFFF, flags=0):
    return struct.pack(">IIIII", len(payload), channel, 0, 0, flags) + payload
def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data
def reply(s, tag=None):  # the answer to request tag (skipping what the server sends on its own)
    while True:
        d = recv_exact(s, 20)
        if d is None:
            return None
        length, channel = struct.unpack(">II", d[:8])
        p = recv_exact(s, length)
        if p is None or tag is None or (channel == 0xFFFFFFFF and p[6:10] == struct.pack(">I", tag)):
            return p
s = socket.socket(socket.AF_UNIX)
if sys.argv[3:4] != ["nocreds"]:  # credentials on every packet, as libpulse sends them with AUTH
    s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.settimeout(20)
s.connect(path)
# AUTH, tag 1: version 35 with the shm (1<<31) and memfd (1<<30) bits, no cookie
auth = frame(L(8) + L(1) + L(35 | 0xC0000000) + b"x" + struct.pack(">I", 256) + bytes(256))
if mode == "auth":
    s.sendall(auth)
    r = reply(s)
    print("eof" if r is None else "caps=%x" % (struct.unpack(">I", r[11:15])[0] >> 16))
elif mode in ("fd", "nofd"):
    fds = [os.open("/dev/null", os.O_RDONLY)] if mode == "fd" else []
    s.sendmsg([auth], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))] if fds else [])
    print("eof" if reply(s) is None else "reply")
elif mode in ("shm", "noshm"):
    s.sendall(auth)
    reply(s)
    try:
        if mode == "shm":  # a memblock that points into shared memory
            s.sendall(frame(struct.pack(">IIII", 1, 2, 0, 4096), channel=0, flags=0x80000000))
        s.sendall(frame(L(13) + L(2)))  # STAT
        r = reply(s, 2)
    except OSError:
        r = None
    print("eof" if r is None else "reply")
elif mode == "big":  # a control packet claiming 2 MiB
    s.sendall(auth)
    reply(s)
    try:
        s.sendall(struct.pack(">IIIII", 2 << 20, 0xFFFFFFFF, 0, 0, 0) + L(13) + L(2))
        r = reply(s, 2)
    except OSError:
        r = None
    print("eof" if r is None else "reply")
elif mode == "late":  # AUTH a moment after connecting
    time.sleep(0.3)
    s.sendall(auth)
    r = reply(s)
    command = None if r is None else struct.unpack(">I", r[1:5])[0]
    print("eof" if r is None else "reply" if command == 2 else "error=%d" % struct.unpack(">I", r[11:15])[0])
elif mode == "kill":  # KILL_SINK_INPUT of the index in argv[3] (pactl has no such command)
    s.sendall(auth)
    reply(s)
    s.sendall(frame(L(49) + L(2) + L(int(sys.argv[3]))))
    r = reply(s, 2)
    command = struct.unpack(">I", r[1:5])[0]
    print("reply" if command == 2 else "error=%d" % struct.unpack(">I", r[11:15])[0])
'

# --- what the door is for --------------------------------------------------------------------

door sh -c 'echo "$PULSE_SERVER"; test -S '"$R"'/pulse/native && echo socket'
check_run_ok "the door is a socket at $R/pulse/native and PULSE_SERVER names it" "unix:$R/pulse/native
socket"
# A bind keeps the inode: the socket inside is the filter's, not the server's.
door stat -c %i "$R/pulse/native"
check_ne "the server's own socket is not what is bound inside" "$(stat -c %i "$REAL")" "$OUT"
raw stat -c %i "$R/pulse/native"
check_eq "control: a bind of the server's socket is that socket" "$(stat -c %i "$REAL")" "$OUT"

door pactl list short sinks
check_rc "pactl list short sinks works through the door" 0
check_contains "... and lists the server's sink" "$OUT" "sboxsink"
door pactl info
check_contains "pactl info works through the door" "$OUT" "Server Name: pulseaudio"

door sh -c 'head -c 88200 /dev/urandom >/tmp/noise.raw && pacat --playback --device=sboxsink /tmp/noise.raw && echo played'
check_run_ok "pacat plays a second of audio through the door" "played"

door sh -c 'timeout 5 parec --device=sboxsink.monitor --raw | wc -c'
check_gt "parec records through the door" 0 "${OUT:-0}"

# --- modules ---------------------------------------------------------------------------------

before=$(modules)
door pactl load-module module-null-sink sink_name=boxsink
check_ne "the audio door refuses LOAD_MODULE (pactl load-module module-null-sink fails)" 0 "$RC"
check_contains "... with an access error" "$ERR" "Access denied"
check_eq "... and the server's modules are unchanged" "$before" "$(modules)"

# The escape: a plugin the sandbox wrote, loaded by the server on the host.
if have cc; then
  SHARE=$SBOX_TMP/share
  MARK=$SBOX_TMP/plugin-ran
  mkdir -p "$SHARE"
  printf '#include <fcntl.h>\n#include <unistd.h>\n__attribute__((constructor)) static void ran (void) { close (open ("%s", O_WRONLY | O_CREAT, 0600)); }\n' \
    "$MARK" >"$SBOX_TMP/plugin.c"
  if cc -shared -fPIC -o "$SBOX_TMP/plugin.so" "$SBOX_TMP/plugin.c" 2>"$SBOX_TMP/cc.log"; then
    sbox_run --noprofile --bind "$SHARE" "$SHARE" --ro-bind "$SBOX_TMP/plugin.so" /run/plugin.so \
      -- cp /run/plugin.so "$SHARE/plugin.so"
    check_rc "(setup) the sandbox writes a plugin into a directory it shares with the host" 0
    ladspa=(pactl load-module module-ladspa-sink sink_name=ladspa sink_master=sboxsink
      "plugin=$SHARE/plugin.so" label=x)
    door "${ladspa[@]}"
    check_ne "the audio door refuses module-ladspa-sink with a plugin path" 0 "$RC"
    check "... and the plugin did not run on the host" test ! -e "$MARK"
    raw "${ladspa[@]}"
    check "control: through the bare socket the server runs the sandbox's plugin on the host" test -e "$MARK"
  else
    skip "module-ladspa-sink escape" "cannot compile a plugin: $(head -n 3 "$SBOX_TMP/cc.log")"
  fi
else
  skip "module-ladspa-sink escape" "no C compiler"
fi

before=$(modules)
raw pactl load-module module-null-sink sink_name=rawsink
check_rc "control: through the bare socket LOAD_MODULE succeeds" 0
check_contains "... and the server has one module more" "$(modules)" "module-null-sink module-null-sink"
raw_module=$OUT

door pactl unload-module "$raw_module"
check_ne "the audio door refuses UNLOAD_MODULE" 0 "$RC"
check_contains "... the module is still loaded" "$(pactl list short modules | cut -f1)" "$raw_module"
raw pactl unload-module "$raw_module"
check_rc "control: through the bare socket UNLOAD_MODULE succeeds" 0
check_eq "... and the module is gone" "$before" "$(modules)"

# --- properties ------------------------------------------------------------------------------
# Modules act on the properties of clients and streams: module-filter-apply
# loads module-<filter.apply> with the arguments in
# filter.apply.<name>.parameters, module-role-cork mutes music for a
# media.role=phone stream, module-stream-restore remembers volumes per
# application name.

# plugin NAME: $SHARE/NAME.so, whose constructor creates $SBOX_TMP/NAME-ran.
plugin ()
{
  printf '#include <fcntl.h>\n#include <unistd.h>\n__attribute__((constructor)) static void ran (void) { close (open ("%s", O_WRONLY | O_CREAT, 0600)); }\n' \
    "$SBOX_TMP/$1-ran" >"$SBOX_TMP/$1.c"
  mkdir -p "$SBOX_TMP/share" && cc -shared -fPIC -o "$SBOX_TMP/share/$1.so" "$SBOX_TMP/$1.c" 2>"$SBOX_TMP/cc.log"
}
if have cc && plugin apply-stream && plugin apply-client; then
  # A stream that asks for a filter, and a client whose every stream does.
  stream_apply=(sh -c 'timeout 2 pacat --playback --device=sboxsink --property=filter.apply=ladspa-sink \
    "--property=filter.apply.ladspa-sink.parameters=plugin=$0 label=x" </dev/zero; echo ended' "$SBOX_TMP/share/apply-stream.so")
  client_apply=(env "PULSE_PROP=filter.apply='ladspa-sink' filter.apply.ladspa-sink.parameters='plugin=$SBOX_TMP/share/apply-client.so label=x'"
    sh -c 'timeout 2 pacat --playback --device=sboxsink </dev/zero; echo ended')
  door "${stream_apply[@]}"
  check_run_ok "(setup) a stream with filter.apply properties plays through the door" "ended"
  sleep 0.5
  check "the audio door drops a stream's filter.apply: the server does not load module-ladspa-sink with the sandbox's plugin" \
    test ! -e "$SBOX_TMP/apply-stream-ran"
  door "${client_apply[@]}"
  sleep 0.5
  check "the audio door drops the client's filter.apply (PULSE_PROP): the plugin does not run" \
    test ! -e "$SBOX_TMP/apply-client-ran"
  raw "${stream_apply[@]}"
  check "control: through the bare socket a stream's filter.apply runs the plugin on the host" \
    wait_for 3 test -e "$SBOX_TMP/apply-stream-ran"
  raw "${client_apply[@]}"
  check "control: through the bare socket the client's filter.apply runs the plugin on the host" \
    wait_for 3 test -e "$SBOX_TMP/apply-client-ran"
else
  skip "filter.apply escape" "cannot compile a plugin: $(head -n 3 "$SBOX_TMP/cc.log" 2>/dev/null)"
fi

stream_of () # CLIENT-NAME: the sink input index of that client's stream
{
  pactl list sink-inputs | awk -v name="application.name = \"$1\"" \
    '/^Sink Input #/ { i = substr($3, 2) } index($0, name) { print i; exit }'
}
# shellcheck disable=SC2317 # called through wait_for
has_stream () { [ -n "$(stream_of "$1")" ]; }
volume_of () { pactl list sink-inputs | awk -v i="Sink Input #$1" '$0 == i { f = 1 } f && /Volume:/ { print $5; exit }'; }

# A host stream of media.role=music, and a sandboxed phone call.
pacat --playback --device=sboxsink --client-name=hostmusic --property=media.role=music </dev/zero >/dev/null 2>&1 &
MUSIC=$!
kill_at_exit "$MUSIC"
wait_for 5 has_stream hostmusic
music=$(stream_of hostmusic)
phone='pacat --playback --device=sboxsink --property=media.role=phone </dev/zero & p=$!
sleep 1.5
pactl list sink-inputs | awk -v i="Sink Input #$0" "\$0 == i { f = 1 } f && /Mute:/ { print \$2; exit }"
kill $p'
if [ -z "$music" ]; then
  not_ok "a host stream to cork" "pacat on the host did not show up"
else
  door sh -c "$phone" "$music"
  check_run_ok "the audio door drops media.role=phone: a host music stream is not muted by module-role-cork" "no"
  raw sh -c "$phone" "$music"
  check_run_ok "control: through the bare socket a phone stream mutes the host's music" "yes"
fi
kill "$MUSIC" 2>/dev/null

# The sandbox names itself HostPlayer and turns its own stream down; then
# the host's HostPlayer starts a stream.
quiet='pacat --playback --device=sboxsink --client-name=HostPlayer </dev/zero & p=$!
i=; n=0
while [ -z "$i" ] && [ $n -lt 50 ]; do
  i=$(pactl list sink-inputs | awk "/^Sink Input #/ { i = substr(\$3, 2) } /application.name = \"HostPlayer/ { print i; exit }")
  n=$((n + 1)); sleep 0.1
done
pactl set-sink-input-volume "$i" 30% && echo volume
pactl list sink-inputs | grep -A40 "^Sink Input #$i\$" | grep -E "application\.(name|id) = "
sleep 0.3
kill $p'
host_volume () # the volume a new stream of the host's HostPlayer starts at
{
  pacat --playback --device=sboxsink --client-name=HostPlayer </dev/zero >/dev/null 2>&1 &
  local pid=$! v=
  wait_for 5 has_stream HostPlayer && v=$(volume_of "$(stream_of HostPlayer)")
  kill "$pid"
  wait "$pid" 2>/dev/null
  echo "$v"
}
door sh -c "$quiet"
check_contains "(setup) the sandbox turns its own HostPlayer stream down" "$OUT" "volume"
check_contains "the server sees the sandbox's name marked" "$OUT" 'application.name = "HostPlayer (sbox)"'
check_contains "... and its application.id set by sbox" "$OUT" 'application.id = "noprofile.sbox"'
check_eq "the audio door keeps the sandbox's volume memory apart: the host's HostPlayer still starts at 100%" \
  "100%" "$(host_volume)"
raw sh -c "$quiet"
check_eq "control: through the bare socket the host's HostPlayer starts at the sandbox's 30%" "30%" "$(host_volume)"

# AUTH carries the filter's credentials: a server without auth-anonymous
# takes every connection, however early AUTH arrives.
door bash -c 'for i in $(seq 30); do pactl info >/dev/null 2>&1 || echo fail; done; echo done'
check_run_ok "30 pactl info in a row all pass the server's credential check through the door" "done"
# The race made certain: a server that takes a second to ask for
# credentials on each connection (strace delays its setsockopt), and a
# client whose AUTH arrives in that second. Unless the sender attaches
# credentials, the server reads uid 65534 and, without a cookie, refuses.
if have strace && mkdir -m 0700 "$RUN/slow"; then
  strace -f -qq --seccomp-bpf -o /dev/null -e trace=setsockopt -e inject=setsockopt:delay_enter=500000 \
    pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no --log-target=stderr \
    --load="module-native-protocol-unix socket=$RUN/slow/native" >"$SBOX_TMP/slow.log" 2>&1 </dev/null &
  SLOW_PID=$!
  slow_server=()
  kill_at_exit "$SLOW_PID"
  disown "$SLOW_PID"
  if wait_for 15 env PULSE_SERVER="unix:$RUN/slow/native" pactl info; then
    mapfile -t slow_server < <(pgrep -P "$SLOW_PID")
    kill_at_exit "${slow_server[@]}"
    # First past the connection sbox itself makes to check the server.
    PULSE_SERVER=unix:$RUN/slow/native door sh -c 'sleep 4; exec python3 -c "$0" late "$1" nocreds' "$client" "$R/pulse/native"
    check_run_ok "the audio door sends its credentials with a late AUTH: the server's credential check passes" "reply"
    sbox_run --noprofile --bind "$RUN/slow/native" "$R/pulse/native" -- python3 -c "$client" late "$R/pulse/native" nocreds
    check_run_ok "control: the same AUTH without credentials is refused (PA_ERR_ACCESS)" "error=1"
  else
    skip "late AUTH" "pulseaudio under strace did not start: $(tail -n 3 "$SBOX_TMP/slow.log")"
  fi
  kill "${slow_server[@]}" "$SLOW_PID" 2>/dev/null
else
  skip "late AUTH" "strace is needed to slow the server down"
fi

# --- defaults and other clients' streams -----------------------------------------------------

pactl load-module module-null-sink sink_name=othersink >/dev/null
door pactl set-default-sink othersink
check_ne "the audio door refuses SET_DEFAULT_SINK" 0 "$RC"
check_contains "... the default sink is unchanged" "$(pactl info)" "Default Sink: sboxsink"
raw pactl set-default-sink othersink
check_rc "control: through the bare socket SET_DEFAULT_SINK succeeds" 0
pactl set-default-sink sboxsink

door pactl set-sink-volume sboxsink 10%
check_ne "the audio door refuses SET_SINK_VOLUME (device volume)" 0 "$RC"

# A stream of another client (outside the sandbox), and its index.
pacat --playback --device=sboxsink --client-name=hostplayer </dev/zero >/dev/null 2>&1 &
HOST_PLAYER=$!
kill_at_exit "$HOST_PLAYER"
wait_for 5 has_stream hostplayer
HOST_STREAM=$(stream_of hostplayer)
if [ -z "$HOST_STREAM" ]; then
  not_ok "a stream of another client to aim at" "pacat on the host did not show up"
else
  door pactl set-sink-input-volume "$HOST_STREAM" 10%
  check_ne "the audio door refuses to change another client's stream volume" 0 "$RC"
  check_eq "... its volume is unchanged" "100%" "$(volume_of "$HOST_STREAM")"
  door pactl set-sink-input-mute "$HOST_STREAM" 1
  check_ne "the audio door refuses to mute another client's stream" 0 "$RC"
  door python3 -c "$client" kill "$R/pulse/native" "$HOST_STREAM"
  check_run_ok "the audio door refuses to kill another client's stream (PA_ERR_ACCESS)" "error=1"
  check "... it still plays" kill -0 "$HOST_PLAYER"
  door pactl move-sink-input "$HOST_STREAM" othersink
  check_ne "the audio door refuses to move another client's stream" 0 "$RC"
  door sh -c "timeout 5 parec --monitor-stream=$HOST_STREAM --raw | wc -c"
  check_eq "the audio door refuses to record another client's stream alone (direct_on_input)" 0 "$OUT"
  raw sh -c "timeout 5 parec --monitor-stream=$HOST_STREAM --raw | wc -c"
  check_gt "control: through the bare socket another client's stream can be recorded alone" 0 "$OUT"
  raw pactl set-sink-input-volume "$HOST_STREAM" 10%
  check_rc "control: through the bare socket another client's volume can be changed" 0
  check_eq "... and it is" "10%" "$(volume_of "$HOST_STREAM")"
  raw python3 -c "$client" kill "$R/pulse/native" "$HOST_STREAM"
  check_run_ok "control: through the bare socket another client's stream can be killed" "reply"
  check "... and its player ends" wait_gone 3 "$HOST_PLAYER"
fi

# The app's own stream (from another of its connections: pactl).
own='pacat --playback --device=sboxsink --client-name=boxplayer </dev/zero & p=$!
i=; n=0
while [ -z "$i" ] && [ $n -lt 50 ]; do
  i=$(pactl list sink-inputs | awk "/^Sink Input #/ { i = substr(\$3, 2) } /application.name = \"boxplayer/ { print i; exit }")
  n=$((n + 1)); sleep 0.1
done
pactl set-sink-input-volume "$i" 50% && echo volume
pactl set-sink-input-mute "$i" 1 && echo mute
pactl list sink-inputs | grep -A20 "^Sink Input #$i\$" | grep -m1 "Volume:" | awk "{ print \$5 }"
pactl move-sink-input "$i" othersink && echo moved
pactl list short sink-inputs | awk -v i="$i" "\$1 == i { print \$2 }"
test "$(timeout 5 parec --monitor-stream="$i" --raw | wc -c)" -gt 0 && echo recorded
kill $p'
door sh -c "$own"
check_run_ok "the app may change the volume of, mute, move and record its own stream" "volume
mute
50%
moved
$(pactl list short sinks | awk '$2 == "othersink" { print $1 }')
recorded"

# --- shared memory and file descriptors -------------------------------------------------------

door python3 -c "$client" auth "$R/pulse/native"
check_run_ok "the audio door clears the shared-memory capabilities in AUTH" "caps=0"
raw python3 -c "$client" auth "$R/pulse/native"
check_ne "control: through the bare socket the server offers shared memory" "caps=0" "$OUT"

door python3 -c "$client" fd "$R/pulse/native"
check_run_ok "the audio door drops a client that passes a file descriptor" "eof"
door python3 -c "$client" nofd "$R/pulse/native"
check_run_ok "control: the same packet without the descriptor is answered" "reply"
raw python3 -c "$client" fd "$R/pulse/native"
check_run_ok "control: the server itself takes the packet with the descriptor" "reply"

door python3 -c "$client" shm "$R/pulse/native"
check_run_ok "the audio door drops a client that sends a shared-memory block" "eof"
door python3 -c "$client" noshm "$R/pulse/native"
check_run_ok "control: without it the same connection is answered" "reply"

door python3 -c "$client" big "$R/pulse/native"
check_run_ok "the audio door drops a client that announces an oversized packet" "eof"

# --- PipeWire -------------------------------------------------------------------------------
# PipeWire confines a client whose root holds /.flatpak-info (its access
# module); no PipeWire runs here, so this checks the sandbox's side only.

/usr/bin/python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$RUN/pipewire-0"
sbox_run --noprofile --socket=pipewire -- sh -c 'test -S '"$R"'/pipewire-0 && sed -n "s/^name=//p" /.flatpak-info'
check_match "the PipeWire door comes with /.flatpak-info, so PipeWire treats the app as a Flatpak app" "$OUT" '^org\.sbox\.Run[0-9]+$'
sbox_run --noprofile -- test -e /.flatpak-info
check_rc "control: without the door (and without AppId) there is no /.flatpak-info" 1

# --- lifetime --------------------------------------------------------------------------------

sbox_run --noprofile --socket=pulseaudio --verbose -- true
filter_pid=$(printf '%s\n' "$ERR" | sed -n 's/^sbox: audio filter \([0-9]*\) serves.*/\1/p')
if [ -z "$filter_pid" ]; then
  not_ok "the filter ends with the sandbox" "no filter pid in: $ERR"
else
  check "the filter ends with the sandbox" wait_gone 1 "$filter_pid"
fi
check_eq "... and leaves nothing in the runtime directory" "" "$(ls -A "$RUN/sbox" 2>/dev/null)"

# The launcher killed: the filter goes too.
"$SBOX" --noprofile --socket=pulseaudio --verbose -- sleep 60 >/dev/null 2>"$SBOX_TMP/killed.err" </dev/null &
launcher=$!
wait_for 5 grep -q "audio filter" "$SBOX_TMP/killed.err"
filter_pid=$(sed -n 's/^sbox: audio filter \([0-9]*\) serves.*/\1/p' "$SBOX_TMP/killed.err")
# The filter holds one seccomp filter more than the launcher it forked from
# (which may itself run under a container's).
filters_of () { awk '/^Seccomp_filters:/ { print $2 }' "/proc/$1/status"; }
if [ -n "$filter_pid" ] && [ -n "$(filters_of "$launcher")" ]; then
  check_eq "the filter confines itself with seccomp" "$(($(filters_of "$launcher") + 1))" "$(filters_of "$filter_pid")"
  check_eq "... and no_new_privs" 1 "$(awk '/^NoNewPrivs:/ { print $2 }' "/proc/$filter_pid/status")"
else
  skip "the filter confines itself with seccomp" "no Seccomp_filters in /proc/PID/status"
fi
kill -9 "$launcher"
wait "$launcher" 2>/dev/null
if [ -z "$filter_pid" ]; then
  not_ok "the filter dies with a killed launcher" "no filter pid in: $(cat "$SBOX_TMP/killed.err")"
else
  check "the filter dies with a killed launcher" wait_gone 3 "$filter_pid"
fi

kill "$HOST_PLAYER" 2>/dev/null
kill -TERM "$PA_PID" 2>/dev/null
wait_gone 3 "$PA_PID"
done_testing
