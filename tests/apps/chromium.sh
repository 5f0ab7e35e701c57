#!/bin/bash
# chromium.sh — `sbox chromium FILE` shows a local page from ~/Downloads on X11 and on Wayland (tests/apps/desktop.sh).
APP=chromium
APP_TITLE="sbox rendered page"
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Downloads/sbox-page.html" html
app_check "$HOME/Downloads/sbox-page.html"
done_testing
