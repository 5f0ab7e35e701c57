#!/bin/bash
# lint/shellcheck.sh — every shell script of the source tree passes `shellcheck -x`
# at the default severity (style included). One TAP line per script, named
# by its path from the top of the tree.
#
# The scripts are the files named *.sh and those whose first line is a
# sh/bash/dash shebang. In a Git checkout they come from `git ls-files`
# (what is tracked, nothing a build made); in an unpacked release tarball,
# where there is no Git, from a walk of the tree that leaves out what
# autotools and builds generate.
#
# It reads the source tree only and starts no sandbox; run-test.sh runs it in
# place, as whoever runs make check.

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "1..0 # SKIP shellcheck is not installed (Debian package shellcheck)"
  exit 0
fi

here=${BASH_SOURCE[0]%/*}
[ "$here" = "${BASH_SOURCE[0]}" ] && here=.
top=$(cd "$here/../.." && pwd) || {
  echo "Bail out! cannot find the top of the source tree"
  exit 1
}

# is_shell FILE: named *.sh, or a #! line naming sh, bash or dash.
is_shell ()
{
  local first
  case $1 in
    *.sh) return 0 ;;
  esac
  [ -f "$top/$1" ] || return 1
  IFS= read -r first < <(head -c 200 "$top/$1" 2>/dev/null | tr -d '\0') || [ -n "$first" ] || return 1
  [[ $first =~ ^\#![[:space:]]*([^[:space:]]*/)?(env[[:space:]]+)?(sh|bash|dash)([[:space:]]|$) ]]
}

# The candidate files, one path a line, relative to $top.
candidates ()
{
  # Only when $top is itself the top of a work tree: a copy of the sources
  # inside another checkout (.ci/run's build-asan) is not tracked there.
  if command -v git >/dev/null 2>&1 \
     && [ "$(git -C "$top" rev-parse --show-toplevel 2>/dev/null)" = "$top" ]; then
    git -C "$top" ls-files
    return
  fi
  # A tarball: what automake, configure and builds add is not ours.
  (cd "$top" && find . \
      -type d \( -name .git -o -name autom4te.cache -o -name build-aux -o -name '_build' \
         -o -name '_inst' -o -name 'build-*' -o -name '.deps' \) -prune \
      -o -type d -exec test -e '{}/config.status' \; ! -name . -prune \
      -o -type f ! -name configure ! -name config.status ! -name libtool \
         ! -name '*.log' ! -name '*.trs' -print) | sed 's|^\./||' | LC_ALL=C sort
}

scripts=()
while IFS= read -r f; do
  is_shell "$f" && scripts+=("$f")
done < <(candidates)

if [ "${#scripts[@]}" -eq 0 ]; then
  echo "Bail out! no shell script found under $top"
  exit 1
fi

echo "1..${#scripts[@]}"
n=0
failed=0
cd "$top" || exit 1
for f in "${scripts[@]}"; do
  n=$((n + 1))
  if out=$(shellcheck -x "$f" 2>&1); then
    echo "ok $n - $f"
  else
    echo "not ok $n - $f"
    printf '%s\n' "$out" | sed 's/^/# /'
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ]
