#!/bin/bash
# build.sh SRCDIR DIR — a build for fuzzing in DIR, of the tracked files of
# SRCDIR (automake will not build beside an in-tree build): clang with
# libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer.
set -eu
src=$1 dir=$2
command -v clang >/dev/null || { echo "fuzz: clang is needed (Debian package clang)" >&2; exit 1; }
mkdir -p "$dir"
( cd "$src" && git ls-files -z ) | ( cd "$src" && xargs -0 cp --parents -t "$dir" )
cd "$dir"
if [ ! -f Makefile ] || [ configure.ac -nt Makefile ] || [ Makefile.am -nt Makefile ]; then
  autoreconf -fi >/dev/null 2>&1
  CC=clang ./configure --enable-fuzzing CFLAGS="-O1 -g" >/dev/null
fi
