#!/bin/bash
# bench/run.sh — `make bench`: sbox against bubblewrap and firejail in one
# run. Startup of `true` with hyperfine (interleaved rounds, medians), and
# the per-syscall cost of each seccomp policy against no filter.
set -u
builddir=${1:-.}
sbox=$builddir/sandbox/sbox
cost=$builddir/bench/syscall-cost
runs=${BENCH_RUNS:-40}
work=$(mktemp -d /var/tmp/sbox-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
cp "$sbox" "$cost" "$work/"
sbox=$work/sbox cost=$work/syscall-cost

# As root, measure what an unprivileged user gets.
as_user=()
if [ "$(id -u)" = 0 ]; then
  id sbox-test >/dev/null 2>&1 || useradd --system --user-group --create-home \
    --home-dir /var/lib/sbox-test --shell /bin/sh sbox-test
  as_user=(setpriv --reuid=sbox-test --regid=sbox-test --init-groups --reset-env env
           HOME=/var/lib/sbox-test PATH=/usr/bin:/bin)
fi
cd "$work" || exit 1

bwrap_view=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib
            --symlink usr/lib64 /lib64 --symlink usr/sbin /sbin --proc /proc --dev /dev
            --tmpfs /tmp --unshare-all --die-with-parent)

echo "== startup of 'true' (hyperfine, $runs runs each, same session)"
cmds=("$sbox --noprofile -- true" "$sbox --noprofile --seccomp=none --landlock=false -- true")
names=("sbox default" "sbox no filters")
if command -v bwrap >/dev/null; then
  cmds+=("bwrap ${bwrap_view[*]} -- true"); names+=("bwrap minimal view, unshare-all")
fi
if command -v firejail >/dev/null && [ "$(id -u)" = 0 ]; then
  cmds+=("firejail --quiet --noprofile true"); names+=("firejail --noprofile (setuid)")
fi
if command -v hyperfine >/dev/null; then
  args=()
  for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${as_user[*]} ${cmds[$i]}"); done
  hyperfine -N --warmup 5 --runs "$runs" --export-json "$work/startup.json" "${args[@]}" \
    >/dev/null 2>&1 || hyperfine --warmup 5 --runs "$runs" --export-json "$work/startup.json" "${args[@]}" >/dev/null
  # Medians, and each against bubblewrap measured in the same run.
  python3 - "$work/startup.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
medians = {r["command"]: statistics.median(r["times"]) * 1000 for r in results}
ref = next((v for k, v in medians.items() if k.startswith("bwrap")), None)
print(f"{'':34} {'median ms':>10} {'vs bwrap':>9}")
for name, ms in medians.items():
    ratio = f"{ms / ref:.2f}x" if ref else "-"
    print(f"{name:34} {ms:10.2f} {ratio:>9}")
PY
else
  echo "hyperfine not installed"
fi

echo
echo "== per-syscall cost (getppid, ns per call, median of 7 rounds)"
bare=$("${as_user[@]}" "$cost")
echo "no sandbox:                 $bare"
run_cost () { "${as_user[@]}" "$sbox" --noprofile --ro-bind "$cost" /run/syscall-cost "$@" -- /run/syscall-cost; }
for policy in none default strict; do
  printf '%-27s %s\n' "sbox --seccomp=$policy:" "$(run_cost --seccomp=$policy)"
done
if command -v bwrap >/dev/null; then
  printf '%-27s %s\n' "bwrap (no filter):" "$("${as_user[@]}" bwrap "${bwrap_view[@]}" --ro-bind "$cost" /run/syscall-cost /run/syscall-cost)"
fi
