#!/bin/bash
# telegram-desktop.sh — `sbox telegram-desktop` (Qt) shows its sign-in window on X11 and on Wayland (tests/apps/desktop.sh).
APP=telegram-desktop
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_check
done_testing
