#!/bin/bash
# bench/run.sh — `make bench`: sbox against bubblewrap and firejail in one
# run, as an unprivileged user. Startup (hyperfine, interleaved, median/p90/
# min), per-syscall cost, the launcher's resident memory, and a build inside
# --profile=build against the same build outside. Writes results.md beside
# this script and bench-results.json in the build directory.
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

if [ "$(id -u)" = 0 ] && [ -z "${SBOX_BENCH_STAGE:-}" ]; then
  # Measure what an unprivileged user gets: stage world-readable, drop root.
  id sbox-test >/dev/null 2>&1 || useradd --system --user-group --create-home \
    --home-dir /var/lib/sbox-test --shell /bin/sh sbox-test
  stage=$(mktemp -d /var/tmp/sbox-bench.XXXXXX)
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/sandbox" "$stage/bench" "$stage/src"
  cp "$builddir/sandbox/sbox" "$stage/sandbox/"
  ln -s sbox "$stage/sandbox/sbox-bwrap"
  cp "$builddir/bench/syscall-cost" "$srcdir/bench/run.sh" "$srcdir/bench/report.py" "$stage/bench/"
  [ -x "$builddir/tests/helpers/no-userns" ] && cp "$builddir/tests/helpers/no-userns" "$stage/bench/"
  cp -r "$srcdir/profiles" "$stage/"
  cp "$srcdir"/sandbox/*.c "$srcdir"/sandbox/*.h "$stage/src/"
  cp "$builddir/config.h" "$stage/src/"
  chmod -R a+rX "$stage"
  chmod a+rwx "$stage"
  mkdir -p "$stage/bench-raw"
  measure_memory setpriv --reuid=sbox-test --regid=sbox-test --init-groups --reset-env -- \
    env PATH=/usr/bin:/bin HOME=/var/lib/sbox-test :: "$stage/sandbox/sbox" "${view[@]}" \
    >"$stage/bench-raw/rss.txt"
  chown -R sbox-test "$stage/bench-raw"
  setpriv --reuid=sbox-test --regid=sbox-test --init-groups --reset-env -- \
    env PATH=/usr/bin:/bin HOME=/var/lib/sbox-test SBOX_BENCH_STAGE=1 BENCH_RUNS="$runs" \
    bash "$stage/bench/run.sh" "$stage"
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
# The confinement mode, where a Docker-like seccomp filter refuses user namespaces.
no_userns=$work/bench/no-userns
[ -x "$no_userns" ] || no_userns=$work/tests/helpers/no-userns
export SBOX_PROFILE_PATH=${SBOX_PROFILE_PATH:-$work/profiles:$srcdir/profiles}
out=$work/bench-raw
mkdir -p "$out"
cd "$out" || exit 1

"$sbox" --seccomp-export="$out/default.bpf" -- true

# A session bus for the filtered-bus case.
bus_dir=$(mktemp -d)
dbus-daemon --session --address="unix:path=$bus_dir/bus" --fork --print-pid >"$bus_dir/pid" 2>/dev/null
export DBUS_SESSION_BUS_ADDRESS=unix:path=$bus_dir/bus

commands=()
add () { commands+=(-n "$1" "$2"); }
# Every command runs through `bash -c` (hyperfine --shell=bash) because one
# of them needs a file descriptor redirected: the same constant for all.
for what in "/bin/true" "/bin/sh -c 'exit 0'"; do
  tag=${what%% *}
  tag=${tag##*/}
  add "bare $tag" "$what"
  add "unshare $tag" "unshare -Urmpfniu -C --mount-proc $what"
  add "bwrap $tag" "bwrap ${view[*]} $what"
  add "bwrap+seccomp $tag" "bwrap ${view[*]} --seccomp 9 $what 9<$out/default.bpf"
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
hyperfine --shell=bash --warmup 3 --runs "$runs" --export-json "$out/startup.json" "${commands[@]}" \
  >/dev/null 2>"$out/hyperfine.err" || { cat "$out/hyperfine.err"; }
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
  cp "$srcdir/config.h" "$dir/" 2>/dev/null || cp "$builddir/config.h" "$dir/" 2>/dev/null
  # shellcheck disable=SC2016 # make expands these $(...), not the shell
  printf 'CFLAGS=-O2 -I. $(shell pkg-config --cflags glib-2.0)\nall: $(patsubst %%.c,%%.o,$(wildcard *.c))\n' >"$dir/Makefile"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && "$@" make -s -j2 >/dev/null 2>&1)
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

python3 "$(dirname "$0")/report.py" "$out" "$work/bench-results.json" "$work/results.md"
cat "$work/results.md"
