#!/bin/bash
# bwrap-compat.sh — sbox-bwrap against Debian's real bubblewrap: the same
# command line run under both, the same exit status and the same output of
# a probe inside (ids, environment, files and modes, namespaces, JSON on
# --info-fd and --json-status-fd, usage errors). Where bwrap is absent the
# comparisons are skipped and only sbox-bwrap's own checks run.
# The sandboxed shell expands what stands in single quotes here.
# shellcheck disable=SC2016
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export XDG_RUNTIME_DIR=$SBOX_TMP/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

BWRAP=${SBOX_TEST_BWRAP:-/usr/bin/bwrap}
# SBOX_TEST_BWRAP=0.11: the bubblewrap 0.11 ./bootstrap builds into
# tests/cache (staged beside the test when run-test.sh drops root).
if [ "$BWRAP" = 0.11 ]; then
  BWRAP=$(dirname "${BASH_SOURCE[0]}")/cache/bwrap-0.11/bwrap
  [ -x "$BWRAP" ] || BWRAP=$(dirname "${BASH_SOURCE[0]}")/../cache/bwrap-0.11/bwrap
fi
have_bwrap=0
# bwrap works here only where it may make a user namespace unprivileged.
if [ -x "$BWRAP" ] && "$BWRAP" --ro-bind / / true 2>/dev/null; then
  have_bwrap=1
  diag "comparing with $("$BWRAP" --version) ($BWRAP)"
fi

# sbox-bwrap by argv[0], and as "bwrap" (whose error lines then start
# "bwrap: " exactly as bubblewrap's do).
mkdir -p "$SBOX_TMP/bin" "$SBOX_TMP/as-bwrap"
ln -s "$SBOX" "$SBOX_TMP/bin/sbox-bwrap"
ln -s "$SBOX" "$SBOX_TMP/as-bwrap/bwrap"
SBWRAP=$SBOX_TMP/bin/sbox-bwrap
ASBWRAP=$SBOX_TMP/as-bwrap/bwrap

# A Flatpak-like minimal view.
BASE=(--ro-bind /usr /usr --symlink usr/bin /bin --symlink usr/lib /lib --symlink usr/sbin /sbin)
[ -e /lib64 ] && BASE+=(--symlink usr/lib64 /lib64)
BASE+=(--proc /proc --dev /dev --tmpfs /tmp)

# run PROGRAM ARGS...: sets RC, OUT, ERR (stdin from /dev/null, time limit).
# FD5, FD6: files opened afresh on descriptors 5 and 6 for each run (one
# shared descriptor would be read to its end by the first program).
run ()
{
  local out err
  out=$(mktemp "$SBOX_TMP/out.XXXXXX") err=$(mktemp "$SBOX_TMP/err.XXXXXX")
  [ -n "${FD5:-}" ] && exec 5<"$FD5"
  [ -n "${FD6:-}" ] && exec 6<"$FD6"
  timeout 20 "$@" >"$out" 2>"$err" </dev/null
  RC=$?
  [ -n "${FD5:-}" ] && exec 5<&-
  [ -n "${FD6:-}" ] && exec 6<&-
  OUT=$(cat "$out")
  ERR=$(cat "$err")
  rm -f "$out" "$err"
}

# same DESC ARGS...: bwrap ARGS and sbox-bwrap ARGS exit alike and print
# the same stdout; their error lines match once each program's name is
# taken off. Without bwrap: sbox-bwrap must exit 0 unless SBOX_EXPECT_RC says.
same ()
{
  local desc=$1
  shift
  run "$SBWRAP" "$@"
  local s_rc=$RC s_out=$OUT s_err=$ERR
  if [ "$have_bwrap" = 0 ]; then
    check_eq "$desc: sbox-bwrap exit status" "${SBOX_EXPECT_RC:-0}" "$s_rc"
    return
  fi
  run "$BWRAP" "$@"
  local b_rc=$RC b_out=$OUT b_err=$ERR
  if [ "$s_rc" = "$b_rc" ] && [ "$s_out" == "$b_out" ]; then
    ok "$desc (status $b_rc, same output)"
  else
    not_ok "$desc" "bwrap: status $b_rc, stdout: $b_out, stderr: $b_err" \
      "sbox-bwrap: status $s_rc, stdout: $s_out, stderr: $s_err"
  fi
  SAME_B_ERR=${b_err#bwrap: }
  SAME_S_ERR=${s_err#sbox-bwrap: }
}

# same_error DESC ARGS...: both refuse the command line with status 1 and
# the same one-line message.
same_error ()
{
  local desc=$1
  shift
  SBOX_EXPECT_RC=1 same "$desc" "$@"
  if [ "$have_bwrap" = 1 ]; then
    check_eq "$desc: the same message" "$SAME_B_ERR" "$SAME_S_ERR"
  fi
}

# --- identity, environment, hostname, working directory -----------------
same "ids as the caller's" "${BASE[@]}" --unshare-all id -u
same "ids and groups" "${BASE[@]}" --unshare-all sh -c 'id -u; id -g; id -G'
same "--uid/--gid" "${BASE[@]}" --unshare-user --uid 1234 --gid 5678 sh -c 'id -u; id -g'
same "the caller's environment passes" "${BASE[@]}" env
same "--setenv/--unsetenv in order" "${BASE[@]}" --setenv FOO 1 --setenv FOO 2 --unsetenv HOME \
  --setenv BAR 'a b' sh -c 'env | sort'
same "--clearenv keeps only what follows (and PWD)" "${BASE[@]}" --setenv X 1 --clearenv \
  --setenv Y 2 /usr/bin/env
same "--hostname with --unshare-uts" "${BASE[@]}" --unshare-uts --hostname sbox-box uname -n
same "--chdir and \$PWD" "${BASE[@]}" --chdir /usr/lib sh -c 'pwd; echo "$PWD"'
cd "$SBOX_TMP" || bail_out "cannot enter $SBOX_TMP"
same "an invisible cwd falls back (PWD too)" "${BASE[@]}" sh -c 'pwd; echo "$PWD"'
cd / || bail_out "cannot leave $SBOX_TMP"

# --- files, modes, order ---------------------------------------------------
same "the root's entries" "${BASE[@]}" ls -1A /
same "/dev's entries" "${BASE[@]}" ls -1A /dev
same "/dev/core" "${BASE[@]}" readlink /dev/core
same "the root is writable" "${BASE[@]}" sh -c 'touch /new && echo made'
same "--dir (0755)" "${BASE[@]}" --dir /a/b/c stat -c '%a %F' /a/b/c /a/b
same "--perms 0700 --dir" "${BASE[@]}" --perms 0700 --dir /d stat -c %a /d
same "--perms applies to the next op only" "${BASE[@]}" --perms 0700 --tmpfs /t1 --tmpfs /t2 \
  stat -c %a /t1 /t2
same "--size and --perms on a tmpfs" "${BASE[@]}" --size 1048576 --perms 0750 --tmpfs /s \
  sh -c 'stat -c %a /s; df -k /s | tail -n 1 | tr -s " " | cut -d" " -f2'
same "--symlink" "${BASE[@]}" --symlink /usr/share /share readlink /share
echo "file content" >"$SBOX_TMP/data"
export FD5=$SBOX_TMP/data
same "--file FD (0666, content)" "${BASE[@]}" --file 5 /etc/f sh -c 'stat -c %a /etc/f; cat /etc/f'
same "--perms 0640 --file FD" "${BASE[@]}" --perms 0640 --file 5 /f stat -c %a /f
same "--bind-data FD (0600, bound)" "${BASE[@]}" --bind-data 5 /bd \
  sh -c 'stat -c %a /bd; cat /bd; grep -c " /bd " /proc/self/mountinfo'
same "--ro-bind-data FD over a read-only tree is read-only" "${BASE[@]}" \
  --ro-bind-data 5 /usr/share/rbd \
  sh -c 'cat /usr/share/rbd; echo x >/usr/share/rbd 2>/dev/null || echo refused'
unset FD5
same "--chmod" "${BASE[@]}" --dir /m --chmod 0711 /m stat -c %a /m
same "--ro-bind is read-only, --bind writable" "${BASE[@]}" --bind "$SBOX_TMP" /w \
  --ro-bind "$SBOX_TMP" /r sh -c 'touch /w/x && echo w; touch /r/y 2>/dev/null || echo r-refused'
same "--bind-try skips a missing source" "${BASE[@]}" --bind-try /nonexistent /n \
  sh -c 'test -e /n || echo absent'
SBOX_EXPECT_RC=1 same "--bind of a missing source fails (1)" "${BASE[@]}" --bind /nonexistent /n true
same "--remount-ro" "${BASE[@]}" --bind "$SBOX_TMP" /w --remount-ro /w \
  sh -c 'touch /w/z 2>/dev/null || echo refused'
mkdir -p "$SBOX_TMP/rw/sub"
same "--remount-ro: that mount only, not one below it" "${BASE[@]}" --bind "$SBOX_TMP/rw" /w \
  --bind "$SBOX_TMP/rw/sub" /w/sub --remount-ro /w \
  sh -c 'touch /w/z 2>/dev/null || echo refused; touch /w/sub/z && echo below-writable'
rm -f "$SBOX_TMP/rw/sub/z"
SBOX_EXPECT_RC=1 same "--remount-ro on a directory that is no mount point fails" "${BASE[@]}" \
  --bind "$SBOX_TMP/rw" /w --remount-ro /w/sub true
check_contains "--remount-ro on no mount point: the message names it" "$SAME_S_ERR" "/w/sub"
# A symlink at a destination is followed inside the new root, as bwrap does.
mkdir -p "$SBOX_TMP/linked/sub" && echo in-file >"$SBOX_TMP/linked/f"
same "a bind onto a symlink lands where it leads" "${BASE[@]}" --tmpfs /w --symlink real /w/link \
  --dir /w/real --bind "$SBOX_TMP/linked" /w/link ls /w/real
same "a link through ../ and a chain of links" "${BASE[@]}" --tmpfs /w --symlink ../w/a /w/link \
  --symlink b /w/a --dir /w/b --tmpfs /w/link sh -c 'touch /w/b/x; ls /w/link'
same "a file bound onto a dangling link is made where it leads" "${BASE[@]}" --tmpfs /w \
  --symlink real /w/link --ro-bind "$SBOX_TMP/linked/f" /w/link cat /w/real
FD5=$SBOX_TMP/data same "--file onto a dangling link" "${BASE[@]}" --tmpfs /w --symlink real /w/link \
  --file 5 /w/link cat /w/real
same "--dir on a dangling link leaves it" "${BASE[@]}" --tmpfs /w --symlink real /w/link \
  --dir /w/link ls -A /w
SBOX_EXPECT_RC=1 same "a tmpfs onto a dangling link fails" "${BASE[@]}" --tmpfs /w \
  --symlink real /w/link --tmpfs /w/link true
SBOX_EXPECT_RC=1 same "a link to itself fails" "${BASE[@]}" --tmpfs /w --symlink link /w/link \
  --tmpfs /w/link true
same "ops in order: a later tmpfs hides an earlier dir" "${BASE[@]}" --dir /o/x --tmpfs /o ls -A /o
FD5=/usr same "--bind-fd" "${BASE[@]}" --bind-fd 5 /fdbind ls /fdbind/share/doc/coreutils

# --- --args -----------------------------------------------------------------
printf -- '--setenv\0FROM_ARGS\0yes\0--dir\0/from-args\0' >"$SBOX_TMP/args"
FD5=$SBOX_TMP/args same "--args FD adds options in place" "${BASE[@]}" --args 5 \
  sh -c 'echo "$FROM_ARGS"; test -d /from-args && echo dir'
printf -- '--args\0006\0--setenv\0OUTER\0o\0' >"$SBOX_TMP/outer"
printf -- '--setenv\0INNER\0i\0' >"$SBOX_TMP/inner"
FD5=$SBOX_TMP/outer FD6=$SBOX_TMP/inner same_error "--args in an --args file is refused" \
  "${BASE[@]}" --args 5 sh -c 'echo "$OUTER $INNER"'
printf -- '--setenv\0AA\0bb\0sh\0-c\0echo "$AA" from args\0' >"$SBOX_TMP/cmd"
# bwrap reads only options there (and then finds no command): both fail.
FD5=$SBOX_TMP/cmd SBOX_EXPECT_RC=1 same "a command in an --args file fails (1)" "${BASE[@]}" --args 5

# --- namespaces, process ----------------------------------------------------
host_net=$(readlink /proc/self/ns/net)
same "the network is shared without --unshare-net" "${BASE[@]}" readlink /proc/self/ns/net
same "--unshare-all has its own network" "${BASE[@]}" --unshare-all \
  sh -c "test \"\$(readlink /proc/self/ns/net)\" != '$host_net' && echo own"
same "--share-net after --unshare-all" "${BASE[@]}" --unshare-all --share-net readlink /proc/self/ns/net
same "--unshare-pid: the command is pid 2 under a reaper" "${BASE[@]}" --unshare-pid sh -c 'echo $$'
same "--as-pid-1" "${BASE[@]}" --unshare-pid --as-pid-1 sh -c 'echo $$'
same "no pid namespace without --unshare-pid" "${BASE[@]}" \
  sh -c 'test $$ -gt 2 && readlink /proc/1/ns/pid >/dev/null && echo host-pids'
same "no_new_privs, capabilities, no seccomp" "${BASE[@]}" --unshare-all \
  sh -c 'grep -E "^(NoNewPrivs|CapInh|CapPrm|CapEff|CapBnd|CapAmb|Seccomp):" /proc/self/status'
same "no new session by default" "${BASE[@]}" \
  sh -c 'read -r _ _ _ _ _ sid _ </proc/self/stat; test "$sid" = $$ && echo leader || echo not'
same "--new-session" "${BASE[@]}" --new-session \
  sh -c 'read -r _ _ _ _ _ sid _ </proc/self/stat; test "$sid" = $$ && echo leader || echo not'
same "--die-with-parent" "${BASE[@]}" --die-with-parent --unshare-pid \
  sh -c 'grep -c . /proc/self/status >/dev/null && echo ran'
same "exit status passes" "${BASE[@]}" sh -c 'exit 7'
same "a signal's exit status" "${BASE[@]}" --unshare-pid sh -c 'kill -TERM $$'
same "inherited descriptors reach the command, --sync-fd's does not" "${BASE[@]}" --sync-fd 5 \
  sh -c 'test -e /proc/self/fd/7 && echo open; test -e /proc/self/fd/5 || echo sync-held' \
  5>/dev/null 7</dev/null
same "--block-fd waits for data" "${BASE[@]}" --block-fd 5 echo released 5< <(
  sleep 0.3
  echo go
)
SBOX_EXPECT_RC=1 same "a command not found (1)" "${BASE[@]}" /nonexistent-command

# --- user namespaces inside -------------------------------------------------
same "--disable-userns: no user namespace inside" "${BASE[@]}" --unshare-user --disable-userns \
  sh -c 'unshare -U true 2>/dev/null || echo userns-refused; id -u; id -g'
same "--disable-userns with --uid 0 and a pid namespace" "${BASE[@]}" --unshare-user --uid 0 \
  --gid 0 --unshare-pid --disable-userns \
  sh -c 'unshare -U true 2>/dev/null || echo userns-refused; id -u; echo $$'
# Control: without --disable-userns the same probe makes one.
same "control: without --disable-userns a user namespace is made" "${BASE[@]}" --unshare-user \
  sh -c 'unshare -U true && echo userns-made'
same "--assert-userns-disabled after --disable-userns" "${BASE[@]}" --unshare-user \
  --disable-userns --assert-userns-disabled echo started
SBOX_EXPECT_RC=1 same "--assert-userns-disabled alone fails the start (1)" "${BASE[@]}" \
  --assert-userns-disabled echo started
run "$SBWRAP" "${BASE[@]}" --assert-userns-disabled echo started
check_eq "--assert-userns-disabled alone: bwrap's message" \
  "1 sbox-bwrap: creation of new user namespaces was not disabled as requested" "$RC $ERR"
same_error "--disable-userns without --unshare-user" --disable-userns true

# --- a bind onto / -----------------------------------------------------------
same "--ro-bind / /: the host's root, read-only" --ro-bind / / --proc /proc --dev /dev \
  --tmpfs /tmp sh -c 'ls -1A / | sort; touch /etc/sbox-x 2>/dev/null || echo ro; touch /tmp/y && echo tmp'
mkdir -p "$SBOX_TMP/newroot"
# (bwrap refuses a --symlink where one exists: none here, the runs share DIR.)
same "--bind DIR /, later ops on top of it" --bind "$SBOX_TMP/newroot" / --ro-bind /usr /usr \
  --dir /lib --ro-bind /usr/lib /lib --ro-bind-try /usr/lib64 /lib64 --dir /bin \
  --ro-bind /usr/bin /bin \
  sh -c 'ls -1A / | sort; touch /made && echo writable && rm /made; test -e /usr/bin/sh && echo usr'
run "$SBWRAP" --bind "$SBOX_TMP/newroot" / --ro-bind /usr /usr --dir /lib --ro-bind /usr/lib /lib \
  --ro-bind-try /usr/lib64 /lib64 /usr/bin/touch /kept
check_eq "--bind DIR /: a file made inside lands in DIR" "0 kept" \
  "$RC $(find "$SBOX_TMP/newroot" -maxdepth 1 -name kept -printf '%f\n')"

# --- --cap-add -------------------------------------------------------------------
same "--cap-add with --uid 0: kept in every set" "${BASE[@]}" --unshare-user --uid 0 \
  --cap-add CAP_NET_ADMIN --unshare-pid \
  sh -c 'grep -E "^(NoNewPrivs|Cap[A-Za-z]+):" /proc/self/status; id -u'
same "--cap-add ALL then --cap-drop, in order, any uid" "${BASE[@]}" --cap-add ALL \
  --cap-drop CAP_SYS_ADMIN sh -c 'grep -E "^Cap(Eff|Amb):" /proc/self/status; id -u'
mkdir -p "$SBOX_TMP/capro"
same "--cap-add ALL reaches none of the sandbox's namespaces" "${BASE[@]}" --unshare-net \
  --ro-bind "$SBOX_TMP/capro" /ro --cap-add ALL \
  sh -c 'ip link set lo down 2>/dev/null || echo net-refused
         mount -o remount,bind,rw /ro 2>/dev/null || echo remount-refused
         touch /ro/x 2>/dev/null || echo ro'

# --- --mqueue -------------------------------------------------------------------
same "--mqueue with --unshare-ipc" "${BASE[@]}" --unshare-ipc --mqueue /dev/mqueue \
  sh -c 'stat -c %a /dev/mqueue; grep -c " /dev/mqueue .* - mqueue " /proc/self/mountinfo'
# Control: without it /dev/mqueue is no mqueue mount.
same "control: no mqueue mount without --mqueue" "${BASE[@]}" --unshare-ipc \
  sh -c 'grep -c " - mqueue " /proc/self/mountinfo; true'
SBOX_EXPECT_RC=1 same "--mqueue without an IPC namespace of its own fails (1)" "${BASE[@]}" \
  --mqueue /dev/mqueue true

# --- newer bwrap's process options (bwrap 0.8 has neither: checked alone) ----
run "$SBWRAP" "${BASE[@]}" --argv0 shown-name sh -c 'echo "$0"; readlink /proc/$$/exe'
check_run_ok "--argv0: argv[0] differs from the program run" "$(printf 'shown-name\n/usr/bin/dash')"
run "$SBWRAP" "${BASE[@]}" sh -c 'echo "$0"'
check_run_ok "control: without --argv0 argv[0] is the command" "sh"
run "$SBWRAP" "${BASE[@]}" --argv0 shown-name /nonexistent-command
check_eq "--argv0: a missing program is named by its path" \
  "1 sbox-bwrap: /nonexistent-command: command not found in the sandbox" "$RC $ERR"
run "$ASBWRAP" --level-prefix --no-such-option true
check_eq "--level-prefix: messages carry syslog's error level" \
  "1 <3>bwrap: Unknown option --no-such-option" "$RC $ERR"
run "$ASBWRAP" --no-such-option --level-prefix true
check_eq "--level-prefix: not before it is seen" "1 bwrap: Unknown option --no-such-option" \
  "$RC $ERR"
run "$SBWRAP" --level-prefix "${BASE[@]}" /nonexistent-command
check_eq "--level-prefix: the sandbox's own failures too" \
  "1 <3>sbox-bwrap: /nonexistent-command: command not found in the sandbox" "$RC $ERR"

# --- seccomp from the caller -----------------------------------------------
if "$SBOX" --noprofile --seccomp-export="$SBOX_TMP/filter.bpf" true 2>/dev/null; then
  FD5=$SBOX_TMP/filter.bpf same "--seccomp FD installs the caller's program" "${BASE[@]}" \
    --unshare-all --seccomp 5 \
    sh -c 'grep ^Seccomp: /proc/self/status; unshare -U true 2>/dev/null || echo userns-refused'
  FD5=$SBOX_TMP/filter.bpf FD6=$SBOX_TMP/filter.bpf same "--add-seccomp-fd twice" "${BASE[@]}" \
    --add-seccomp-fd 5 --add-seccomp-fd 6 grep ^Seccomp_filters: /proc/self/status
  # Control: the same command without the program makes the user namespace.
  same "control: without --seccomp the user namespace is made" "${BASE[@]}" --unshare-all \
    sh -c 'unshare -U true && echo made'
else
  skip "--seccomp FD" "sbox --seccomp-export failed"
fi

# --- JSON ------------------------------------------------------------------
# keys KEYS-FILE: the JSON's shape with the numbers taken out.
shape () { sed -E 's/[0-9]+/N/g' "$1"; }
run "$SBWRAP" "${BASE[@]}" --unshare-all --info-fd 5 --json-status-fd 6 true \
  5>"$SBOX_TMP/s-info" 6>"$SBOX_TMP/s-status"
if [ "$have_bwrap" = 1 ]; then
  run "$BWRAP" "${BASE[@]}" --unshare-all --info-fd 5 --json-status-fd 6 true \
    5>"$SBOX_TMP/b-info" 6>"$SBOX_TMP/b-status"
  check_eq "--info-fd: bwrap's keys and layout" "$(shape "$SBOX_TMP/b-info")" \
    "$(shape "$SBOX_TMP/s-info")"
  check_eq "--json-status-fd: bwrap's lines" "$(shape "$SBOX_TMP/b-status")" \
    "$(shape "$SBOX_TMP/s-status")"
fi
pid=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' "$SBOX_TMP/s-info")
check_match "--info-fd names the child's pid" "$pid" '^[0-9]+$'
check_contains "--json-status-fd ends with the exit code" "$(cat "$SBOX_TMP/s-status")" \
  '{ "exit-code": 0 }'
run "$SBWRAP" "${BASE[@]}" --unshare-pid --json-status-fd 6 sh -c 'exit 3' 6>"$SBOX_TMP/s-status3"
check_contains "--json-status-fd: the command's status" "$(cat "$SBOX_TMP/s-status3")" \
  '{ "exit-code": 3 }'

# --- usage errors: bwrap's words and status 1 -----------------------------
same_error "an unknown option" --no-such-option true
same_error "a missing operand" --bind /usr
same_error "--chdir's operand" --chdir
same_error "a bad fd" --info-fd x true
same_error "bad octal for --perms" --perms 9 --dir /x true
same_error "--perms before an op it cannot apply to" --perms 0700 --bind /usr /usr true
same_error "--perms twice" --perms 0700 --perms 0700 --dir /x true
same_error "--size before something else" --size 10 --dir /x true
same_error "--size 0" --size 0 --tmpfs /x true
same_error "--hostname without --unshare-uts" --hostname h true
same_error "--as-pid-1 without --unshare-pid" --as-pid-1 true
same_error "--seccomp with --add-seccomp-fd" --seccomp 5 --add-seccomp-fd 6 true 5</dev/null 6</dev/null
same_error "a bad uid" --uid abc true
same_error "an unknown capability" --cap-drop CAP_NO_SUCH true
SBOX_EXPECT_RC=1 same "no command: the usage on stderr, status 1" "${BASE[@]}"

# --- failures once the command line is good: status 1, as bwrap -----------
same_error "--lock-file that cannot be opened inside" "${BASE[@]}" --lock-file /nonexistent/lock true
same_error "--info-fd on a closed descriptor" "${BASE[@]}" --info-fd 9 true
SBOX_EXPECT_RC=1 same "--json-status-fd on a closed descriptor" "${BASE[@]}" --json-status-fd 9 true
check_eq "--json-status-fd on a closed descriptor: named" \
  "Write to json_status_fd: Bad file descriptor" "$SAME_S_ERR"
SBOX_EXPECT_RC=1 same "--seccomp with an empty program" "${BASE[@]}" --seccomp 9 true 9</dev/null
touch "$SBOX_TMP/lockme"
same "--lock-file held while the command runs" "${BASE[@]}" --ro-bind "$SBOX_TMP/lockme" /lockme \
  --lock-file /lockme sh -c 'grep -c "ADVISORY  READ .*:$(stat -c %i /lockme) " /proc/locks'

run "$ASBWRAP" --no-such-option true
check_eq "called as bwrap: bwrap's exact line" "bwrap: Unknown option --no-such-option" "$ERR"
run "$SBWRAP" --no-such-option true
check_eq "called as sbox-bwrap: its own name" "sbox-bwrap: Unknown option --no-such-option" "$ERR"
run "$SBOX" --bwrap "${BASE[@]}" echo via-sbox
check_run_ok "sbox --bwrap ARGS runs the front end" "via-sbox"
run "$SBWRAP" --version
check_match "--version" "$OUT" '^bubblewrap [0-9]'
run "$SBWRAP" --help
check_contains "--help on stdout, status 0" "$RC $OUT" "0 usage:"

# --- SELinux labels: bwrap fails where SELinux is off, and so does sbox-bwrap
# (it never applies labels, so where SELinux is on it fails too) -------------
if [ ! -e /sys/fs/selinux/enforce ]; then
  same_error "--exec-label without SELinux" --exec-label system_u:system_r:x_t:s0 true
  same_error "--file-label without SELinux" --file-label system_u:object_r:x_t:s0 true
  same_error "--exec-label's operand" --exec-label
else
  run "$SBWRAP" "${BASE[@]}" --exec-label x true
  check_eq "--exec-label fails loudly where SELinux is on" \
    "1 sbox-bwrap: --exec-label: sbox-bwrap does not apply SELinux labels" "$RC $ERR"
fi

# --- SBOX_BWRAP_HARDEN -----------------------------------------------------
run env SBOX_BWRAP_HARDEN=1 "$SBWRAP" "${BASE[@]}" --unshare-all \
  sh -c 'grep ^Seccomp: /proc/self/status; unshare -U true 2>/dev/null || echo userns-refused'
check_run_ok "SBOX_BWRAP_HARDEN=1 adds sbox's seccomp policy" "$(printf 'Seccomp:\t2\nuserns-refused')"
run "$SBWRAP" "${BASE[@]}" --unshare-all \
  sh -c 'grep ^Seccomp: /proc/self/status; unshare -U true 2>/dev/null && echo userns-made'
check_run_ok "control: without it there is none" "$(printf 'Seccomp:\t0\nuserns-made')"
run env SBOX_BWRAP_HARDEN=1 "$SBWRAP" "${BASE[@]}" --bind "$SBOX_TMP" /w \
  sh -c 'echo x >/w/ok && cat /w/ok; touch /new-in-root 2>/dev/null || echo root-refused'
check_run_ok "SBOX_BWRAP_HARDEN=1: Landlock keeps writes to the binds" "$(printf 'x\nroot-refused')"

# The same from sbox.conf, read by the composer as for every front end.
conf_home=$SBOX_TMP/conf-home
mkdir -p "$conf_home/sbox"
printf '[sbox]\nBwrapHarden=true\n' >"$conf_home/sbox/sbox.conf"
run env XDG_CONFIG_HOME="$conf_home" "$SBWRAP" "${BASE[@]}" --unshare-all \
  sh -c 'grep ^Seccomp: /proc/self/status; touch /new-in-root 2>/dev/null || echo root-refused'
check_run_ok "sbox.conf BwrapHarden=true adds seccomp and Landlock" \
  "$(printf 'Seccomp:\t2\nroot-refused')"
printf '[sbox]\nRequireLandlock=true\n' >"$conf_home/sbox/sbox.conf"
run env XDG_CONFIG_HOME="$conf_home" "$SBWRAP" "${BASE[@]}" --unshare-all \
  sh -c 'touch /new-in-root 2>/dev/null || echo root-refused'
check_run_ok "sbox.conf RequireLandlock=true holds for sbox-bwrap too" "root-refused"
printf '[sbox]\nAllowNetwork=false\n' >"$conf_home/sbox/sbox.conf"
run env XDG_CONFIG_HOME="$conf_home" "$SBWRAP" "${BASE[@]}" true
check_match "sbox.conf AllowNetwork=false refuses a shared network (status 1)" "$RC $ERR" \
  '^1 sbox-bwrap: network access is not allowed: .*sbox.conf:2 forbids it'
run env XDG_CONFIG_HOME="$conf_home" "$SBWRAP" "${BASE[@]}" --unshare-net echo own-net
check_run_ok "control: with --unshare-net it runs" "own-net"
printf '[sbox]\nNoSuchKey=1\n' >"$conf_home/sbox/sbox.conf"
run env XDG_CONFIG_HOME="$conf_home" "$SBWRAP" "${BASE[@]}" true
check_match "a bad sbox.conf: one line naming it, status 1" "$RC $ERR" '^1 sbox-bwrap: .*sbox.conf:2'

done_testing
