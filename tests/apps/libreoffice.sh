#!/bin/bash
# libreoffice.sh — `sbox libreoffice FILE` opens a flat ODF text document from ~/Documents on X11 and on Wayland (tests/apps/desktop.sh).
APP=libreoffice
APP_TIMEOUT=60
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Documents/sbox-doc.fodt" fodt
app_check "$HOME/Documents/sbox-doc.fodt"
done_testing
