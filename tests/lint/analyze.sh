#!/bin/sh
# analyze.sh — gcc's static analyser (-fanalyzer) over every C file the
# build compiles; fails on any report.
#
#   tests/lint/analyze.sh [BUILDDIR]      (default: the current directory)
#   make analyze                          (the same, from a build directory)
#
# The compile commands come from the build itself (make -n, every source
# marked new with -W), so each file is analysed with the flags and defines
# it is built with. Each command is rerun with -fanalyzer, its output thrown
# away; any diagnostic at all counts as a report. The generated
# sandbox/seccomp-prebuilt.c (a table of BPF programs) is left out.
# ANALYZE_JOBS sets how many files are analysed at once (default: nproc).
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-.}" && pwd)
make=${MAKE:-make}
jobs=${ANALYZE_JOBS:-$(nproc 2>/dev/null || echo 2)}

if [ ! -f "$build/Makefile" ]; then
  echo "analyze: $build/Makefile: not a configured build directory" >&2
  exit 2
fi
cc=$(sed -n 's/^CC = //p' "$build/Makefile")
case "$($cc --version 2>/dev/null | head -n1)" in
  *gcc*|*GCC*) ;;
  *) echo "analyze: CC=$cc is not gcc; -fanalyzer needs gcc >= 12" >&2; exit 2 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/sbox-analyze.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# Generated headers (config.h, installdirs.h) must exist; a built tree is
# up to date in a moment.
"$make" -s -C "$build" all >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; echo "analyze: the build failed in $build" >&2; exit 2; }

# Every compile command of every program make, make check and make bench
# build: -n prints the commands, -W names each source as changed. The
# programs are named to this one make (-W does not reach a recursive make).
# shellcheck disable=SC2016 # make expands the variables
programs=$("$make" -s --no-print-directory -C "$build" \
  --eval='sbox-analyze-programs: ; @echo $(bin_PROGRAMS) $(noinst_PROGRAMS) $(check_PROGRAMS) $(EXTRA_PROGRAMS)' \
  sbox-analyze-programs)
if ! whatif=$(cd "$src" && git ls-files '*.c' 2>/dev/null) || [ -z "$whatif" ]; then
  whatif=$(cd "$src" && find sandbox helpers tests bench -name '*.c')
fi
set --
for f in $whatif; do
  case "$f" in */seccomp-prebuilt.c) continue ;; esac
  set -- "$@" -W "$f"
done
# shellcheck disable=SC2086 # one word a program
"$make" -n --no-print-directory -C "$build" V=1 "$@" $programs >"$work/dry" 2>/dev/null \
  || { echo "analyze: make -n failed in $build" >&2; exit 2; }

# Keep the compile lines, once each; write their objects nowhere, drop the
# dependency outputs, the "&&\" that chains automake's plain suffix rule
# to its next line, and -Werror (a report is counted, not an error).
grep -E -e '-c -o [^ ]+\.o ' "$work/dry" | grep -v 'seccomp-prebuilt\.c' | sort -u \
  | sed -e 's/ -MT [^ ]* -MD -MP -MF [^ ]*//' -e 's/ *&&\\$//' \
        -e 's/ -c -o [^ ]*\.o / -c -o \/dev\/null /' \
        -e 's/ -Werror / /g' \
        -e "s|\$| -fanalyzer -fdiagnostics-plain-output -include $src/tests/lint/analyzer-glib.h|" \
  >"$work/commands"
total=$(wc -l <"$work/commands")
if [ "$total" -lt 10 ]; then
  echo "analyze: found only $total compile commands in make -n's output" >&2
  exit 2
fi

# One command a line; each writes its diagnostics to its own log.
n=0
while IFS= read -r cmd; do
  n=$((n + 1))
  printf '%s\n' "$cmd" >"$work/$n.cmd"
done <"$work/commands"
# shellcheck disable=SC2016 # the inner shell expands $1 and $2
seq 1 "$n" | (cd "$build" && xargs -P "$jobs" -I '{}' \
  sh -c 'sh "$1/$2.cmd" >"$1/$2.log" 2>&1 || echo "$2" >>"$1/failed"' sh "$work" '{}')

reports=0
files=0
for i in $(seq 1 "$n"); do
  file=$(sed 's/.*`//' "$work/$i.cmd" | awk '{ print $1 }')
  count=$(grep -c -E ': (warning|error): ' "$work/$i.log" || true)
  if [ "$count" -gt 0 ] || grep -qx "$i" "$work/failed" 2>/dev/null; then
    files=$((files + 1))
    reports=$((reports + count))
    echo "==== $file: $count report(s)"
    cat "$work/$i.log"
  fi
done
if [ -s "$work/failed" ] && [ "$reports" -eq 0 ]; then
  echo "analyze: a compile command failed (see above)" >&2
  exit 1
fi
echo "analyze: gcc -fanalyzer: $n compile commands, $reports report(s) in $files file(s)"
[ "$reports" -eq 0 ] && [ ! -s "$work/failed" ]
