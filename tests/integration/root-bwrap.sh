#!/bin/bash
# root-bwrap.sh — sbox-bwrap run by root: the sandbox is root on the host's
# files through a writable bind, so sbox keeps its set-id guard (no set-uid
# file can be made there) although it adds no other policy of its own. The
# control: Debian's bwrap, run by root the same way, makes one.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root"
mkdir -p "$SBOX_TMP/bin" "$SBOX_TMP/w"
ln -s "$SBOX" "$SBOX_TMP/bin/sbox-bwrap"
BASE=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/sbin /sbin)
[ -e /lib64 ] && BASE+=(--symlink usr/lib64 /lib64)
BASE+=(--proc /proc --dev /dev --bind "$SBOX_TMP/w" /w)

attempt ()
{
  rm -f "$SBOX_TMP/w/f"
  timeout 20 "$1" "${BASE[@]}" sh -c 'touch /w/f && chmod u+s /w/f' </dev/null >/dev/null 2>&1
  [ -u "$SBOX_TMP/w/f" ] && echo set-uid || echo refused
}

check_eq "root's sbox-bwrap: no set-uid file on a writable bind" refused \
  "$(attempt "$SBOX_TMP/bin/sbox-bwrap")"
if [ -x /usr/bin/bwrap ]; then
  check_eq "control: root's bwrap makes one" set-uid "$(attempt /usr/bin/bwrap)"
else
  skip "control: root's bwrap makes one" "bwrap is not installed"
fi
rm -f "$SBOX_TMP/w/f"
done_testing
