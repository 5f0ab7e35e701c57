#!/bin/bash
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# root-config.sh — the administrator's sbox.conf: its restrictions hold for
# every user, and a user's sbox.conf cannot loosen them. Runs as root, with
# the system configuration directory replaced in a private mount namespace
# only, and sbox itself run as the unprivileged test user.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ "$(id -u)" = 0 ] || skip_all "needs root"
id -u sbox-test >/dev/null 2>&1 || skip_all "no sbox-test user"
confdir=$("$SBOX" --version | sed -n 's/^configuration: //p')
[ -n "$confdir" ] || bail_out "sbox --version names no configuration directory"
created=
if [ ! -d "$confdir" ]; then
  mkdir -p "$confdir" || skip_all "cannot create $confdir"
  created=$confdir
fi
trap '[ -n "$created" ] && rmdir "$created" 2>/dev/null' EXIT

user_home=$SBOX_TMP/user
mkdir -p "$user_home/.config/sbox"
chown -R sbox-test: "$user_home"
chmod 755 "$SBOX_TMP"

# as_user SYSTEM-CONF USER-CONF ARGS...: sbox ARGS as the test user, with
# SYSTEM-CONF as the administrator's file (in a private mount namespace).
as_user ()
{
  local system=$1 user=$2
  shift 2
  printf '%b' "$user" > "$user_home/.config/sbox/sbox.conf"
  chown sbox-test: "$user_home/.config/sbox/sbox.conf"
  unshare -m --propagation private sh -c '
    mount -t tmpfs -o mode=755 sbox-conf "$1" && printf "%b" "$2" > "$1/sbox.conf" || exit 99
    shift 2
    exec setpriv --reuid=sbox-test --regid=sbox-test --init-groups env -i PATH=/usr/bin:/bin \
      HOME="$0" "$@"' "$user_home" "$confdir" "$system" "$SBOX" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

strict='[sbox]\nAllowNetwork=false\nRequireLandlock=true\n'
as_user "$strict" '' --noprofile --share=network -- true
check_rc "the administrator's AllowNetwork=false refuses --share=network (125)" 125
check_contains "... naming the system file" "$ERR" "$confdir/sbox.conf:2 forbids it"
as_user "$strict" '[sbox]\nAllowNetwork=true\n' --noprofile --share=network -- true
check_rc "a user's AllowNetwork=true cannot undo it (125)" 125
check_contains "... said with both places" "$ERR" \
  "$user_home/.config/sbox/sbox.conf:2: [sbox] AllowNetwork=true cannot undo $confdir/sbox.conf:2"
as_user "$strict" '[sbox]\nRequireLandlock=false\n' --noprofile --landlock=false -- true
check_rc "nor can RequireLandlock=false undo RequireLandlock=true (125)" 125
as_user "$strict" '[sbox]\nSeccomp=strict\n' --noprofile -- true
check_rc "a user may still change what is not restricted" 0
as_user '[sbox]\nAllowNetwork=true\n' '[sbox]\nAllowNetwork=false\n' --noprofile --share=network -- true
check_rc "a user may tighten what the administrator allows (125)" 125
as_user '[sbox]\n' '' --noprofile --share=network -- true
check_rc "control: without restrictions --share=network works" 0
as_user '[sbox]\nNetwork=off\n' '' --noprofile -- true
check_contains "an unknown key in the system file names it" "$ERR" "$confdir/sbox.conf:2: [sbox] Network=off: unknown key"

done_testing
