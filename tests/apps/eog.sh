#!/bin/bash
# eog.sh — `sbox eog FILE` shows a PNG from ~/Pictures on X11 and on Wayland (tests/apps/desktop.sh).
APP=eog
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Pictures/sbox-pic.png" png
app_check "$HOME/Pictures/sbox-pic.png"
done_testing
