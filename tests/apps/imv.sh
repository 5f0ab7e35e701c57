#!/bin/bash
# imv.sh — `sbox imv-x11 FILE` and `sbox imv-wayland FILE` (Debian ships one
# binary per display; the imv profile names both) show a PNG from ~/Pictures
# (tests/apps/desktop.sh).
APP=imv
APP_CMD_X11=imv-x11
APP_CMD_WAYLAND=imv-wayland
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Pictures/sbox-pic.png" png
app_check "$HOME/Pictures/sbox-pic.png"
done_testing
