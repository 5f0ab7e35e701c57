/* desktop-symlinks.h — the PROGRAM -> sbox links --symlinks adds and
 * removes, so that typing the program's name starts it in sbox too. */
#pragma once

#include <glib.h>

#include "desktop-run.h"

/* Whether PATH is a symbolic link to RUN->sbox. */
gboolean sbox_desktop_symlinks_is_ours (SboxDesktopRun *run, const char *path);

/* Links RUN->symlinks/PROGRAM to RUN->sbox, creating the directory. */
void sbox_desktop_symlinks_add (SboxDesktopRun *run, const char *program);

/* Removes RUN->symlinks/PROGRAM if it is ours. */
void sbox_desktop_symlinks_remove (SboxDesktopRun *run, const char *program);

/* Removes the link at PATH if it is ours. */
void sbox_desktop_symlinks_remove_path (SboxDesktopRun *run, const char *path);
