#!/bin/bash
# gedit.sh — `sbox gedit FILE` opens a text file from ~/Documents on X11 and on Wayland (tests/apps/desktop.sh).
APP=gedit
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Documents/sbox-note.txt" text
app_check "$HOME/Documents/sbox-note.txt"
done_testing
