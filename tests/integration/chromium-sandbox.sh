#!/bin/bash
# chromium-sandbox.sh — Chromium keeps its own sandbox under its profile.
#
# Run as a plain user, `sbox chromium --headless` renders a page, and from
# inside the same sandbox a renderer is seen in a user and pid namespace
# of its own (not the browser's), under more seccomp filters than the
# browser (Chromium's own stacked on sbox's), with no --no-sandbox on any
# command line. Control: with Chromium's sandbox switched off
# (--no-sandbox) the same inspection sees the renderer in the browser's
# namespaces with the browser's filters, so the assertions can fail.
#
# Control: with chroot refused (--seccomp-deny=chroot, the default policy's
# answer) the zygote dies on "Check failed: sys_chroot" and nothing renders.
#
# Crash reports: crashpad's handler attaches to a crashed renderer with
# ptrace and writes a minidump into the granted ~/.config/chromium; with
# ptrace refused (--seccomp-deny=ptrace) it cannot. The ptrace the profile
# grants reaches only the app's processes: not the sandbox's init, not a
# process of the same user outside the sandbox.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

{ command -v chromium >/dev/null 2>&1 && [ -x /usr/lib/chromium/chromium ]; } \
  || skip_all "chromium is not installed (Debian package chromium)"
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
export SBOX_TIMEOUT=40
mkdir -p "$HOME/.config/chromium"

# A page whose text exists only once the renderer has run its script.
TOKEN="sbox-rendered-$$"
PAGE="data:text/html,<html><body><p>loading</p><script>document.body.textContent='$TOKEN'.concat('-',6*7)</script></body></html>"

# find_renderer (shell text for inside the sandbox): the pid of a
# Chromium renderer: the binary run with --type=renderer. Chromium rewrites
# its children's command lines as one string joined by spaces.
# shellcheck disable=SC2016
FIND_RENDERER='
find_renderer () {
  for f in $(grep -l -a -e --type=renderer /proc/[0-9]*/cmdline 2>/dev/null); do
    c=" $({ tr "\0" " " <"$f"; } 2>/dev/null) "
    case $c in " /usr/lib/chromium/chromium "*) ;; *) continue ;; esac
    case $c in *" --type=renderer "*) f=${f#/proc/}; echo "${f%/cmdline}" ;; esac
  done | tail -n 1
}
'

# The scripts run from files (bound read-only), so that no shell's own
# command line holds the words they look for.
run_script () # NAME TEXT SBOX-OPTION... -- ARG...
{
  local name=$1 text=$2
  shift 2
  printf '%s\n' "$text" >"$SBOX_TMP/$name.sh"
  chmod 644 "$SBOX_TMP/$name.sh"
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --profile=chromium --ro-bind "$SBOX_TMP/$name.sh" "/run/$name.sh" "${opts[@]}" -- \
    /bin/sh "/run/$name.sh" "$@"
}

# Run inside the sandbox by sh: start the browser headless on the page,
# wait for a renderer whose seccomp filters outnumber the browser's (at
# most 15 s; a renderer that never stacks its own is reported as found),
# print what /proc says about both, then stop the browser.
# shellcheck disable=SC2016
INSPECT=$FIND_RENDERER'
field () { sed -n "s/^$1:[[:space:]]*//p" "/proc/$2/status"; }
chromium --headless=new --user-data-dir=/tmp/cr-inspect "$@" >/tmp/inspect.log 2>&1 &
browser=$!
renderer= found=0 tries=0
while [ "$tries" -lt 75 ] && [ "$found" -lt 15 ]; do
  renderer=$(find_renderer)
  if [ -n "$renderer" ]; then
    [ "$(field Seccomp_filters "$renderer")" -gt "$(field Seccomp_filters "$browser")" ] && break
    found=$((found + 1))
  fi
  sleep 0.2
  tries=$((tries + 1))
done
[ -n "$renderer" ] || { echo "no renderer"; cat /tmp/inspect.log >&2; kill "$browser"; exit 3; }
grep -v "dbus/" /tmp/inspect.log >&2
echo "browser-user=$(readlink "/proc/$browser/ns/user")"
echo "renderer-user=$(readlink "/proc/$renderer/ns/user")"
echo "browser-pid=$(readlink "/proc/$browser/ns/pid")"
echo "renderer-pid=$(readlink "/proc/$renderer/ns/pid")"
echo "renderer-seccomp=$(field Seccomp "$renderer")"
echo "browser-filters=$(field Seccomp_filters "$browser")"
echo "renderer-filters=$(field Seccomp_filters "$renderer")"
n=0
for f in $(grep -l -a -e --no-sandbox /proc/[0-9]*/cmdline 2>/dev/null); do
  case " $({ tr "\0" " " <"$f"; } 2>/dev/null) " in *" --no-sandbox "*) n=$((n + 1)) ;; esac
done
echo "no-sandbox-cmdlines=$n"
kill "$browser"
wait "$browser"
'

# value KEY: KEY's value in the last run's output.
value () { sed -n "s/^$1=//p" <<<"$OUT"; }

# --- renderers in namespaces of their own ----------------------------------------------

run_script inspect "$INSPECT" -- "$PAGE"
if [ "$RC" != 0 ] || [ -z "$(value renderer-user)" ]; then
  not_ok "a renderer runs under sbox chromium" "rc=$RC" "$OUT" "$ERR"
else
  ok "a renderer runs under sbox chromium"
fi
check_ne "the renderer runs in a user namespace other than the browser's" \
  "$(value browser-user)" "$(value renderer-user)"
check_ne "the renderer runs in a pid namespace other than the browser's" \
  "$(value browser-pid)" "$(value renderer-pid)"
check_eq "the renderer is under seccomp (Seccomp: 2)" 2 "$(value renderer-seccomp)"
check_gt "the renderer has Chromium's own seccomp filter stacked on the browser's" \
  "$(value browser-filters)" "$(value renderer-filters)"
check_eq "no process of the app runs with --no-sandbox" 0 "$(value no-sandbox-cmdlines)"
check_not_contains "the zygote does not die on chroot" "$ERR" "Check failed"

# Control: Chromium's sandbox off, the same inspection.
run_script inspect "$INSPECT" -- --no-sandbox "$PAGE"
if [ -n "$(value renderer-user)" ]; then
  check_eq "control: with --no-sandbox the renderer shares the browser's user namespace" \
    "$(value browser-user)" "$(value renderer-user)"
  check_eq "control: with --no-sandbox the renderer shares the browser's pid namespace" \
    "$(value browser-pid)" "$(value renderer-pid)"
  check_eq "control: with --no-sandbox the renderer has only the browser's filters" \
    "$(value browser-filters)" "$(value renderer-filters)"
  check_gt "control: the inspection sees --no-sandbox on command lines" 0 "$(value no-sandbox-cmdlines)"
else
  not_ok "control: a renderer runs with --no-sandbox" "rc=$RC" "$OUT" "$ERR"
fi

# --- the page is rendered --------------------------------------------------------------

sbox_run chromium --headless=new --dump-dom "$PAGE"
check_rc "sbox chromium --headless=new --dump-dom exits 0" 0
check_contains "the page was rendered (its script's text is in the DOM)" "$OUT" "$TOKEN-42"

# Control: the profile's chroot grant is what keeps the zygote alive.
sbox_run --seccomp-deny=chroot chromium --headless=new --dump-dom "$PAGE"
check_contains "control: with chroot refused the zygote dies on its chroot" "$ERR" \
  'Check failed: sys_chroot("/proc/self/fdinfo/")'
check_not_contains "control: ... and no page is rendered" "$OUT" "$TOKEN-42"

# --- crash reports: crashpad's ptrace, and only inside -------------------------------

# Start headless with the crash reporter, crash a renderer, let the handler
# write its dump (into the granted ~/.config/chromium), stop the browser.
# shellcheck disable=SC2016
CRASH=$FIND_RENDERER'
chromium --headless=new --enable-crash-reporter --user-data-dir=/tmp/cr-crash about:blank >/tmp/crash.log 2>&1 &
browser=$!
renderer= tries=0
while [ -z "$renderer" ] && [ "$tries" -lt 50 ]; do
  renderer=$(find_renderer)
  sleep 0.2
  tries=$((tries + 1))
done
sleep 1
kill -SEGV "$renderer"
tries=0
while [ "$tries" -lt 40 ]; do
  ls "$HOME/.config/chromium/Crash Reports/pending/"*.dmp >/dev/null 2>&1 && break
  grep -q "ptrace:" /tmp/crash.log && break
  sleep 0.2
  tries=$((tries + 1))
done
sleep 0.5
cat /tmp/crash.log >&2
kill "$browser"
wait "$browser"
'
dumps="$HOME/.config/chromium/Crash Reports"
count_dumps () { find "$dumps" -name '*.dmp' 2>/dev/null | wc -l; }

rm -rf "$dumps"
run_script crash "$CRASH" --
check_gt "crashpad writes a minidump of a crashed renderer" 0 "$(count_dumps)"
check_not_contains "... its ptrace attach is not refused" "$ERR" "ptrace: Operation not permitted"

rm -rf "$dumps"
run_script crash "$CRASH" --seccomp-deny=ptrace --
check_eq "control: with ptrace refused crashpad writes no minidump" 0 "$(count_dumps)"
check_contains "control: ... and says its ptrace was refused" "$ERR" "ptrace: Operation not permitted"

if [ -n "${SBOX_ESCAPE_PROBE:-}" ] && [ -x "$SBOX_ESCAPE_PROBE" ]; then
  P=/run/escape-probe
  sleep 300 &
  outside=$!
  kill_at_exit "$outside"
  sbox_run --profile=chromium --ro-bind "$SBOX_ESCAPE_PROBE" "$P" -- \
    /bin/sh -c "$P ptrace-child; $P ptrace 1; $P ptrace $outside"
  lines=()
  mapfile -t lines <<<"$OUT"
  check_eq "the chromium profile may ptrace its own processes (crashpad's need)" OK "${lines[0]:-}"
  check_eq "... but not the sandbox's init (pid 1)" EPERM "${lines[1]:-}"
  check_ne "... nor a process of the same user outside the sandbox" OK "${lines[2]:-}"
  "$SBOX_ESCAPE_PROBE" ptrace "$outside" >"$SBOX_TMP/.probe" 2>&1
  check_eq "control: outside any sandbox the same user can ptrace that process" OK \
    "$(cat "$SBOX_TMP/.probe")"
  sbox_run --noprofile --ro-bind "$SBOX_ESCAPE_PROBE" "$P" -- "$P" ptrace-child
  check_run_ok "control: without the profile's grant ptrace is refused" EPERM
else
  skip "the ptrace grant reaches only the app's processes" "the escape probe is not built"
fi

done_testing
