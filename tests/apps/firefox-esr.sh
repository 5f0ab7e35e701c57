#!/bin/bash
# firefox-esr.sh — `sbox firefox-esr FILE` shows a local page from ~/Downloads on X11 and on Wayland (tests/apps/desktop.sh).
APP=firefox-esr
APP_TITLE="sbox rendered page"
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Downloads/sbox-page.html" html
app_check "$HOME/Downloads/sbox-page.html"
done_testing
