#!/bin/bash
# gimp.sh — `sbox gimp FILE` opens a PNG from ~/Pictures on X11 and on Wayland (tests/apps/desktop.sh).
APP=gimp
APP_TITLE=sbox-pic
APP_TIMEOUT=90
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Pictures/sbox-pic.png" png
app_check "$HOME/Pictures/sbox-pic.png"
done_testing
