# shellcheck shell=bash disable=SC2034 # RC, OUT and ERR are read by the tests that source this
# confine-lib.sh — the blocked environments the confinement mode's tests
# run sbox in, made for real: a parent whose seccomp filter refuses user
# namespaces as Docker's default profile does (tests/helpers/no-userns.c),
# user.max_user_namespaces=0 set inside a user namespace of the test's own
# (it counts per namespace, so the host's stays as it is), and sbox inside
# sbox. Sourced after libtest.sh; each runner sets RC, OUT and ERR.

NOUSERNS=${SBOX_PROBE:+${SBOX_PROBE%/*}/no-userns}
if [ -z "$NOUSERNS" ] || [ ! -x "$NOUSERNS" ]; then
  skip_all "the no-userns helper is not built (make check builds it)"
fi
export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}

# capture CMD...: run it with the suite's timeout, no stdin.
capture ()
{
  timeout -k 5 "$SBOX_TIMEOUT" "$@" >"$SBOX_TMP/.stdout" 2>"$SBOX_TMP/.stderr" </dev/null
  RC=$?
  OUT=$(cat "$SBOX_TMP/.stdout")
  ERR=$(cat "$SBOX_TMP/.stderr")
}

# run_nu ARGS...: sbox ARGS... where a seccomp filter refuses user namespaces.
run_nu ()
{
  capture "$NOUSERNS" "$SBOX" "$@"
}

# run_limit0 ARGS...: sbox ARGS... with user.max_user_namespaces=0 above it.
run_limit0 ()
{
  mkdir -p "$SBOX_TMP/runtime" && chmod 0700 "$SBOX_TMP/runtime"
  capture unshare -Ur env XDG_RUNTIME_DIR="$SBOX_TMP/runtime" sh -c \
    'echo 0 >/proc/sys/user/max_user_namespaces && exec "$@"' sh "$SBOX" "$@"
}

# run_nested DIR ARGS...: sbox ARGS... inside an sbox with the default
# policy (whose filter refuses user namespaces), DIR bound writable and the
# working directory; the inner sbox is a copy outside the build tree.
run_nested ()
{
  local dir=$1
  shift
  mkdir -p "$SBOX_TMP/nest" && cp "$SBOX" "$SBOX_TMP/nest/sbox"
  capture "$SBOX" --quiet --noprofile --env=ASAN_OPTIONS=detect_leaks=0 \
    --ro-bind "$SBOX_TMP/nest" "$SBOX_TMP/nest" \
    --ro-bind "$SBOX_PROFILE_PATH" "$SBOX_PROFILE_PATH" --env=SBOX_PROFILE_PATH="$SBOX_PROFILE_PATH" \
    --bind "$dir" "$dir" --chdir "$dir" -- "$SBOX_TMP/nest/sbox" "$@"
}
