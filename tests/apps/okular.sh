#!/bin/bash
# okular.sh — `sbox okular FILE` opens a PDF from ~/Documents on X11 and on Wayland (tests/apps/desktop.sh).
APP=okular
# shellcheck source-path=SCRIPTDIR source=desktop.sh
. "$(dirname "${BASH_SOURCE[0]}")/desktop.sh"
app_document "$HOME/Documents/sbox-doc.pdf" pdf
app_check "$HOME/Documents/sbox-doc.pdf"
done_testing
