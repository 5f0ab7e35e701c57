#!/bin/bash
# shellcheck disable=SC2088 # test names write ~ for the home
# shellcheck disable=SC2016 # single-quoted $ is for the shell that runs it (in the sandbox, a child shell or a file written verbatim)
# view.sh — the filesystem the sandboxed command sees by default, and the
# options that change it (--ro-bind, --bind, --tmpfs, --dir, --symlink).
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

[ -n "$SBOX_PROBE" ] || bail_out "SBOX_PROBE is not set: the probe is needed"
P=$SBOX_PROBE

# in_sandbox ARGS...: stdout of a default sandbox running ARGS, probe bound.
in_sandbox () { sbox_out --noprofile "${PROBE_BIND[@]}" -- "$@"; }

# --- the caller's secrets: the acceptance case --------------------------------

mkdir -p "$HOME/.ssh"
chmod 700 "$HOME/.ssh"
secret="-----BEGIN OPENSSH PRIVATE KEY----- sbox-secret-$$"
printf '%s\n' "$secret" >"$HOME/.ssh/id_rsa"
chmod 600 "$HOME/.ssh/id_rsa"

check_eq "control: the planted ~/.ssh/id_rsa is readable outside the sandbox" \
  "$secret" "$(cat "$HOME/.ssh/id_rsa")"

sbox_run --noprofile -- sh -c 'cat ~/.ssh/id_rsa'
check_ne "~/.ssh/id_rsa cannot be read inside the default sandbox (exit status)" 0 "$RC"
check_not_contains "~/.ssh/id_rsa: the secret does not leak to stdout" "$OUT" "sbox-secret-$$"
check_not_contains "~/.ssh/id_rsa: the secret does not leak to stderr" "$ERR" "sbox-secret-$$"
check_contains "~/.ssh/id_rsa is absent inside (No such file)" "$ERR" "No such file"

sbox_run sh -c 'cat ~/.ssh/id_rsa'
check_ne "~/.ssh/id_rsa cannot be read with plain 'sbox CMD' either" 0 "$RC"
check_not_contains "'sbox CMD': the secret does not leak" "$OUT$ERR" "sbox-secret-$$"

sbox_run --noprofile --ro-bind "$HOME/.ssh" "$HOME/.ssh" -- cat "$HOME/.ssh/id_rsa"
check_run_ok "control: with --ro-bind ~/.ssh ~/.ssh the secret is readable" "$secret"

check_eq "--ro-bind ~/.ssh is read-only inside (EROFS)" "EROFS" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --ro-bind "$HOME/.ssh" "$HOME/.ssh" -- "$P" write "$HOME/.ssh/planted")"
check_fails "nothing was written into the real ~/.ssh" test -e "$HOME/.ssh/planted"

# --- $HOME ------------------------------------------------------------------------

echo host-file >"$HOME/visible-outside"
check_eq "\$HOME inside is the caller's HOME path" "$HOME" "$(in_sandbox sh -c 'echo "$HOME"')"
check_eq "\$HOME inside is empty (tmpfs, no host files)" "listed" "$(in_sandbox sh -c 'ls -A "$HOME" && echo listed')"
check_eq "\$HOME inside is writable" "OK" "$(in_sandbox "$P" write "$HOME/new-file")"
check_fails "writes to \$HOME inside do not reach the host home" test -e "$HOME/new-file"

# --- read-only system ----------------------------------------------------------------

check_eq "/ is read-only (EROFS)" "EROFS" "$(in_sandbox "$P" write /sbox-planted)"
check_eq "/usr is read-only (EROFS)" "EROFS" "$(in_sandbox "$P" write /usr/sbox-planted)"
check_eq "/usr/bin is read-only (EROFS)" "EROFS" "$(in_sandbox "$P" write /usr/bin/sbox-planted)"
check_eq "/etc is read-only (EROFS)" "EROFS" "$(in_sandbox "$P" write /etc/sbox-planted)"

# Control: the same write succeeds where a writable directory is bound over a
# path under /usr (and lands in that directory on the host).
mkdir -p "$SBOX_TMP/usr-local"
check_eq "control: a --bind writable dir at /usr/local accepts the write" "OK" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --bind "$SBOX_TMP/usr-local" /usr/local -- "$P" write /usr/local/sbox-planted)"
check "control: the write through --bind reached the host directory" test -f "$SBOX_TMP/usr-local/sbox-planted"

check_eq "/usr is the host's /usr (sh is there)" 0 "$(sbox_rc -- test -x /usr/bin/sh)"

for d in bin sbin lib lib64; do
  if [ -L "/$d" ]; then
    check_eq "/$d is the same symlink as on the host" "$(readlink "/$d")" "$(in_sandbox readlink "/$d")"
  elif [ -d "/$d" ]; then
    check_eq "/$d is present as on the host" 0 "$(sbox_rc -- test -d "/$d")"
  fi
done

# --- /etc -----------------------------------------------------------------------------

check "control: the host has /etc/shadow" test -e /etc/shadow
check_eq "/etc/shadow is absent inside" "ENOENT" "$(in_sandbox "$P" read /etc/shadow)"

for f in ld.so.cache nsswitch.conf hosts; do
  if [ -e "/etc/$f" ]; then
    check_eq "/etc/$f is present" 0 "$(sbox_rc -- test -e "/etc/$f")"
  fi
done

# visible_of PATH...: which of PATHs exist inside; the list ends with a
# sentinel line so that a sandbox that did not run cannot pass for "none".
visible_of ()
{
  sbox_out --noprofile -- sh -c 'for p in "$@"; do test -e "$p" && echo "$p"; done; echo end-of-list' sh "$@" | tr '\n' ' '
}

host_etc_secrets=()
for f in /etc/shadow /etc/gshadow /etc/shadow- /etc/sudoers /etc/ssh/ssh_host_*_key; do
  [ -e "$f" ] && host_etc_secrets+=("$f")
done
check_eq "no host secrets of /etc are visible (${host_etc_secrets[*]})" "end-of-list " \
  "$(visible_of "${host_etc_secrets[@]}")"

inside_passwd=$(in_sandbox cat /etc/passwd)
check_match "/etc/passwd has root" "$inside_passwd" '^root:[^:]*:0:0:'
check_match "/etc/passwd has the caller with its uid" "$inside_passwd" "^[^:]+:[^:]*:$MY_UID:$MY_GID:"
check_match "/etc/passwd has nobody" "$inside_passwd" '^nobody:'
host_only_user=$(awk -F: -v u="$MY_UID" '$3 != 0 && $3 != u && $1 != "nobody" { print $1; exit }' /etc/passwd)
if [ -n "$host_only_user" ]; then
  check_match "control: the host's /etc/passwd has user $host_only_user" "$(cat /etc/passwd)" "^$host_only_user:"
  check_no_match "/etc/passwd does not list other host users ($host_only_user)" "$inside_passwd" "^$host_only_user:"
else
  skip "/etc/passwd does not list other host users" "the host has no other user"
fi
check_match "/etc/group has the caller's group" "$(in_sandbox cat /etc/group)" "^[^:]+:[^:]*:$MY_GID:"

# --- /tmp ------------------------------------------------------------------------------

host_tmp_file=$(mktemp /tmp/sbox-host-file.XXXXXX)
echo host-tmp-secret >"$host_tmp_file"
chmod 644 "$host_tmp_file"
remove_at_exit "$host_tmp_file"

check_eq "a file in the host /tmp is not visible inside" "ENOENT" "$(in_sandbox "$P" read "$host_tmp_file")"
check_eq "control: visible with --bind $host_tmp_file $host_tmp_file" "host-tmp-secret" \
  "$(sbox_out --noprofile --bind "$host_tmp_file" "$host_tmp_file" -- cat "$host_tmp_file")"
check_eq "/tmp inside is empty" "listed" "$(in_sandbox sh -c 'ls -A /tmp && echo listed')"
inside_tmp_file=/tmp/sbox-inside-$$
remove_at_exit "$inside_tmp_file"
check_eq "/tmp inside is writable" "OK" "$(in_sandbox "$P" write "$inside_tmp_file")"
check_fails "writes to /tmp inside do not reach the host /tmp" test -e "$inside_tmp_file"

# --- /run, /sys, /home, /root and other host directories -----------------------------------

check_eq "XDG_RUNTIME_DIR is /run/user/UID" "/run/user/$MY_UID" "$(in_sandbox sh -c 'echo "$XDG_RUNTIME_DIR"')"
check_eq "/run/user/UID is writable" "OK" "$(in_sandbox "$P" write "/run/user/$MY_UID/f")"
check_eq "/run/user/UID starts empty" "listed" "$(in_sandbox sh -c "ls -A /run/user/$MY_UID && echo listed")"
check_eq "/run/user holds only the caller's directory" "$MY_UID" "$(in_sandbox ls -A /run/user)"

host_run=()
for e in /run/* /var/run/docker.sock /run/dbus/system_bus_socket; do
  [ -e "$e" ] && [ "$e" != /run/user ] && host_run+=("$e")
done
check_eq "no host entries of /run (docker.sock, dbus, ...) are visible" "end-of-list " \
  "$(visible_of "${host_run[@]}")"
check_eq "/var/run/docker.sock is absent" 1 "$(sbox_rc -- test -e /var/run/docker.sock)"

check "control: the host has /sys" test -d /sys/kernel
check_eq "/sys is absent" 1 "$(sbox_rc -- test -e /sys)"

case "$HOME" in
  /home/*)
    home_top=${HOME#/home/}
    home_top=${home_top%%/*}
    check_eq "/home holds only the caller's home" "$home_top" "$(in_sandbox ls -A /home)" ;;
  *)
    check_eq "/home is absent (the home is elsewhere)" 1 "$(sbox_rc -- test -e /home)" ;;
esac
if [ "$HOME" != /root ]; then
  check "control: the host has /root" test -e /root
  check_eq "/root is absent (not the caller's home)" 1 "$(sbox_rc -- test -e /root)"
fi

# Host top-level directories that are not part of the view stay hidden, unless
# they lead to a path the test itself needs (its home, its probe).
host_top=()
for d in /*; do
  { [ -d "$d" ] && [ ! -L "$d" ]; } || continue
  case "$d" in
    /usr|/etc|/tmp|/run|/dev|/proc|/home|/root|/sys) continue ;;
  esac
  [[ "$HOME/" == "$d/"* || "$SBOX_PROBE/" == "$d/"* || "$SBOX_TMP/" == "$d/"* ]] && continue
  host_top+=("$d")
done
check_eq "no other host top-level directories are visible (${host_top[*]})" "end-of-list " \
  "$(visible_of "${host_top[@]}")"

# --- identity ---------------------------------------------------------------------------

check_eq "uid inside is the caller's" "$MY_UID" "$(in_sandbox id -u)"
check_eq "gid inside is the caller's" "$MY_GID" "$(in_sandbox id -g)"

# --- the options that change the view ------------------------------------------------------

mkdir -p "$SBOX_TMP/data"
echo data-content >"$SBOX_TMP/data/file"
check_eq "--ro-bind shows the host directory" "data-content" \
  "$(sbox_out --noprofile --ro-bind "$SBOX_TMP/data" /opt/data -- cat /opt/data/file)"
check_eq "--ro-bind is read-only (EROFS)" "EROFS" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --ro-bind "$SBOX_TMP/data" /opt/data -- "$P" write /opt/data/new)"
check_eq "--bind is writable" "OK" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --bind "$SBOX_TMP/data" /opt/data -- "$P" write /opt/data/new)"
check "--bind writes reach the host" test -f "$SBOX_TMP/data/new"

check_eq "--tmpfs gives an empty writable directory" "OK" \
  "$(sbox_out --noprofile "${PROBE_BIND[@]}" --tmpfs /opt/scratch -- sh -c "ls -A /opt/scratch; $P write /opt/scratch/f")"
check_eq "--dir creates a directory" 0 "$(sbox_rc --dir /opt/newdir -- test -d /opt/newdir)"
check_eq "--symlink creates a symlink" "/usr/bin/env" \
  "$(sbox_out --noprofile --symlink /usr/bin/env /opt/envlink -- readlink /opt/envlink)"

# Operations apply in order: a bind on top of a tmpfs is visible, a tmpfs on
# top of a bind hides it.
check_eq "operations apply in order: --tmpfs then --ro-bind inside it" "data-content" \
  "$(sbox_out --noprofile --tmpfs /opt/a --ro-bind "$SBOX_TMP/data" /opt/a/data -- cat /opt/a/data/file)"
check_eq "operations apply in order: --ro-bind then --tmpfs over it hides it" 1 "$(sbox_rc --ro-bind "$SBOX_TMP/data" /opt/a/data --tmpfs /opt/a -- test -e /opt/a/data/file)"

done_testing
