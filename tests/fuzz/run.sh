#!/bin/bash
# run.sh SECONDS TARGET... — run each libFuzzer target for SECONDS on a copy
# of its corpus (tests/fuzz/corpus/TARGET, with TARGET.dict when there is
# one), from a build configured with --enable-fuzzing (run in its top
# directory). One summary line per target: executions, executions per
# second, coverage, and whether it found anything. A finding is kept in
# FUZZ_KEEP (default tests/fuzz/findings/TARGET) for tests/fuzz/regress/.
# FUZZ_JOBS targets run at once (default 1). Exit status 1 when any found
# a crash, a leak or a timeout.
set -u
seconds=${1:?usage: run.sh SECONDS TARGET...}
shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 1
keep=${FUZZ_KEEP:-$PWD/tests/fuzz/findings}
jobs=${FUZZ_JOBS:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/sbox-fuzz-run.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

run_one ()
{
  local target=$1 program=tests/fuzz/fuzz-$1 dict=()
  [ -x "$program" ] || { echo "$target: $program is not built"; return 1; }
  mkdir -p "$work/$target/corpus" "$keep/$target"
  cp "$here/corpus/$target/"* "$work/$target/corpus/" 2>/dev/null
  [ -f "$here/$target.dict" ] && dict=(-dict="$here/$target.dict")
  "$program" "$work/$target/corpus" "${dict[@]}" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$keep/$target/" >"$work/$target/log" 2>&1
  local status=$? log=$work/$target/log
  local execs rate cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
  if [ "$status" = 0 ]; then
    echo "$target: ${seconds}s, ${execs:-?} executions, ${rate:-?}/s, ${cov:-cov: ?}, nothing found"
  else
    echo "$target: ${seconds}s, ${execs:-?} executions, FOUND a problem (status $status), kept in $keep/$target:"
    grep -E '^(==[0-9]+==|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -n 20
    return 1
  fi
}

status=0
pids=()
for target in "$@"; do
  if [ "$jobs" -gt 1 ]; then
    run_one "$target" >"$work/$target.summary" 2>&1 &
    pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
  else
    run_one "$target" || status=1
  fi
done
if [ "$jobs" -gt 1 ]; then
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  for target in "$@"; do cat "$work/$target.summary"; done
  grep -q FOUND "$work"/*.summary && status=1
fi
exit "$status"
