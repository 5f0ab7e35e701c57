/* desktop-cli.h — sbox-desktop's command line. */
#pragma once

#include "desktop-run.h"

/* Fills RUN from ARGV: the command, its names and options, checked against
 * each other, and the paths derived from them (sbox, the user directory,
 * --symlinks and a --profile file made absolute, a --profile name checked
 * against sbox's list).  Returns -1 when the command should run, else the
 * exit status (after --help, --version or an error already printed). */
int sbox_desktop_cli_parse (SboxDesktopRun *run, int argc, char **argv);
