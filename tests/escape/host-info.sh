#!/bin/bash
# host-info.sh — what the host tells about itself by default: the kernel's
# command line and the boot id are hidden inside the sandbox.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

for file in /proc/cmdline /proc/sys/kernel/random/boot_id; do
  host=$(cat "$file" 2>/dev/null)
  if [ -z "$host" ]; then
    skip "$file is hidden in the sandbox" "the host shows nothing there either"
    continue
  fi
  check_ne "control: outside, $file has content" "" "$host"
  sbox_run --noprofile -- cat "$file"
  check_eq "$file reads empty inside the default sandbox" "" "$OUT"
  sbox_run --noprofile --share=network -- cat "$file"
  check_eq "... and with the network shared" "" "$OUT"
done
sbox_run --noprofile -- sh -c 'cat /proc/sys/kernel/random/uuid'
check_match "the random UUID source still works" "$OUT" '^[0-9a-f-]{36}$'

done_testing
