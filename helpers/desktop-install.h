/* desktop-install.h — enable, refresh and disable: the commands that write
 * wrappers into the user's applications directory and remove them. */
#pragma once

#include "desktop-run.h"

/* Wraps each of RUN->names, or with RUN->all every application that has a
 * profile of its own. */
void sbox_desktop_install_enable (SboxDesktopRun *run);

/* Rewrites wrappers whose source changed; removes those whose source is
 * gone. */
void sbox_desktop_install_refresh (SboxDesktopRun *run);

/* Removes the wrappers (and links) of RUN->names, or with RUN->all all of
 * them. */
void sbox_desktop_install_disable (SboxDesktopRun *run);

/* Rebuilds the user directory's database if a command changed it. */
void sbox_desktop_install_update_database (SboxDesktopRun *run);
