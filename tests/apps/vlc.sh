#!/bin/bash
# vlc.sh — `sbox vlc FILE` (Qt interface) plays a short raw video from ~/Videos on X11 and on Wayland (tests/apps/desktop.sh).
APP=vlc
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Videos/sbox-clip.y4m" y4m
app_check "$HOME/Videos/sbox-clip.y4m"
done_testing
