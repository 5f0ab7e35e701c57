#!/bin/bash
# thunderbird.sh — `sbox thunderbird` shows its first window on X11 and on Wayland (tests/apps/desktop.sh).
APP=thunderbird
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_check
done_testing
