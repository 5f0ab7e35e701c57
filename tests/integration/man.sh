#!/bin/bash
# man.sh — the manual pages: sbox(1), sbox.profile(5), sbox-desktop(1) and
# sbox-trace(1) render without a single warning, and sbox(1) and
# sbox-trace(1) document every option their program's --help prints.
#
# The pages are found through SBOX_MAN_DIR (run-test.sh sets it when it
# stages the tests elsewhere), else beside the source tree's tests.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

man_dir=${SBOX_MAN_DIR:-${SBOX_TESTS_SRCDIR:-$(dirname "${BASH_SOURCE[0]}")}/../../man}
pages=("$man_dir/sbox.1" "$man_dir/sbox.profile.5" "$man_dir/sbox-desktop.1" "$man_dir/sbox-trace.1")

# --- the pages exist ---------------------------------------------------------

have_pages=1
for page in "${pages[@]}"; do
  if [ -r "$page" ]; then
    pass "$(basename "$page") exists"
  else
    not_ok "$(basename "$page") exists" "not readable: $page (is SBOX_MAN_DIR set and man/ staged?)"
    have_pages=0
  fi
done

# --- groff: no warning at all ------------------------------------------------

for page in "${pages[@]}"; do
  name=$(basename "$page")
  if [ "$have_pages" != 1 ] || [ ! -r "$page" ]; then
    skip "$name: groff -man -ww renders it" "page missing"
    skip "$name: groff -man -ww prints no warning" "page missing"
    continue
  fi
  if ! command -v groff >/dev/null 2>&1; then
    skip "$name: groff -man -ww renders it" "groff is not installed"
    skip "$name: groff -man -ww prints no warning" "groff is not installed"
    continue
  fi
  # -z discards the output: only warnings and errors (on stderr) remain.
  err=$(groff -man -ww -z -t "$page" 2>&1 >/dev/null)
  rc=$?
  check_eq "$name: groff -man -ww -z -t exits 0" 0 "$rc"
  check_eq "$name: groff -man -ww -z -t prints no warning" "" "$err"
done

# --- man(1), as a reader sees the page at 80 columns ------------------------

for page in "${pages[@]}"; do
  name=$(basename "$page")
  if [ ! -r "$page" ]; then
    skip "$name: man --warnings -l prints no warning" "page missing"
    continue
  fi
  if ! command -v man >/dev/null 2>&1 || ! man --help 2>&1 | grep -q -- '--warnings'; then
    skip "$name: man --warnings -l prints no warning" "man-db's man is not installed"
    continue
  fi
  err=$(MANWIDTH=80 MANPAGER=cat PAGER=cat man --warnings -l "$page" 2>&1 >/dev/null)
  rc=$?
  check_eq "$name: man --warnings -l exits 0" 0 "$rc"
  check_eq "$name: man --warnings -l prints no warning (MANWIDTH=80)" "" "$err"
done

# --- sbox(1) keeps up with the program -----------------------------------------

# The page's text with roff escapes for dashes and fonts removed, so that
# "\fB\-\-share\fR" reads "--share".
page_text ()
{
  sed -e 's/\\-/-/g' -e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' \
      -e 's/\\f[A-Za-z0-9]//g' -e 's/\\&//g' -e 's/\\%//g' "$1"
}

sbox1=$man_dir/sbox.1
if [ ! -r "$sbox1" ]; then
  skip "sbox.1 documents every option of sbox --help" "page missing"
else
  sbox_run --help
  check_rc "sbox --help exits 0" 0
  options=$(printf '%s\n' "$OUT" | sed -n -E 's/^  (--[A-Za-z0-9][A-Za-z0-9-]*).*/\1/p' | sort -u)
  check_ne "sbox --help lists options (lines starting '  --')" "" "$options"
  text=$(page_text "$sbox1")
  missing=
  for opt in $options; do
    if ! printf '%s\n' "$text" | grep -Eq -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|\$)"; then
      missing="$missing $opt"
    fi
  done
  check_eq "sbox.1 documents every option sbox --help prints" "" "${missing# }"
  for opt in --help --version --noprofile --ro-bind --print-plan; do
    check_match "control: sbox.1 mentions $opt" "$text" "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|\$)"
  done
  check_no_match "control: a made-up option is not found in sbox.1" "$text" \
    "(^|[^A-Za-z0-9-])--frobnicate([^A-Za-z0-9-]|\$)"
fi

# --- sbox-trace(1) keeps up with the tracer, where it was built ---------------------

tracer=${SBOX%/*}/sbox-trace
[ -x "$tracer" ] || tracer=${SBOX_BUILD_DIR:+$SBOX_BUILD_DIR/helpers/sbox-trace}
if [ -z "$tracer" ] || [ ! -x "$tracer" ]; then
  skip "sbox-trace.1 documents every option of sbox-trace --help" "sbox-trace was not built"
elif [ -r "$man_dir/sbox-trace.1" ]; then
  help=$("$tracer" --help 2>&1)
  options=$(printf '%s\n' "$help" | sed -n -E 's/^  (--[A-Za-z0-9][A-Za-z0-9-]*).*/\1/p' | sort -u)
  check_ne "sbox-trace --help lists options" "" "$options"
  text=$(page_text "$man_dir/sbox-trace.1")
  missing=
  for opt in $options; do
    if ! printf '%s\n' "$text" | grep -Eq -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|\$)"; then
      missing="$missing $opt"
    fi
  done
  check_eq "sbox-trace.1 documents every option sbox-trace --help prints" "" "${missing# }"
  check_match "sbox-trace.1 EXIT STATUS lists 125" "$text" "^\.B 125\$"
fi

# --- the pages name each other and the exit codes ------------------------------

if [ -r "$sbox1" ]; then
  text=$(page_text "$sbox1")
  for code in 124 125 126 127; do
    check_match "sbox.1 EXIT STATUS lists $code" "$text" "^\.B $code\$"
  done
  check_match "sbox.1 refers to sbox.profile(5)" "$text" 'sbox\.profile \(5\)'
fi
if [ -r "$man_dir/sbox.profile.5" ]; then
  text=$(page_text "$man_dir/sbox.profile.5")
  check_match "sbox.profile.5 shows the error format" "$text" 'FILE.*:.*LINE.*\[.*Section.*\].*Key.*message'
  check_match "sbox.profile.5 refers to sbox(1)" "$text" 'sbox \(1\)'
fi

done_testing
