#!/bin/bash
# run-test.sh — the LOG_COMPILER for sbox's shell integration tests.
#
#   run-test.sh path/to/test.sh
#
# Environment (from make check):
#   SBOX_BUILT          absolute path of the built sbox binary
#   SBOX_PROBE_BUILT    absolute path of the built sbox-probe helper
#   SBOX_TESTS_SRCDIR   absolute path of tests/integration in the source tree
#   SBOX_BUILD_DIR_BUILT the build tree (install.sh rebuilds a copy of it)
#
# As an ordinary user the test simply runs with SBOX and SBOX_PROBE pointing
# at the built files.
#
# As root, sbox is still tested the way it is meant to run: unprivileged.  The
# build tree may live where an unprivileged user cannot even enter (/root is
# 0700), so the binaries and scripts are staged into a fresh world-readable
# directory under /var/tmp, together with a setuid-root copy of the probe
# (for the "setuid binaries do nothing" tests), and the test runs as the
# system user `sbox-test` with a clean environment.  Test files named
# root-*.sh are the exception: they run as root on purpose, still against the
# staged copies.

# make may start this with $(SHELL), which can be a plain POSIX sh.
if [ -z "${BASH_VERSION:-}" ]; then
  exec bash "$0" "$@"
fi

set -u

TEST_USER=sbox-test
TEST_USER_HOME=/var/lib/sbox-test
SAFE_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

die ()
{
  # A TAP "Bail out!" makes the driver report the failure clearly.
  printf 'Bail out! run-test.sh: %s\n' "$*"
  exit 99
}

[ "$#" -ge 1 ] || die "usage: run-test.sh TEST.sh"
test_path=$1
shift
[ -f "$test_path" ] || die "no such test: $test_path"

# Checks of the source tree (tests/lint/) read files and start no sandbox:
# they run in place, as the caller, without sbox or any staging.
case $test_path in
  */lint/*.sh | lint/*.sh | */fuzz/*.sh | fuzz/*.sh) exec bash "$test_path" "$@" ;;
esac
test_name=$(basename "$test_path")
test_dir=$(cd "$(dirname "$test_path")" && pwd) || die "cannot resolve $test_path"

srcdir=${SBOX_TESTS_SRCDIR:-$test_dir}
sbox_built=${SBOX_BUILT:-}
probe_built=${SBOX_PROBE_BUILT:-}
[ -n "$sbox_built" ] || die "SBOX_BUILT is not set"
[ -x "$sbox_built" ] || die "SBOX_BUILT=$sbox_built is not executable"

# libtest.sh sits beside the test in the source tree; prefer the copy next to
# the test (they are the same file unless the test was generated).
libtest=$test_dir/libtest.sh
[ -f "$libtest" ] || libtest=$srcdir/libtest.sh
[ -f "$libtest" ] || die "cannot find libtest.sh"

# Variables worth passing through a clean environment (sanitizer builds).
passthrough_env ()
{
  local var
  for var in ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS MSAN_OPTIONS \
      TSAN_OPTIONS SBOX_TIMEOUT SBOX_TEST_VERBOSE SBOX_TEST_BWRAP LOAD_COUNT LOAD_REPORT; do
    if [ -n "${!var+set}" ]; then
      printf '%s=%s\0' "$var" "${!var}"
    fi
  done
}

# ---------------------------------------------------------------------------
# Not root: run in place.

# Data the tests read: the shipped profiles and the manual pages.
profiles_src=$(cd "$srcdir/../../profiles" 2>/dev/null && pwd)
man_src=$(cd "$srcdir/../../man" 2>/dev/null && pwd)
completions_src=$(cd "$srcdir/../../completions" 2>/dev/null && pwd)
etc_src=$(cd "$srcdir/../../etc" 2>/dev/null && pwd)

if [ "$(id -u)" != 0 ]; then
  export SBOX=$sbox_built
  export SBOX_PROBE=$probe_built
  export SBOX_PROFILES_DIR=$profiles_src SBOX_MAN_DIR=$man_src SBOX_COMPLETIONS_DIR=$completions_src
  export SBOX_ETC_DIR=$etc_src SBOX_README=$srcdir/../../README.md
  [ -n "${SBOX_BUILD_DIR_BUILT:-}" ] && export SBOX_BUILD_DIR=$SBOX_BUILD_DIR_BUILT
  [ -n "${SBOX_ESCAPE_PROBE_BUILT:-}" ] && export SBOX_ESCAPE_PROBE=$SBOX_ESCAPE_PROBE_BUILT
  [ -n "${SBOX_DESKTOP_BUILT:-}" ] && export SBOX_DESKTOP=$SBOX_DESKTOP_BUILT
  unset SBOX_PROBE_SUID SBOX_ROOT_AVAILABLE
  if [ "${test_name#root-}" != "$test_name" ]; then
    # libtest.sh-style skip without sourcing anything.
    printf '1..0 # SKIP %s needs root to run\n' "$test_name"
    exit 0
  fi
  exec bash "$test_path" "$@"
fi

# ---------------------------------------------------------------------------
# Root: stage, then drop to the test user (or stay root for root-*.sh).

command -v setpriv >/dev/null 2>&1 || die "setpriv (util-linux) is needed to drop root"

ensure_test_user ()
{
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    id -u "$TEST_USER" >/dev/null 2>&1 && return 0
    # Two tests may get here at once under make -j: serialise on a lock
    # file and tolerate "already exists" (exit 9) and a busy passwd lock
    # (exit 10) by checking again.
    (
      if command -v flock >/dev/null 2>&1; then
        exec 9>/var/tmp/.sbox-test-useradd.lock
        flock 9
      fi
      id -u "$TEST_USER" >/dev/null 2>&1 && exit 0
      useradd --system --user-group --create-home \
        --home-dir "$TEST_USER_HOME" --shell /bin/sh "$TEST_USER" 2>/dev/null
      exit 0
    )
    id -u "$TEST_USER" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

ensure_test_user || die "cannot create the system user $TEST_USER"

stage=$(mktemp -d /var/tmp/sbox-check.XXXXXX) || die "cannot create a staging directory"
trap 'rm -rf "$stage"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
chmod 755 "$stage"

install -m 0755 "$sbox_built" "$stage/sbox" || die "cannot stage $sbox_built"
# The tracer beside it, where sbox --doctor looks, when the build has one.
tracer_built=${sbox_built%/*}/../helpers/sbox-trace
if [ -x "$tracer_built" ]; then
  install -m 0755 "$tracer_built" "$stage/sbox-trace" || die "cannot stage $tracer_built"
fi
if [ -n "$probe_built" ] && [ -x "$probe_built" ]; then
  install -m 0755 "$probe_built" "$stage/sbox-probe" || die "cannot stage $probe_built"
  # The setuid-root probe: owner root, mode 4755.
  install -o root -g root -m 4755 "$probe_built" "$stage/probe-suid" \
    || die "cannot make the setuid probe"
  staged_probe=$stage/sbox-probe
  # Other helpers built beside the probe, found by tests at its side.
  helpers=(sbox-noclone3 no-userns meta-calls trace-probe)
  for helper in "${helpers[@]}"; do
    if [ -x "${probe_built%/*}/$helper" ]; then
      install -m 0755 "${probe_built%/*}/$helper" "$stage/$helper" || die "cannot stage $helper"
    fi
  done
  staged_suid=$stage/probe-suid
else
  staged_probe=
  staged_suid=
fi
install -m 0644 "$libtest" "$stage/libtest.sh" || die "cannot stage libtest.sh"
# Libraries some tests source beside libtest.sh, and the sources
# ./bootstrap fetched for them (tests/cache).
for lib in "$srcdir"/*-lib.sh; do
  [ -f "$lib" ] && { install -m 0644 "$lib" "$stage/" || die "cannot stage $lib"; }
done
if [ -d "$srcdir/../cache" ]; then
  { cp -R "$srcdir/../cache" "$stage/cache" && chmod -R a+rX "$stage/cache"; } || die "cannot stage tests/cache"
fi
staged_escape=
if [ -n "${SBOX_ESCAPE_PROBE_BUILT:-}" ] && [ -x "$SBOX_ESCAPE_PROBE_BUILT" ]; then
  install -m 0755 "$SBOX_ESCAPE_PROBE_BUILT" "$stage/escape-probe" || die "cannot stage the escape probe"
  staged_escape=$stage/escape-probe
fi
staged_desktop=
if [ -n "${SBOX_DESKTOP_BUILT:-}" ] && [ -x "$SBOX_DESKTOP_BUILT" ]; then
  install -m 0755 "$SBOX_DESKTOP_BUILT" "$stage/sbox-desktop" || die "cannot stage sbox-desktop"
  staged_desktop=$stage/sbox-desktop
fi
for data in "$profiles_src" "$man_src" "$completions_src" "$etc_src"; do
  if [ -n "$data" ]; then
    { cp -R "$data" "$stage/" && chmod -R a+rX "$stage/$(basename "$data")"; } \
      || die "cannot stage $data"
  fi
done
install -m 0644 "$test_path" "$stage/$test_name" || die "cannot stage $test_name"
[ -r "$srcdir/../../README.md" ] && install -m 0644 "$srcdir/../../README.md" "$stage/README.md"
# The application tests (tests/apps/) source desktop.sh and read packages
# from beside them, and write screenshots: into a directory of the test
# user's here, copied to SBOX_APPS_SHOTS when the test is over.
staged_shots=
if [ "$(basename "$test_dir")" = apps ]; then
  for data in desktop.sh packages; do
    [ -f "$test_dir/$data" ] && { install -m 0644 "$test_dir/$data" "$stage/$data" || die "cannot stage $data"; }
  done
  if [ -n "${SBOX_APPS_SHOTS:-}" ]; then
    { mkdir -m 0755 "$stage/shots" && chown "$TEST_USER:" "$stage/shots"; } || die "cannot make $stage/shots"
    staged_shots=$stage/shots
  fi
fi

# A fresh home owned by whoever runs the test (libtest.sh then points HOME at
# a scratch directory of its own).
mkdir -m 0700 "$stage/home"

cd "$stage" || die "cannot enter $stage"

common_env=(
  "PATH=$SAFE_PATH"
  "HOME=$stage/home"
  "LANG=C.UTF-8"
  "SBOX=$stage/sbox"
  "SBOX_PROBE=$staged_probe"
  "SBOX_PROBE_SUID=$staged_suid"
  "SBOX_ROOT_AVAILABLE=1"
  "SBOX_PROFILES_DIR=$stage/profiles"
  "SBOX_MAN_DIR=$stage/man"
  "SBOX_COMPLETIONS_DIR=$stage/completions"
  "SBOX_ETC_DIR=$stage/etc"
  "SBOX_README=$stage/README.md"
  "SBOX_ESCAPE_PROBE=$staged_escape"
  "SBOX_DESKTOP=$staged_desktop"
  "SBOX_BUILD_DIR=${SBOX_BUILD_DIR_BUILT:-}"
)
[ -n "$staged_shots" ] && common_env+=("SBOX_APPS_SHOTS=$staged_shots")
mapfile -d '' extra_env < <(passthrough_env)

if [ "${test_name#root-}" != "$test_name" ]; then
  # The few cases that run as root on purpose.
  env -i "${common_env[@]}" "USER=root" "LOGNAME=root" "${extra_env[@]}" \
    bash "$stage/$test_name" "$@"
  rc=$?
else
  chown "$TEST_USER:" "$stage/home"
  setpriv --reuid="$TEST_USER" --regid="$TEST_USER" --init-groups --reset-env -- \
    env "${common_env[@]}" "USER=$TEST_USER" "LOGNAME=$TEST_USER" "${extra_env[@]}" \
    bash "$stage/$test_name" "$@"
  rc=$?
fi
if [ -n "$staged_shots" ]; then
  # Regular files only: what the test user left there is not followed.
  mkdir -p "$SBOX_APPS_SHOTS" \
    && find "$staged_shots" -maxdepth 1 -type f -name '*.png' -exec cp --no-dereference -t "$SBOX_APPS_SHOTS" {} +
fi
exit "$rc"
