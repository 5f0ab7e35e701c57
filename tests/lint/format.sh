#!/bin/sh
# format.sh — every tracked C file is laid out as .clang-format says; fails
# naming each file and line that is not. Fix with: clang-format -i FILE.
#
#   tests/lint/format.sh                  (from anywhere in the tree)
#   make format-check                     (the same, from a build directory)
#
# The style is clang-format 14's reading of .clang-format; another major
# version may lay out the same code differently, so with one the check is
# skipped (CLANG_FORMAT=PATH picks the program). Without clang-format, or
# outside a git checkout, it is skipped too: exit 0, saying so.
set -eu

src=$(cd "$(dirname "$0")/../.." && pwd)
clang_format=${CLANG_FORMAT:-clang-format}
want_major=14

if ! command -v "$clang_format" >/dev/null 2>&1; then
  echo "format: SKIP: $clang_format not found (Debian package clang-format)"
  exit 0
fi
version=$("$clang_format" --version | sed -n 's/.*clang-format version \([0-9][0-9]*\)\..*/\1/p')
if [ "$version" != "$want_major" ]; then
  echo "format: SKIP: $clang_format is version ${version:-unknown}; the style is clang-format $want_major's"
  exit 0
fi
if ! files=$(cd "$src" && git ls-files -- '*.c' '*.h' 2>/dev/null) || [ -z "$files" ]; then
  echo "format: SKIP: $src is not a git checkout"
  exit 0
fi

cd "$src"
tmp=$(mktemp "${TMPDIR:-/tmp}/sbox-format.XXXXXX")
trap 'rm -f "$tmp"' EXIT INT TERM
bad=
nbad=0
for f in $files; do
  case "$f" in */seccomp-prebuilt.c) continue ;; esac # generated
  [ -f "$f" ] || continue
  if ! "$clang_format" --style=file --dry-run -Werror "$f" 2>"$tmp"; then
    cat "$tmp"
    bad="$bad $f"
    nbad=$((nbad + 1))
  fi
done
count=$(echo "$files" | wc -l)
if [ -n "$bad" ]; then
  echo "format: $nbad of $count files differ from .clang-format; fix with: clang-format -i$bad"
  exit 1
fi
echo "format: $count files formatted"
