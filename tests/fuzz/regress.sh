#!/bin/bash
# regress.sh — every fuzz target's corpus and its past crashes, replayed by
# the target built without libFuzzer (tests/fuzz/regress-TARGET): one TAP
# line per target. Runs in every make check, and under .ci/run's ASan and
# UBSan builds, so a crash found once stays fixed.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) || exit 1
build=${SBOX_BUILD_DIR_BUILT:-$here/../..}
targets=(profile cli config x11 desktop-exec enter bwrap-cli)
echo "1..${#targets[@]}"
n=0 failed=0
for target in "${targets[@]}"; do
  n=$((n + 1))
  program=$build/tests/fuzz/regress-$target
  inputs=()
  for dir in "$here/corpus/$target" "$here/regress/$target"; do
    [ -d "$dir" ] && inputs+=("$dir")
  done
  if [ ! -x "$program" ]; then
    echo "not ok $n - $target: $program is not built"
    failed=1
  elif out=$("$program" "${inputs[@]}" 2>&1); then
    echo "ok $n - $target: ${out##*$'\n'}"
  else
    echo "not ok $n - $target"
    printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
    failed=1
  fi
done
exit "$failed"
