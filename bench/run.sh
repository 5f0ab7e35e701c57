#!/bin/bash
# bench/run.sh — `make bench`: sbox against bubblewrap and firejail in one
# run, as an unprivileged user. Startup (hyperfine, interleaved, median/p90/
# min), per-syscall cost, the launcher's resident memory, and a build inside
# --profile=build against the same build outside; the network modes' start
# and a 100 MB download through each. Writes results.md beside this script
# and bench-results.json in the build directory.
set -u
builddir=$(cd "${1:-.}" && pwd)
srcdir=$(cd "$(dirname "$0")/.." && pwd)
runs=${BENCH_RUNS:-40}

# Memory of what waits beside the app, a second into the run: resident set
# (every page mapped, shared or not) and proportional set (shared pages
# divided among their users), summed over the launcher and its children.
# Only root can read the smaps of sbox's init, which is not dumpable.
mem_of () { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
mem_of_tree () { local sum; sum=$(mem_of "$1" "$2"); for p in $(pgrep -P "$1"); do sum=$((sum + $(mem_of "$p" "$2"))); done; echo "$sum"; }
measure_memory () { # [RUN-AS...] :: SBOX VIEW...: prints "sbox-rss sbox-pss bwrap-rss bwrap-pss sbox-bwrap-rss sbox-bwrap-pss"
  local as=() launcher sbox_mem bwrap_mem sbwrap_mem
  while [ "$1" != :: ]; do as+=("$1"); shift; done
  shift
  local sbox_bin=$1; shift
  "${as[@]}" "$sbox_bin" --noprofile -- sleep 3 & launcher=$!
  sleep 1
  sbox_mem="$(mem_of_tree "$launcher" Rss) $(mem_of_tree "$launcher" Pss)"
  wait "$launcher"
  "${as[@]}" bwrap "$@" sleep 3 & launcher=$!
  sleep 1
  bwrap_mem="$(mem_of_tree "$launcher" Rss) $(mem_of_tree "$launcher" Pss)"
  wait "$launcher"
  # sbox-bwrap with bwrap's own command line.
  "${as[@]}" "$(dirname "$sbox_bin")/sbox-bwrap" "$@" sleep 3 & launcher=$!
  sleep 1
  sbwrap_mem="$(mem_of_tree "$launcher" Rss) $(mem_of_tree "$launcher" Pss)"
  wait "$launcher"
  echo "$sbox_mem $bwrap_mem $sbwrap_mem"
}
view=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/lib64 /lib64
      --symlink usr/sbin /sbin --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache --proc /proc
      --dev /dev --tmpfs /tmp --unshare-all --die-with-parent)

# 100 sandboxes at once (tests/integration/load.sh; as the test user when
# run as root): "COUNT SECONDS PEAK-KB" into FILE. BENCH_ONLY=load stops
# the bench after it.
bench_load () { # FILE
  local file=$1
  : >"$file" && chmod a+rw "$file"
  SBOX_BUILT=$builddir/sandbox/sbox SBOX_PROBE_BUILT=$builddir/tests/helpers/sbox-probe \
    SBOX_TESTS_SRCDIR=$srcdir/tests/integration LOAD_REPORT=$file \
    bash "$srcdir/tests/integration/run-test.sh" "$srcdir/tests/integration/load.sh" \
    >"$file.log" 2>&1 || { echo "bench: the load run failed:"; grep -E '^(not ok|#)' "$file.log" | head -n 20; }
  if [ -s "$file" ]; then
    read -r n secs kb <"$file"
    echo "load: $n sandboxes at once in $secs s, peak summed RSS $((kb / 1024)) MiB"
  fi
  if [ "${BENCH_ONLY:-}" = load ]; then exit 0; fi
}

if [ "$(id -u)" = 0 ] && [ -z "${SBOX_BENCH_STAGE:-}" ]; then
  # Measure what an unprivileged user gets: stage world-readable, drop root.
  id sbox-test >/dev/null 2>&1 || useradd --system --user-group --create-home \
    --home-dir /var/lib/sbox-test --shell /bin/sh sbox-test
  stage=$(mktemp -d /var/tmp/sbox-bench.XXXXXX)
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/sandbox" "$stage/bench" "$stage/src"
  cp "$builddir/sandbox/sbox" "$stage/sandbox/"
  ln -s sbox "$stage/sandbox/sbox-bwrap"
  cp "$builddir/bench/syscall-cost" "$builddir/bench/launch" "$srcdir/bench/run.sh" \
    "$srcdir/bench/report.py" "$srcdir/bench/thresholds" "$stage/bench/"
  [ -x "$builddir/tests/helpers/no-userns" ] && cp "$builddir/tests/helpers/no-userns" "$stage/bench/"
  cp -r "$srcdir/profiles" "$stage/"
  cp "$srcdir"/sandbox/*.c "$srcdir"/sandbox/*.h "$stage/src/"
  cp "$builddir/config.h" "$builddir/installdirs.h" "$stage/src/"
  chmod -R a+rX "$stage"
  chmod a+rwx "$stage"
  mkdir -p "$stage/bench-raw"
  bench_load "$stage/bench-raw/load.txt"
  measure_memory setpriv --reuid=sbox-test --regid=sbox-test --init-groups --reset-env -- \
    env PATH=/usr/bin:/bin HOME=/var/lib/sbox-test :: "$stage/sandbox/sbox" "${view[@]}" \
    >"$stage/bench-raw/rss.txt"

  # What sbox-trace costs (it needs root, so it is measured here): the C
  # build below (sbox's sources, make -j2) in --profile=build, untraced and
  # under sbox-trace in turn, five times each; wall time and the build's
  # CPU time (user + system of everything it ran, the kernel side of the
  # tracer included).
  tracer=$builddir/helpers/sbox-trace
  if [ -x "$tracer" ] && [ -r /sys/kernel/btf/vmlinux ]; then
    trace_build ()
    {
      local dir
      dir=$(mktemp -d "$stage/trace-build.XXXXXX")
      cp "$stage"/src/*.c "$stage"/src/*.h "$dir/"
      # shellcheck disable=SC2016 # make expands these $(...), not the shell
      printf 'CFLAGS=-O2 -iquote . $(shell pkg-config --cflags glib-2.0)\nall: $(patsubst %%.c,%%.o,$(wildcard *.c))\n' >"$dir/Makefile"
      (cd "$dir" && SBOX_PROFILE_PATH=$stage/profiles \
        /usr/bin/time -f '%e %U %S' -o "$dir/.time" "$@" make -s -j2 >/dev/null 2>&1) \
        || echo "bench: a build for the tracing cost failed: $*" >&2
      cat "$dir/.time"
      rm -rf "$dir"
    }
    for _ in 1 2 3 4 5; do
      echo "untraced $(trace_build "$stage/sandbox/sbox" --profile=build --)"
      echo "traced $(trace_build "$tracer" --quiet -- "$stage/sandbox/sbox" --profile=build --)"
    done >"$stage/bench-raw/trace.txt"
  else
    echo "skipped sbox-trace was not built, or this kernel has no BTF" >"$stage/bench-raw/trace.txt"
  fi
  chown -R sbox-test "$stage/bench-raw"

  # The network modes' stage, as tests/integration/root-net-isolated.sh
  # builds it: a network namespace behind a veth pair stands in for the
  # internet at an address that is neither loopback, private, link-local
  # nor the host's own (TEST-NET-2, routed from the benchmarking range), so
  # both pasta and the filtered network's proxy let it through. Addresses
  # derive from the pid: a test may hold 198.51.100.1 meanwhile. The
  # user gets a /dev/net/tun as Debian's udev makes it (0666) in a private
  # mount namespace, for pasta.
  net_n=$((2 + $$ % 200))
  net_ns=sbox-bench-$$ net_host_if=sbbh$$ net_ns_if=sbbn$$
  net_addr=198.51.100.$net_n net_gw=198.18.0.$net_n net_port=8000
  net_server='' net_tun='' net_skip=''
  # shellcheck disable=SC2317 # called from the exit trap
  net_stage_down ()
  {
    [ -z "$net_server" ] || kill "$net_server" 2>/dev/null
    ip netns del "$net_ns" 2>/dev/null
    ip link del "$net_host_if" 2>/dev/null
  }
  trap 'net_stage_down; rm -rf "$stage"' EXIT
  net_stage_up ()
  {
    local tool
    for tool in ip curl python3 unshare; do
      command -v "$tool" >/dev/null || { net_skip="no $tool"; return 1; }
    done
    ip netns add "$net_ns" || { net_skip="cannot make a network namespace"; return 1; }
    { ip link add "$net_host_if" type veth peer name "$net_ns_if" \
        && ip link set "$net_ns_if" netns "$net_ns" \
        && ip addr add "$net_gw/32" peer "$net_addr/32" dev "$net_host_if" \
        && ip link set "$net_host_if" up \
        && ip -n "$net_ns" link set lo up \
        && ip -n "$net_ns" addr add "$net_addr/32" peer "$net_gw/32" dev "$net_ns_if" \
        && ip -n "$net_ns" link set "$net_ns_if" up \
        && ip -n "$net_ns" route add default via "$net_gw"; } \
      || { net_skip="cannot make the veth pair"; return 1; }
    mkdir -p "$stage/net"
    # 100 MB, sparse: the server reads it from the page cache.
    truncate -s 100M "$stage/net/blob"
    # One file, sent with sendfile(2) so that the server is not what limits
    # the download (http.server copies through Python in 64 KiB pieces).
    cat >"$stage/net/serve.py" <<'PY'
import os, socketserver, sys
addr, port, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = os.path.getsize(path)
class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while self.rfile.readline().strip():  # the request and its headers
            pass
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nConnection: close\r\n\r\n" % size)
        self.wfile.flush()
        with open(path, "rb") as f:
            self.connection.sendfile(f)
class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
Server((addr, port), Handler).serve_forever()
PY
    ip netns exec "$net_ns" python3 "$stage/net/serve.py" "$net_addr" "$net_port" "$stage/net/blob" \
      >"$stage/net/server.log" 2>&1 </dev/null &
    net_server=$!
    local _ up=''
    for _ in $(seq 50); do
      curl -sf -o /dev/null "http://$net_addr:$net_port/blob" && { up=1; break; }
      sleep 0.1
    done
    [ -n "$up" ] || { net_skip="the stand-in internet at $net_addr does not answer"; return 1; }
    if [ -c /dev/net/tun ] && mknod -m 666 "$stage/net/tun" c 10 200; then
      net_tun=$stage/net/tun
    fi
  }
  net_stage_up || net_stage_down
  bench_env=(env PATH=/usr/bin:/bin HOME=/var/lib/sbox-test SBOX_BENCH_STAGE=1 BENCH_RUNS="$runs")
  if [ -z "$net_skip" ]; then
    bench_env+=(SBOX_BENCH_NET_URL="http://$net_addr:$net_port/blob"
                SBOX_BENCH_NET_ALLOW="$net_addr:$net_port" SBOX_BENCH_NET_TUN="${net_tun:+yes}")
  else
    bench_env+=(SBOX_BENCH_NET_SKIP="$net_skip")
  fi
  # shellcheck disable=SC2016 # the inner shell expands these
  in_stage=(unshare -m --propagation private sh -c \
    '[ -z "$1" ] || mount --bind "$1" /dev/net/tun || echo "bench: cannot bind $1 over /dev/net/tun" >&2
     shift; exec "$@"' sh "$net_tun")
  [ -n "$net_tun" ] || in_stage=()
  "${in_stage[@]}" setpriv --reuid=sbox-test --regid=sbox-test --init-groups --reset-env -- \
    "${bench_env[@]}" bash "$stage/bench/run.sh" "$stage"
  rc=$?
  cp "$stage/bench-results.json" "$builddir/" 2>/dev/null
  cp "$stage/results.md" "$srcdir/bench/results.md" 2>/dev/null
  cp "$stage/results.md" "$builddir/bench-results.md" 2>/dev/null
  cat "$stage/results.md" 2>/dev/null
  exit $rc
fi

work=$builddir
sbox=$work/sandbox/sbox
cost=$work/bench/syscall-cost
launch=$work/bench/launch
# The confinement mode, where a Docker-like seccomp filter refuses user namespaces.
no_userns=$work/bench/no-userns
[ -x "$no_userns" ] || no_userns=$work/tests/helpers/no-userns
export SBOX_PROFILE_PATH=${SBOX_PROFILE_PATH:-$work/profiles:$srcdir/profiles}
out=$work/bench-raw
mkdir -p "$out"
cd "$out" || exit 1
[ -n "${SBOX_BENCH_STAGE:-}" ] || bench_load "$out/load.txt"

"$sbox" --seccomp-export="$out/default.bpf" -- true

# A session bus for the filtered-bus case.
bus_dir=$(mktemp -d)
dbus-daemon --session --address="unix:path=$bus_dir/bus" --fork --print-pid >"$bus_dir/pid" 2>/dev/null
export DBUS_SESSION_BUS_ADDRESS=unix:path=$bus_dir/bus

commands=()
add () { commands+=(-n "$1" "$2"); }
# No shell between hyperfine and the command (-N): a shell's own start
# would be a constant in every figure. bwrap's filter goes in on a
# descriptor bench/launch opens: one exec more for that line alone
# ("launch true" measures it).
for what in "/bin/true" "/bin/sh -c 'exit 0'"; do
  tag=${what%% *}
  tag=${tag##*/}
  add "bare $tag" "$what"
  add "unshare $tag" "unshare -Urmpfniu -C --mount-proc $what"
  add "bwrap $tag" "bwrap ${view[*]} $what"
  add "bwrap+seccomp $tag" "$launch --fd 9=$out/default.bpf bwrap ${view[*]} --seccomp 9 $what"
  # The same command line through sbox's bubblewrap front end.
  add "sbox-bwrap $tag" "$work/sandbox/sbox-bwrap ${view[*]} $what"
  add "sbox-noprofile $tag" "$sbox --noprofile -- $what"
  add "sbox-default $tag" "$sbox --profile=default -- $what"
  add "sbox-dbus $tag" "$sbox --noprofile --talk-name=org.freedesktop.Notifications -- $what"
  if [ -x "$no_userns" ]; then
    add "sbox-confine $tag" "$no_userns $sbox --quiet --noprofile --fallback=confine -- $what"
    # The wrapper's own start (it compiles its filter), to take out of the above.
    add "no-userns $tag" "$no_userns $what"
  fi
  if command -v firejail >/dev/null; then
    add "firejail-noprofile $tag" "firejail --quiet --noprofile $what"
    add "firejail-default $tag" "firejail --quiet $what"
  fi
done
add "launch true" "$launch /bin/true"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$out/startup.json" "${commands[@]}" \
  >/dev/null 2>"$out/hyperfine.err" || { cat "$out/hyperfine.err"; }

# Where a start's time goes: sbox's own table (SBOX_TIMING=1), its exec
# included (launch --t0), with and without a D-Bus proxy, taking turns.
: >"$out/phases.txt"
for _ in $(seq "${PHASE_RUNS:-30}"); do
  for kind in noprofile dbus; do
    talk=()
    [ "$kind" = dbus ] && talk=(--talk-name=org.freedesktop.Notifications)
    SBOX_TIMING=1 "$launch" --t0 "$sbox" --noprofile "${talk[@]}" -- true 2>&1 >/dev/null \
      | sed -n "s/^sbox: timing: /$kind /p" >>"$out/phases.txt"
  done
done

# The proxy's own floor: xdg-dbus-proxy from its exec until it says it
# listens, unsandboxed, with the filter a --talk-name gives it.
python3 - "$bus_dir" >"$out/proxy-floor.txt" <<'PY'
import os, statistics, subprocess, sys, time
bus = sys.argv[1]
took = []
for i in range(int(os.environ.get("PHASE_RUNS", "30"))):
    r, w = os.pipe()
    argv = ["xdg-dbus-proxy", f"--fd={w}", f"unix:path={bus}/bus", f"{bus}/floor-{i}", "--filter",
            "--talk=org.freedesktop.Notifications"]
    began = time.monotonic()
    proxy = subprocess.Popen(argv, pass_fds=[w], env={"PATH": "/usr/bin:/bin"})
    os.close(w)
    if os.read(r, 1):
        took.append((time.monotonic() - began) * 1000)
    proxy.kill()
    proxy.wait()
    os.close(r)
print(f"{statistics.median(took):.3f} {len(took)}" if took else "")
PY

# The system calls of one start, every process of it (strace -f -c): sbox
# against bubblewrap's minimal view and the kernel floor.
rm -f "$out"/strace-*.txt
if command -v strace >/dev/null; then
  strace -f -c -o "$out/strace-unshare.txt" unshare -Urmpfniu -C --mount-proc true
  strace -f -c -o "$out/strace-bwrap.txt" bwrap "${view[@]}" true
  # The same view, the same command line: sbox's bubblewrap front end.
  strace -f -c -o "$out/strace-sbox-bwrap.txt" "$work/sandbox/sbox-bwrap" "${view[@]}" true
  strace -f -c -o "$out/strace-sbox-noprofile.txt" "$sbox" --noprofile -- true
  strace -f -c -o "$out/strace-sbox-dbus.txt" "$sbox" --noprofile \
    --talk-name=org.freedesktop.Notifications -- true
fi
kill "$(cat "$bus_dir/pid")" 2>/dev/null

# Per-syscall cost, each under its filter. This machine's speed drifts over
# seconds, so the filters take turns, five times, and the median counts.
cost_n=${COST_N:-200000}
cost_in () { # WHERE MODE
  case $1 in
    none) "$sbox" --noprofile --seccomp=none --ro-bind "$cost" /run/cost -- /run/cost "$cost_n" "$2" ;;
    default) "$sbox" --noprofile --ro-bind "$cost" /run/cost -- /run/cost "$cost_n" "$2" ;;
    strict) "$sbox" --noprofile --seccomp=strict --ro-bind "$cost" /run/cost -- /run/cost "$cost_n" "$2" ;;
    bwrap) bwrap "${view[@]}" --ro-bind "$cost" /run/cost /run/cost "$cost_n" "$2" ;;
    bwrap-seccomp) bwrap "${view[@]}" --ro-bind "$cost" /run/cost --seccomp 9 /run/cost "$cost_n" "$2" \
      9<"$out/default.bpf" ;;
    allow-all) bwrap "${view[@]}" --ro-bind "$cost" /run/cost --seccomp 9 /run/cost "$cost_n" "$2" \
      9<"$out/allow-all.bpf" ;;
  esac
}
# The floor any filter costs: one instruction, "allow".
printf '\006\000\000\000\000\000\377\177' >"$out/allow-all.bpf"
{
  for mode in getppid openclose; do
    for _ in 1 2 3 4 5; do
      for where in none allow-all default strict bwrap bwrap-seccomp; do
        echo "$mode $where $(cost_in "$where" "$mode")"
      done
    done
  done
} >"$out/syscalls.txt"


[ -s "$out/rss.txt" ] || measure_memory :: "$sbox" "${view[@]}" >"$out/rss.txt"

# A real C build (sbox's own sources), outside and inside --profile=build.
build_src=$srcdir/src
[ -d "$build_src" ] || build_src=$srcdir/sandbox
build_time () {
  local dir
  dir=$(mktemp -d "$out/build.XXXXXX")
  cp "$build_src"/*.c "$build_src"/*.h "$dir/" 2>/dev/null
  cp "$srcdir/config.h" "$srcdir/installdirs.h" "$dir/" 2>/dev/null \
    || cp "$builddir/config.h" "$builddir/installdirs.h" "$dir/" 2>/dev/null
  # The build must build: a failure would time nothing.
  # shellcheck disable=SC2016 # make expands these $(...), not the shell
  printf 'CFLAGS=-O2 -iquote . $(shell pkg-config --cflags glib-2.0)\nall: $(patsubst %%.c,%%.o,$(wildcard *.c))\n' >"$dir/Makefile"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && "$@" make -s -j2 >/dev/null 2>&1) || echo "bench: the C build failed: $*" >&2
  end=$(date +%s.%N)
  rm -rf "$dir"
  echo "$end - $start" | bc
}
bare1=$(build_time); box1=$(build_time "$sbox" --profile=build --)
bare2=$(build_time); box2=$(build_time "$sbox" --profile=build --)
confine1='' confine2=''
if [ -x "$no_userns" ]; then
  confine1=$(build_time "$no_userns" "$sbox" --quiet --fallback=confine --profile=build --)
  confine2=$(build_time "$no_userns" "$sbox" --quiet --fallback=confine --profile=build --)
fi
echo "$bare1 $bare2 $box1 $box2 $confine1 $confine2" >"$out/build.txt"

# ---- the network modes ----
# Each mode's start (hyperfine, as above, in runs of their own so that none
# is measured beside the others), and a 100 MB download from the stand-in
# internet the root part built: directly, then in the sandbox of each mode
# that reaches it, in turn, round after round; the median counts.
net_began=$SECONDS
net_url=${SBOX_BENCH_NET_URL:-}
net_allow=${SBOX_BENCH_NET_ALLOW:-}
net_rounds=${BENCH_NET_ROUNDS:-7}
: >"$out/net-notes.txt"
: >"$out/net-download.txt"
note () { echo "$*" >>"$out/net-notes.txt"; }
mode_flags () { # MODE: FLAGS, the sandbox's options for it
  case $1 in
    none | loopback | host | isolated) flags=(--noprofile "--network=$1") ;;
    filtered) flags=(--noprofile --network=filtered "--allow-host=$net_allow") ;;
  esac
}
if [ -z "$net_url" ]; then
  note "isolated, filtered and the downloads skipped: ${SBOX_BENCH_NET_SKIP:-not run as root (the stage, a network namespace standing in for the internet and a /dev/net/tun the user may open, needs root)}"
fi
net_modes=()
for mode in none loopback host isolated filtered; do
  case $mode in
    isolated | filtered) [ -n "$net_url" ] || continue ;;
  esac
  if [ "$mode" = isolated ] && ! command -v pasta >/dev/null; then
    note "isolated skipped: pasta is not installed (Debian package passt)"
    continue
  fi
  if [ "$mode" = isolated ] && [ -z "${SBOX_BENCH_NET_TUN:-}" ] && ! [ -w /dev/net/tun ]; then
    note "isolated skipped: /dev/net/tun is not open to $(id -un), and the stage could not make one that is"
    continue
  fi
  mode_flags "$mode"
  if err=$("$sbox" "${flags[@]}" -- true 2>&1 >/dev/null); then
    net_modes+=("$mode")
  else
    note "$mode fails to start: $(echo "$err" | head -n 1)"
  fi
done
net_commands=()
for mode in "${net_modes[@]}"; do
  mode_flags "$mode"
  net_commands+=(-n "$mode" "$sbox ${flags[*]} -- true")
done
# The differences asked for are a few ms and this machine's speed drifts
# over seconds: the modes take turns, five runs each, until each has had
# its runs; the report pools them.
net_slices=$(( (runs + 4) / 5 ))
for slice in $(seq "$net_slices"); do
  [ ${#net_commands[@]} = 0 ] \
    || hyperfine --shell=bash --warmup 1 --runs 5 --export-json "$out/startup-net-$slice.json" \
      "${net_commands[@]}" >/dev/null 2>"$out/hyperfine-net.err" || { cat "$out/hyperfine-net.err"; }
done

download () { # MODE: "SPEED SIZE HTTP-CODE" of one download (speed in bytes/s), or with a failure its exit status and first line of stderr
  local run=() proxy=(--noproxy '*') result rc
  case $1 in
    direct) ;;
    filtered) mode_flags "$1"; run=("$sbox" "${flags[@]}" --); proxy=() ;; # through what sbox sets
    *) mode_flags "$1"; run=("$sbox" "${flags[@]}" --) ;;
  esac
  result=$("${run[@]}" curl -sS -m 60 "${proxy[@]}" -o /dev/null \
    -w '%{speed_download} %{size_download} %{http_code}' "$net_url" 2>"$out/download.err")
  rc=$?
  echo "$result"
  [ "$rc" = 0 ] || echo " exit $rc: $(head -n 1 "$out/download.err")"
}
if [ -n "$net_url" ]; then
  net_through=(direct)
  for mode in "${net_modes[@]}"; do
    case $mode in host | isolated | filtered) net_through+=("$mode") ;; esac
  done
  for _ in $(seq "$net_rounds"); do
    for mode in "${net_through[@]}"; do
      echo "$mode $(download "$mode" | tr -s '\n' ' ')" >>"$out/net-download.txt"
    done
  done
fi
echo $((SECONDS - net_began)) >"$out/net-seconds.txt"

python3 "$(dirname "$0")/report.py" "$out" "$work/bench-results.json" "$work/results.md" \
  "$(dirname "$0")/thresholds"
status=$?
cat "$work/results.md"
# A ratio past its threshold (bench/thresholds) fails make bench.
exit $status
