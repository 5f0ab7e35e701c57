#!/bin/bash
# firefox.sh — `sbox firefox FILE` (the firefox profile; Debian runs Firefox ESR) shows a local page from ~/Downloads on X11 and on Wayland (tests/apps/desktop.sh).
APP=firefox
APP_TITLE="sbox rendered page"
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Downloads/sbox-page.html" html
app_check "$HOME/Downloads/sbox-page.html"
done_testing
