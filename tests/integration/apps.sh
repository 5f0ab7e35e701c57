#!/bin/bash
# apps.sh — real desktop applications under their shipped profiles: Firefox
# ESR renders a page to a PNG in the granted download directory, Evince
# opens a granted document on a real X server (Xvfb); neither can read ~/.ssh.
# shellcheck source-path=SCRIPTDIR source=libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/libtest.sh"

export SBOX_PROFILE_PATH=${SBOX_PROFILES_DIR:-$SBOX_TESTS_SRCDIR/../../profiles}
export SBOX_TIMEOUT=60
mkdir -p "$HOME/Downloads" "$HOME/Documents" "$HOME/.config" "$HOME/.ssh"
echo "secret-$$" >"$HOME/.ssh/id_rsa"
# shellcheck disable=SC2016
printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\nXDG_DOCUMENTS_DIR="$HOME/Documents"\n' \
  >"$HOME/.config/user-dirs.dirs"
cd "$HOME" || bail_out "cannot enter $HOME"

# --- Firefox ESR, headless screenshot ----------------------------------------------

if command -v firefox-esr >/dev/null; then
  printf '<html><body style="background:#c00"><h1>sbox-%s</h1></body></html>\n' "$$" \
    >"$HOME/Downloads/page.html"
  sbox_run firefox-esr --headless --screenshot "$HOME/Downloads/shot.png" \
    "file://$HOME/Downloads/page.html"
  check_rc "firefox-esr runs headless under its profile" 0
  check "the screenshot lands in the granted download directory" test -s "$HOME/Downloads/shot.png"
  check_eq "... and is a PNG" "89504e47" "$(head -c 4 "$HOME/Downloads/shot.png" | od -An -tx1 | tr -d ' \n')"
  sbox_run --profile=firefox-esr -- cat "$HOME/.ssh/id_rsa"
  check_ne "the firefox-esr profile cannot read ~/.ssh/id_rsa" 0 "$RC"
  check_not_contains "... the key does not leak" "$OUT" "secret-$$"
  sbox_run --profile=firefox-esr -- sh -c "ls $HOME/Documents"
  check_ne "the firefox-esr profile does not see ~/Documents" 0 "$RC"
  sbox_run --profile=firefox-esr --filesystem=home:ro -- cat "$HOME/.ssh/id_rsa"
  check_run_ok "control: with the home granted the same profile reads the key" "secret-$$"
else
  skip "firefox-esr runs headless under its profile" "firefox-esr is not installed"
fi

# --- Evince on Xvfb ---------------------------------------------------------------------

if command -v evince >/dev/null && command -v Xvfb >/dev/null && command -v xauth >/dev/null; then
  python3 - "$HOME/Documents/hello.pdf" <<'PY'
import sys
objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>", None,
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
stream = b"BT /F1 24 Tf 20 100 Td (sbox) Tj ET"
out, offsets = b"%PDF-1.4\n", []
for i, o in enumerate(objs, 1):
    offsets.append(len(out))
    if o is None:
        out += b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (i, len(stream), stream)
    else:
        out += b"%d 0 obj\n%s\nendobj\n" % (i, o.encode())
xref = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
open(sys.argv[1], "wb").write(out)
PY
  if start_xvfb 110 140; then
    export DISPLAY=:$XVFB_DISPLAY XAUTHORITY=$XVFB_AUTH
    # shellcheck disable=SC2317 # called through wait_for
    has_window () { xwininfo -root -tree 2>/dev/null | grep -q "\"$1\""; }
    timeout 20 "$SBOX" evince "$HOME/Documents/hello.pdf" >/dev/null 2>&1 &
    evince_pid=$!
    kill_at_exit "$evince_pid"
    if wait_for 10 has_window hello.pdf; then
      ok "evince opens a granted document on the X server (window 'hello.pdf')"
    else
      not_ok "evince opens a granted document on the X server (window 'hello.pdf')"
    fi
    kill "$evince_pid" 2>/dev/null
    wait "$evince_pid" 2>/dev/null
    sbox_run --profile=evince -- cat "$HOME/.ssh/id_rsa"
    check_ne "the evince profile cannot read ~/.ssh/id_rsa" 0 "$RC"
    sbox_run --profile=evince -- sh -c "echo x > $HOME/Documents/planted"
    check_fails "the evince profile sees documents read-only" test -e "$HOME/Documents/planted"
    sbox_run --noprofile -- sh -c 'DISPLAY='"$DISPLAY"' xwininfo -root >/dev/null 2>&1 && echo reached'
    check_eq "without an X11 door the display is unreachable" "" "$OUT"
  else
    skip "evince opens a granted document on the X server" "Xvfb did not start"
  fi
else
  skip "evince opens a granted document on the X server" "evince, Xvfb or xauth missing"
fi

done_testing
