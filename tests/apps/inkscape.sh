#!/bin/bash
# inkscape.sh — `sbox inkscape FILE` opens an SVG from ~/Pictures on X11 and on Wayland (tests/apps/desktop.sh).
APP=inkscape
APP_TIMEOUT=60
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Pictures/sbox-pic.svg" svg
app_check "$HOME/Pictures/sbox-pic.svg"
done_testing
