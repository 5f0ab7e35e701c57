#!/bin/bash
# transmission-gtk.sh — `sbox transmission-gtk` shows its main window on X11 and on Wayland (tests/apps/desktop.sh).
APP=transmission-gtk
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_check
done_testing
