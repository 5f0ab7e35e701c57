#!/bin/bash
# agents.sh — the gpg-agent door binds the agent's restricted (extra)
# socket, never the full one: the app can use keys but not change the
# agent's state.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

{ command -v gpg-agent >/dev/null && command -v gpg-connect-agent >/dev/null; } \
  || skip_all "gpg-agent and gpg-connect-agent (gnupg) are needed"
export XDG_RUNTIME_DIR=$SBOX_TMP/run
G=$SBOX_TMP/gnupg
mkdir -p "$XDG_RUNTIME_DIR" && mkdir -m 0700 "$XDG_RUNTIME_DIR/gnupg" "$G"
EXTRA=$XDG_RUNTIME_DIR/gnupg/S.gpg-agent.extra
gpg-agent --homedir "$G" --daemon --extra-socket "$EXTRA" >/dev/null 2>&1 \
  || skip_all "gpg-agent did not start"
STD=$(gpgconf --homedir "$G" --list-dirs agent-socket)
wait_for 5 test -S "$EXTRA" || bail_out "the agent's extra socket did not appear"
agent_pid=$(gpg-connect-agent -S "$STD" 'GETINFO pid' /bye 2>/dev/null | sed -n 's/^D //p')
[ -n "$agent_pid" ] && kill_at_exit "$agent_pid"

R=/run/user/$MY_UID
PRESET='PRESET_PASSPHRASE 0123456789ABCDEF0123456789ABCDEF01234567 -1 4142'
sbox_run --noprofile --socket=gpg-agent -- gpg-connect-agent -S "$R/gnupg/S.gpg-agent" \
  'GETINFO version' 'GETINFO restricted' "$PRESET" 'KEYINFO --list' /bye
check_match "gpg-agent door: the agent answers" "$OUT" '^D [0-9]'
check_eq "gpg-agent door: the connection is in restricted mode" "OK" "$(echo "$OUT" | sed -n 3p)"
check_contains "gpg-agent door: presetting a passphrase is forbidden" "$(echo "$OUT" | sed -n 4p)" "Forbidden"
check_contains "gpg-agent door: listing the agent's keys is forbidden" "$(echo "$OUT" | sed -n 5p)" "Forbidden"
sbox_run --noprofile --bind "$STD" "$R/gnupg/S.gpg-agent" -- gpg-connect-agent -S "$R/gnupg/S.gpg-agent" \
  'GETINFO restricted' 'KEYINFO --list' /bye
check_contains "control: the agent's full socket, bound raw, is not restricted" "$(echo "$OUT" | sed -n 1p)" "ERR"
check_eq "control: ... and lists the agent's keys" "OK" "$(echo "$OUT" | sed -n 2p)"
sbox_run --noprofile --socket=gpg-agent -- test -e "$R/gnupg/S.gpg-agent.extra"
check_ne "the door shows one socket at the standard name only" 0 "$RC"

done_testing
