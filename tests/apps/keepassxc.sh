#!/bin/bash
# keepassxc.sh — `sbox keepassxc` (Qt) shows its start window on X11 and on Wayland (tests/apps/desktop.sh).
APP=keepassxc
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_check
done_testing
