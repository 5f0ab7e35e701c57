#!/bin/bash
# root-trace.sh — sbox-trace, the eBPF tracer, as root (how CI audits a
# build): a probe with a known set of actions yields exactly those paths,
# addresses, signals and calls; the allowlist written from a run lets that
# run through Seccomp= and refuses a call the run did not make; another
# sandbox and the host are not in the trace; attaching by name and pid; the
# comparison with a profile; a real C build's strict allowlist; bad input.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root"
# Staged beside sbox by run-test.sh, else in the build tree.
TRACE=${SBOX%/*}/sbox-trace
[ -x "$TRACE" ] || TRACE=${SBOX_BUILD_DIR:+$SBOX_BUILD_DIR/helpers/sbox-trace}
{ [ -n "$TRACE" ] && [ -x "$TRACE" ]; } || skip_all "sbox-trace was not built (configure found no libbpf, clang, llvm or bpftool)"
[ -r /sys/kernel/btf/vmlinux ] || skip_all "this kernel has no BTF"
PROBE=${SBOX_PROBE%/*}/trace-probe
[ -x "$PROBE" ] || bail_out "trace-probe is not staged beside the probe"
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
T=$SBOX_TMP
SOCK=$T/probe.sock
bg_pids=() # background helpers of the current section
PORT=9

# trace ARGS...: sbox-trace with a time limit; RC, OUT, ERR as sbox_run.
trace ()
{
  timeout -k 5 120 "$TRACE" "$@" >"$T/.stdout" 2>"$T/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$T/.stdout")
  ERR=$(cat "$T/.stderr")
}

# jq_py JSON EXPR: evaluate a Python expression over the JSON document d.
jq_py ()
{
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# --- bad input: one line, exit 125 ---------------------------------------------------
trace --help
check_rc "--help exits 0" 0
check_contains "--help names --profile" "$OUT" "--profile=FILE"
trace --bogus -- true
check_rc "an unknown option: 125" 125
check_eq "... one line naming it" "sbox-trace: unknown option '--bogus' (see sbox-trace --help)" "$ERR"
trace --json=x.json
check_rc "nothing to trace: 125" 125
check_match "... says what is missing" "$ERR" "^sbox-trace: nothing to trace"
SBOX_TRACE_BTF=/nonexistent/vmlinux trace -- true
check_rc "a kernel without BTF: 125" 125
check_match "... one line naming BTF" "$ERR" "^sbox-trace: this kernel has no BTF type information \(/nonexistent/vmlinux"
check_eq "... and only one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
trace --name=no-such-sandbox-here
check_rc "an unknown instance name: 125" 125
check_match "... one line naming it" "$ERR" "^sbox-trace: --name: .*no-such-sandbox-here"
check_eq "... and only one line" 1 "$(printf '%s\n' "$ERR" | wc -l)"
trace --pid=$$
check_rc "--pid of a process outside any sandbox: 125" 125
check_match "... says it is not in a sandbox" "$ERR" "process $$ is not in a sandbox"
trace --json=/nonexistent-dir/t.json -- touch "$T/ran"
check_rc "an output that cannot be written: 125" 125
check_eq "... said before the run, in one line" \
  "sbox-trace: --json: cannot write in /nonexistent-dir: No such file or directory" "$ERR"
check "... and the command did not run" test ! -e "$T/ran"
trace --pid=abc
check_rc "--pid=abc: 125" 125
if command -v setpriv >/dev/null && id -u nobody >/dev/null 2>&1; then
  out=$(setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$TRACE" -- true 2>&1)
  rc=$?
  check_eq "without BPF permission: 125" 125 "$rc"
  check_eq "... one line saying to run it as root" \
    "sbox-trace: no permission to load BPF programs: run sbox-trace as root (it needs CAP_BPF and CAP_PERFMON)" "$out"
fi

"$SBOX" --doctor >"$T/doctor" 2>&1
check_match "sbox --doctor says tracing is possible here" "$(cat "$T/doctor")" "^OK +tracing +.*sbox-trace; this kernel has BTF"

# --- the probe: exactly what it did -------------------------------------------------
python3 - "$SOCK" <<'PY' &
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1]); s.listen(8)
time.sleep(60)
PY
kill_at_exit $!
wait_for 5 test -S "$SOCK"
probe_view=(--noprofile --ro-bind "$PROBE" /opt/trace-probe --bind "$SOCK" /run/probe.sock)
trace --json="$T/probe.json" --profile="$T/probe.frag" -- "$SBOX" "${probe_view[@]}" -- \
  /opt/trace-probe /run/probe.sock "$PORT"
check_rc "a traced run exits with the command's status" 0
check_contains "the probe ran its actions" "$OUT" "open-passwd ok"
check_contains "the summary names the calls made" "$ERR" "sbox-trace: "
check "the JSON trace is valid JSON" python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$T/probe.json"
check_eq "no event was lost" 0 "$(jq_py "$T/probe.json" 'd["lost_events"]')"
check_eq "the program started is the probe, nothing else (sbox's own steps are not traced)" \
  "['/opt/trace-probe']" "$(jq_py "$T/probe.json" '[p["path"] for p in d["programs"]]')"
# Every path outside the loader's: exactly the probe's, resolved by the kernel.
paths=$(jq_py "$T/probe.json" '" ".join(sorted(p["path"] for p in d["paths"] if not p["path"].startswith(("/usr/lib", "/lib", "/etc/ld.so", "/usr/local/lib"))))')
check_eq "the paths named are exactly the probe's" \
  "/etc /etc/os-release /etc/passwd /etc/sbox-trace-missing /tmp/trace-probe-moved /tmp/trace-probe-out /usr/share /usr/share/doc" "$paths"
check_eq "... a relative name resolved against the cwd" "True" \
  "$(jq_py "$T/probe.json" 'any(p["path"] == "/usr/share/doc" and p["resolved"] and p["ok"] for p in d["paths"])')"
check_eq "... a name relative to a directory fd resolved against it" "True" \
  "$(jq_py "$T/probe.json" 'any(p["path"] == "/etc/os-release" and p["call"] == "newfstatat" and p["ok"] for p in d["paths"])')"
check_eq "... a missing file with its error" "ENOENT" \
  "$(jq_py "$T/probe.json" '[p["last_error"] for p in d["paths"] if p["path"] == "/etc/sbox-trace-missing"][0]')"
check_eq "... a file opened for writing is marked so" "True" \
  "$(jq_py "$T/probe.json" '[p["write"] for p in d["paths"] if p["path"] == "/tmp/trace-probe-out"][0]')"
check_eq "... both names of a rename, the new one marked written" "True" \
  "$(jq_py "$T/probe.json" '[p["write"] and p["call"].startswith("rename") for p in d["paths"] if p["path"] == "/tmp/trace-probe-moved"][0]')"
check_eq "the connections: the unix socket and loopback TCP, with results" \
  "connect inet 127.0.0.1:$PORT ECONNREFUSED|connect unix /run/probe.sock ok" \
  "$(jq_py "$T/probe.json" '"|".join(sorted(s["call"] + " " + s["what"] + " " + (s["last_error"] or "ok") for s in d["sockets"]))')"
check_match "the signal sent: kill of its own pid with signal 0" \
  "$(jq_py "$T/probe.json" '[s["what"] for s in d["signals"]]')" "pid [0-9]+, SIG0"
check_eq "the namespace call attempted" "unshare CLONE_NEWUSER" \
  "$(jq_py "$T/probe.json" '" ".join(n["call"] + " " + n["what"] for n in d["namespaces"])')"
check_eq "the distinctive call is counted once" 1 \
  "$(jq_py "$T/probe.json" '[s["calls"] for s in d["syscalls"] if s["name"] == "getpriority"][0]')"
check_eq "sbox's own setup calls are not in it (pivot_root, mount)" "[]" \
  "$(jq_py "$T/probe.json" '[s["name"] for s in d["syscalls"] if s["name"] in ("pivot_root", "mount", "seccomp", "landlock_restrict_self")]')"
check_contains "the fragment holds a SeccompAllow= line with the calls" "$(cat "$T/probe.frag")" "SeccompAllow="
check_contains "... getpriority among them" "$(grep '^SeccompAllow=' "$T/probe.frag")" ";getpriority;"
check_contains "... the network it needed: loopback only" "$(cat "$T/probe.frag")" "#Network=loopback"
check "the .syscalls list holds execve" grep -qx execve "$T/probe.frag.syscalls"

# --- the allowlist: lets the run through, refuses what it did not do -----------------
sbox_run "${probe_view[@]}" --seccomp="$T/probe.frag.syscalls" -- /opt/trace-probe /run/probe.sock "$PORT"
check_rc "the probe runs under Seccomp= the list written from its trace" 0
check_contains "... every action as before" "$OUT" "getpriority ok"
sbox_run "${probe_view[@]}" --seccomp="$T/probe.frag.syscalls" -- /opt/trace-probe --extra /run/probe.sock "$PORT"
check_contains "a call the traced run never made is refused under it" "$OUT" "getitimer ENOSYS"
sbox_run "${probe_view[@]}" -- /opt/trace-probe --extra /run/probe.sock "$PORT"
check_contains "control: under the default policy that call works" "$OUT" "getitimer ok"

# --- Landlock's own records ----------------------------------------------------------
audit_enabled ()
{
  python3 - <<'PY'
import socket, struct
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 9)
s.bind((0, 0))
s.send(struct.pack("=LHHLL", 16, 1000, 5, 1, 0))
for _ in range(3):
    d = s.recv(4096)
    if struct.unpack("=LH", d[:6])[1] == 1000:
        print(struct.unpack("=LL", d[16:24])[1])
        break
PY
}
if [ "$(audit_enabled)" = 0 ]; then
  # Network=none: Landlock refuses TCP connect; a second sandbox beside it
  # is refused the same way on another port.
  # shellcheck disable=SC2016 # expanded by the sandbox's bash
  "$SBOX" --noprofile --network=none -- bash -c 'for i in $(seq 30); do (exec 3<>/dev/tcp/127.0.0.1/7) 2>/dev/null; sleep 0.1; done' \
    </dev/null >/dev/null 2>&1 &
  bg_pids+=($!)
  kill_at_exit $!
  trace --audit --quiet --json="$T/audit.json" -- "$SBOX" "${probe_view[@]}" --network=none -- \
    /opt/trace-probe --sleep=1 /run/probe.sock "$PORT"
  check_contains "Network=none: the probe's TCP connect is refused" "$OUT" "connect-inet EACCES"
  check_eq "--audit: Landlock's record of it is in the trace" \
    "net.connect_tcp daddr=127.0.0.1 dest=$PORT" \
    "$(jq_py "$T/audit.json" '"|".join(l["call"] + " " + l["what"] for l in d["landlock"])')"
  trace --audit --quiet --json="$T/audit-other.json" -- "$SBOX" --noprofile --network=none -- \
    bash -c '(exec 3<>/dev/tcp/127.0.0.1/7) 2>/dev/null; true'
  check_eq "control: a trace of such a sandbox has its record" \
    "net.connect_tcp daddr=127.0.0.1 dest=7" \
    "$(jq_py "$T/audit-other.json" '"|".join(l["call"] + " " + l["what"] for l in d["landlock"])')"
  check_eq "... and audit is off again afterwards" 0 "$(audit_enabled)"
  wait "${bg_pids[@]}" 2>/dev/null
  bg_pids=()
  trace --quiet --json="$T/noaudit.json" -- "$SBOX" "${probe_view[@]}" --network=none -- \
    /opt/trace-probe /run/probe.sock "$PORT"
  check_eq "control: without --audit (audit off) no record, and the trace says why" \
    "[] the kernel's audit log is off (--audit turns it on while tracing)" \
    "$(jq_py "$T/noaudit.json" 'str(d["landlock"]) + " " + d["landlock_records"]')"
else
  skip "the kernel's audit log is on already: the --audit checks need it off" 6
fi

# --- as another user --------------------------------------------------------------
if id -u nobody >/dev/null 2>&1; then
  trace --quiet --user=nobody -- "$SBOX" --noprofile -- id -u
  check_eq "--user: the sandbox runs as that user" "$(id -u nobody)" "$OUT"
fi
trace --user=no-such-user-here -- true
check_rc "--user naming no user: 125" 125

# --- only the traced sandbox --------------------------------------------------------
# A second sandbox and a host process look up marker paths while the probe
# is traced; neither is in the trace, while a trace of the second has it.
second=sbox-trace-second-$$
"$SBOX" --noprofile -- sh -c "for i in \$(seq 40); do test -e /$second; sleep 0.1; done" \
  </dev/null >/dev/null 2>&1 &
bg_pids+=($!)
kill_at_exit $!
(for _ in $(seq 40); do test -e "/host-$second"; sleep 0.1; done) &
bg_pids+=($!)
kill_at_exit $!
trace --quiet --json="$T/alone.json" -- "$SBOX" "${probe_view[@]}" -- \
  /opt/trace-probe --sleep=2 /run/probe.sock "$PORT"
check_rc "traced beside another sandbox and a host process" 0
check_eq "the other sandbox's lookups are not in the trace" "[]" \
  "$(jq_py "$T/alone.json" "[p['path'] for p in d['paths'] if '$second' in p['path']]")"
check_eq "... the traced probe's are" "True" \
  "$(jq_py "$T/alone.json" 'any(p["path"] == "/etc/passwd" for p in d["paths"])')"
trace --quiet --json="$T/second.json" -- "$SBOX" --noprofile -- sh -c "test -e /$second; true"
check_eq "control: a trace of such a sandbox has its lookups" "True" \
  "$(jq_py "$T/second.json" "any(p['path'] == '/$second' for p in d['paths'])")"
wait "${bg_pids[@]}" 2>/dev/null
bg_pids=()

# A command joined later with --enter is the sandbox's too.
name=trace-enter-$$
(for _ in $(seq 100); do "$SBOX" --list 2>/dev/null | grep -q "$name" && break; sleep 0.05; done
 "$SBOX" --enter="$name" -- sh -c "test -e /entered-$$") >/dev/null 2>&1 &
bg_pids+=($!)
kill_at_exit $!
trace --quiet --json="$T/enter.json" -- "$SBOX" --name="$name" --noprofile -- sleep 4
check_eq "a command joined with --enter is traced from its exec" "True" \
  "$(jq_py "$T/enter.json" "any(p['path'] == '/entered-$$' for p in d['paths'])")"
wait "${bg_pids[@]}" 2>/dev/null
bg_pids=()

# --- attaching to a running sandbox ---------------------------------------------------
name=trace-attach-$$
"$SBOX" --name="$name" --noprofile -- sh -c "while :; do test -e /attach-$$; sleep 0.1; done" \
  </dev/null >/dev/null 2>&1 &
attached=$!
kill_at_exit $attached
wait_for 10 "$SBOX" --list
for _ in $(seq 50); do "$SBOX" --list 2>/dev/null | grep -q "$name" && break; sleep 0.1; done
timeout --preserve-status -s INT 2 "$TRACE" --quiet --json="$T/attach.json" --name="$name" >/dev/null 2>"$T/attach.err"
check_eq "--name: attached, ended by SIGINT with status 0" 0 "$?"
check_eq "... the sandbox's lookups are in the trace" "True" \
  "$(jq_py "$T/attach.json" "any(p['path'] == '/attach-$$' for p in d['paths'])")"
check_eq "... and nothing of the host" "[]" \
  "$(jq_py "$T/attach.json" "[p['path'] for p in d['paths'] if 'host-' in p['path']]")"
child=$("$SBOX" --list=json 2>/dev/null | python3 -c "import json, sys; print([i for i in json.load(sys.stdin) if i.get('name') == '$name'][0].get('pid', ''))" 2>/dev/null)
if [ -n "$child" ]; then
  timeout --preserve-status -s INT 2 "$TRACE" --quiet --json="$T/attach-pid.json" --pid="$child" >/dev/null 2>&1
  check_eq "--pid of the sandbox's first process: the same lookups" "True" \
    "$(jq_py "$T/attach-pid.json" "any(p['path'] == '/attach-$$' for p in d['paths'])")"
else
  skip "--pid: sbox --list --json gave no pid" 1
fi
kill "$attached" 2>/dev/null
wait "$attached" 2>/dev/null

# --pid of a process that ends before its sandbox: the trace goes on until
# the sandbox ends (here: until SIGINT), so what runs after it is traced.
name=trace-attach-short-$$
"$SBOX" --name="$name" --noprofile -- \
  sh -c "sleep 2.$$ & wait \$!; while :; do test -e /late-$$; sleep 0.1; done" \
  </dev/null >/dev/null 2>&1 &
attached=$!
kill_at_exit $attached
short=
for _ in $(seq 50); do short=$(pgrep -fx "sleep 2.$$") && break; sleep 0.1; done
if [ -n "$short" ]; then
  timeout --preserve-status -s INT 5 "$TRACE" --quiet --json="$T/attach-short.json" --pid="$short" \
    >/dev/null 2>&1
  check_eq "--pid of a process that exits first: status 0 at SIGINT" 0 "$?"
  check_eq "... what the sandbox did after it is in the trace" "True" \
    "$(jq_py "$T/attach-short.json" "any(p['path'] == '/late-$$' for p in d['paths'])")"
else
  skip "--pid of a short process: it was not found" 2
fi
kill "$attached" 2>/dev/null
wait "$attached" 2>/dev/null

# --- --diff: over-granted and refused ----------------------------------------------
mkdir -p "$T/granted-unused"
secret=$T/needed-$$
echo s >"$secret"
cat >"$T/diff.profile" <<PROFILE
[Profile]
Description=trace diff test

[Context]
filesystems=$T/granted-unused:ro;
PROFILE
trace --quiet --diff="$T/diff.profile" -- "$SBOX" --profile="$T/diff.profile" \
  --ro-bind "$PROBE" /opt/trace-probe --bind "$SOCK" /run/probe.sock -- \
  /opt/trace-probe /run/probe.sock "$PORT" "$secret"
check_rc "--diff: the run's status" 0
check_contains "--diff: a grant never used is named" "$OUT" "filesystem $T/granted-unused"
check_contains "--diff: a path needed and refused is named" "$OUT" "path $secret (ENOENT"
check_not_contains "--diff: a grant that was used is not" "$OUT" "filesystem /opt/trace-probe"

# --- learn and trace on the same program ---------------------------------------------
sbox_run "${probe_view[@]}" --learn="$T/learn.frag" -- /opt/trace-probe /run/probe.sock "$PORT"
check_rc "--learn on the same probe" 0
for call in getpriority connect kill openat; do
  check "both name $call" sh -c "grep -qx $call '$T/learn.frag.syscalls' && grep -qx $call '$T/probe.frag.syscalls'"
done
# The default policy refuses unshare before --learn's filter is asked;
# the tracer sees the call and its EPERM.
check "only sbox-trace names unshare, which the policy refused" \
  sh -c "grep -qx unshare '$T/probe.frag.syscalls' && ! grep -qx unshare '$T/learn.frag.syscalls'"
diag "only --learn: $(comm -23 <(grep -v '^#' "$T/learn.frag.syscalls" | sort) <(grep -v '^#' "$T/probe.frag.syscalls" | sort) | tr '\n' ' ')"
diag "only sbox-trace: $(comm -13 <(grep -v '^#' "$T/learn.frag.syscalls" | sort) <(grep -v '^#' "$T/probe.frag.syscalls" | sort) | tr '\n' ' ')"

# --- a real C build: its strict allowlist ----------------------------------------------
# Staged beside the test when run-test.sh runs it, else in the tree.
here=$(dirname "${BASH_SOURCE[0]}")
tarball=$here/cache/lua5.4_5.4.4.orig.tar.gz
[ -r "$tarball" ] || tarball=$here/../cache/lua5.4_5.4.4.orig.tar.gz
if [ -f "$tarball" ]; then
  tree=$(mktemp -d /var/tmp/sbox-trace-lua.XXXXXX)
  remove_at_exit "$tree"
  tar -xzf "$tarball" -C "$tree" --no-same-owner
  src=$tree/lua-5.4.4
  build ()
  {
    (cd "$src" && make -s clean >/dev/null 2>&1
     timeout 600 "$@" >"$T/build.out" 2>&1)
  }
  build "$TRACE" --quiet --profile="$T/build.frag" --json="$T/build.json" -- "$SBOX" --profile=build -- make -j2 linux
  check_eq "traced: the Lua build passes under --profile=build" 0 "$?"
  check "... and made its interpreter" test -x "$src/src/lua"
  check_gt "... its allowlist names dozens of calls" 20 "$(grep -vc "^#" "$T/build.frag.syscalls")"
  refused_always=$(jq_py "$T/build.json" '" ".join(s["name"] for s in d["syscalls"] if s["arch"] == "x86_64" and s["calls"] and s["enosys"] == s["calls"])')
  diag "answered ENOSYS every time in the build: ${refused_always:-none}"
  for call in $refused_always; do
    check "... it leaves out $call, answered ENOSYS every time, and says so" \
      sh -c "! grep -qx '$call' '$T/build.frag.syscalls' && grep -A1 'ENOSYS every time' '$T/build.frag' | grep -qw '$call'"
  done
  build "$SBOX" --profile=build --seccomp="$T/build.frag.syscalls" -- make -j2 linux
  check_eq "the build passes under Seccomp= that list" 0 "$?"
  check "... and made its interpreter" test -x "$src/src/lua"
  # One call taken out (the first of these it lists) is enough to fail;
  # each more is a build more beside the other tests.
  for call in pipe2 vfork openat; do
    grep -qx "$call" "$T/build.frag.syscalls" || continue
    grep -vx "$call" "$T/build.frag.syscalls" >"$T/minus.syscalls"
    build "$SBOX" --profile=build --seccomp="$T/minus.syscalls" -- make -j2 linux
    check_ne "... and fails under it minus $call" 0 "$?"
    break
  done
else
  skip "Lua's source is not in tests/cache (./bootstrap fetches it)" 6
fi

done_testing
