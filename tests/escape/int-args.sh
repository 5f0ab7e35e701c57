#!/bin/bash
# int-args.sh — seccomp argument checks on int (32-bit) arguments look at 32
# bits. The kernel reads only the low half of an int argument's register,
# so a rule comparing all 64 bits is dodged by setting a high bit: the
# filter sees "not NETLINK_AUDIT", the kernel opens an audit socket.
#
# Live: the calls with a high bit set fail inside the sandbox, and the
# controls make the same raw calls outside, where the kernel accepts them
# (showing that it ignores the high half). On paper: every argument check
# of the exported filters is evaluated with high bits set, and a control
# filter written here with the unmasked 64-bit comparison is shown to let
# the same call through.
_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_lib=$_here/libtest.sh
[ -f "$_lib" ] || _lib=${SBOX_TESTS_SRCDIR:-$_here/../integration}/libtest.sh
# shellcheck source-path=SCRIPTDIR source=../integration/libtest.sh
. "$_lib"

[ -n "${SBOX_ESCAPE_PROBE:-}" ] || SBOX_ESCAPE_PROBE=$_here/escape-probe
need_escape_probe
[ "$MY_UID" != 0 ] || skip_all "runs as a plain user (the harness drops root)"

P=/run/escape-probe
HI=$((1 << 32))
hi () { printf '0x%x' $(( $1 | HI )); }

box ()
{
  local opts=()
  while [ "$#" -gt 0 ] && [ "$1" != -- ]; do
    opts+=("$1")
    shift
  done
  shift
  sbox_run --noprofile --ro-bind "$SBOX_ESCAPE_PROBE" "$P" "${opts[@]}" -- "$P" "$@"
}

host ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$SBOX_ESCAPE_PROBE" "$@" \
    >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  # shellcheck disable=SC2034 # read by libtest's checks
  RC=$?
  # shellcheck disable=SC2034
  OUT=$(cat "$SBOX_TMP/.stdout")
  # shellcheck disable=SC2034
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# x86_64 numbers
NR_ioctl=16 NR_socket=41 NR_setsockopt=54 NR_clone=56 NR_chmod=90 NR_personality=135
NR_unshare=272 NR_openat=257 NR_fchmodat=268
AF_INET=2 AF_NETLINK=16 AF_PACKET=17 SOCK_DGRAM=2 SOCK_RAW=3
# shellcheck disable=SC2034 # read through ${!proto}
NETLINK_AUDIT=9 NETLINK_NETFILTER=12 NETLINK_XFRM=6

# --- live -----------------------------------------------------------------------------
for proto in NETLINK_AUDIT NETLINK_NETFILTER NETLINK_XFRM; do
  arg=$(hi "${!proto}")
  box -- syscall $NR_socket $AF_NETLINK $SOCK_RAW "$arg"
  check_run_ok "socket(AF_NETLINK, $proto | 1<<32) refused in the sandbox" EAFNOSUPPORT
  host syscall $NR_socket $AF_NETLINK $SOCK_RAW "$arg"
  check_run_ok "control: outside, the kernel opens $proto from the same arguments" OK
done
box -- syscall $NR_socket "$(hi $AF_PACKET)" $SOCK_RAW 0
check_run_ok "socket(AF_PACKET | 1<<32) refused" EAFNOSUPPORT
box -- syscall $NR_socket "$(hi $AF_NETLINK)" $SOCK_RAW 0
check_run_ok "socket(AF_NETLINK | 1<<32) refused (any high bit in a family is)" EAFNOSUPPORT
box -- syscall $NR_socket $AF_NETLINK $SOCK_RAW "$HI"
check_run_ok "socket(AF_NETLINK, NETLINK_ROUTE | 1<<32) still opens (the kernel sees ROUTE)" OK
# READ_IMPLIES_EXEC (0x400000) with bit 32 set.
box -- personality "$(hi 0x400000)"
check_run_ok "personality(READ_IMPLIES_EXEC | 1<<32) refused" EPERM
host personality "$(hi 0x400000)"
check_run_ok "control: outside, the kernel takes it as READ_IMPLIES_EXEC" OK
# unshare's flags are a full unsigned long (the kernel answers EINVAL to
# high bits); the filter's mask on the one bit refuses first, EPERM.
box -- syscall $NR_unshare "$(hi 0x10000000)"
check_run_ok "unshare(CLONE_NEWUSER | 1<<32) refused by the filter" EPERM

# --- on paper -------------------------------------------------------------------------
# eval FILTER NR ARG...: the filter's action for the x86_64 call.
eval_filter ()
{
  local file=$1
  shift
  host seccomp-eval "$file" x86_64 "$@"
}

for policy in default strict none; do
  sbox_run --noprofile --seccomp="$policy" --seccomp-export="$SBOX_TMP/$policy.bpf" -- true
  check_rc "--seccomp=$policy exports its filter" 0
done
F=$SBOX_TMP/default.bpf
S=$SBOX_TMP/strict.bpf
N=$SBOX_TMP/none.bpf

# check_eval DESC EXPECTED FILTER NR ARG...
check_eval ()
{
  local desc=$1 expected=$2
  shift 2
  eval_filter "$@"
  check_run_ok "$desc" "$expected"
}

for f in "$F" "$S"; do
  p=$(basename "$f" .bpf)
  check_eval "$p: socket(AF_NETLINK, NETLINK_AUDIT | 1<<32)" ERRNO:EAFNOSUPPORT \
    "$f" $NR_socket $AF_NETLINK $SOCK_RAW "$(hi $NETLINK_AUDIT)"
  check_eval "$p: socket(AF_NETLINK | 1<<32, NETLINK_ROUTE): a high bit in a family" \
    ERRNO:EAFNOSUPPORT "$f" $NR_socket "$(hi $AF_NETLINK)" $SOCK_RAW 0
  check_eval "$p: socket(AF_PACKET | 1<<32)" ERRNO:EAFNOSUPPORT \
    "$f" $NR_socket "$(hi $AF_PACKET)" $SOCK_RAW 0
  check_eval "$p: socket(AF_INET, SOCK_RAW | 1<<32)" ERRNO:EPERM \
    "$f" $NR_socket $AF_INET "$(hi $SOCK_RAW)" 0
  check_eval "$p: socket(AF_INET, SOCK_DGRAM | 1<<32) is allowed" ALLOW \
    "$f" $NR_socket $AF_INET "$(hi $SOCK_DGRAM)" 0
  check_eval "$p: setsockopt(SOL_IP | 1<<32, IPT_SO_SET_REPLACE | 1<<32)" ERRNO:EPERM \
    "$f" $NR_setsockopt 3 "$(hi 0)" "$(hi 64)" 0 0
  check_eval "$p: setsockopt(SOL_IPV6 | 1<<32, IP6T_SO_SET_ADD_COUNTERS | 1<<32)" ERRNO:EPERM \
    "$f" $NR_setsockopt 3 "$(hi 41)" "$(hi 65)" 0 0
  check_eval "$p: setsockopt(SOL_SOCKET, SO_REUSEADDR) is allowed" ALLOW \
    "$f" $NR_setsockopt 3 1 2 0 4
  check_eval "$p: ioctl(TIOCSTI | 1<<32)" ERRNO:EPERM "$f" $NR_ioctl 0 "$(hi 0x5412)"
  check_eval "$p: personality(READ_IMPLIES_EXEC | 1<<32)" ERRNO:EPERM \
    "$f" $NR_personality "$(hi 0x400000)"
  check_eval "$p: personality(PER_LINUX | 1<<32) is allowed (the kernel sees 0)" ALLOW \
    "$f" $NR_personality "$HI"
  check_eval "$p: clone(CLONE_NEWUSER | 1<<32)" ERRNO:EPERM "$f" $NR_clone "$(hi 0x10000000)"
done
for f in "$F" "$S" "$N"; do
  p=$(basename "$f" .bpf)
  check_eval "$p: chmod(04755 | 1<<32)" ERRNO:EPERM "$f" $NR_chmod 0 "$(hi 04755)"
  check_eval "$p: fchmodat(02755 | 1<<32)" ERRNO:EPERM "$f" $NR_fchmodat 0 0 "$(hi 02755)"
  check_eval "$p: openat(O_CREAT | 1<<32, 04755 | 1<<32)" ERRNO:EPERM \
    "$f" $NR_openat 0 0 "$(hi 0100)" "$(hi 04755)"
done

# The control: the rule as a 64-bit comparison, the way libseccomp builds
# SCMP_CMP_EQ, refusing socket(AF_NETLINK, …, NETLINK_AUDIT) only when the
# high half is 0 and the low half 9.
# bytes N VALUE: VALUE as N little-endian bytes; insn CODE JT JF K: one
# struct sock_filter.
bytes ()
{
  local i
  for ((i = 0; i < $1; i++)); do
    printf '%b' "\\x$(printf %02x $(( ($2 >> (8 * i)) & 255 )))"
  done
}
insn () { bytes 2 "$1"; bytes 1 "$2"; bytes 1 "$3"; bytes 4 "$4"; }
{
  insn 0x20 0 0 0                     # A = nr
  insn 0x15 0 5 $NR_socket            # socket? else allow
  insn 0x20 0 0 36                    # A = args[2] >> 32
  insn 0x15 0 3 0                     # high half 0? else allow
  insn 0x20 0 0 32                    # A = args[2] & 0xffffffff
  insn 0x15 0 1 $NETLINK_AUDIT        # 9? else allow
  insn 0x06 0 0 $(( 0x00050000 | 97 )) # ERRNO(EAFNOSUPPORT)
  insn 0x06 0 0 0x7fff0000            # ALLOW
} >"$SBOX_TMP/unmasked.bpf"
check_eval "control: an unmasked rule refuses NETLINK_AUDIT itself" ERRNO:EAFNOSUPPORT \
  "$SBOX_TMP/unmasked.bpf" $NR_socket $AF_NETLINK $SOCK_RAW $NETLINK_AUDIT
check_eval "control: ... but lets NETLINK_AUDIT | 1<<32 through" ALLOW \
  "$SBOX_TMP/unmasked.bpf" $NR_socket $AF_NETLINK $SOCK_RAW "$(hi $NETLINK_AUDIT)"

done_testing
