#!/bin/bash
# feh.sh — `sbox feh FILE` shows a PNG from ~/Pictures on X11 and on Wayland (tests/apps/desktop.sh).
APP=feh
APP_X11_ONLY="the feh profile grants X11 only (Include=x11): feh has no Wayland client"
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Pictures/sbox-pic.png" png
app_check "$HOME/Pictures/sbox-pic.png"
done_testing
