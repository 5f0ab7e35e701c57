#!/bin/bash
# mpv.sh — `sbox mpv FILE` plays a short raw video from ~/Videos, and
# `sbox mpv --force-window=yes --idle=yes` opens its empty player window, on
# X11 and on Wayland (tests/apps/desktop.sh).
APP=mpv
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Videos/sbox-clip.y4m" y4m
app_check "$HOME/Videos/sbox-clip.y4m"
APP_ARGS=(--force-window=yes --idle=yes)
APP_SHOT=mpv-idle
app_check
done_testing
