/* desktop-profiles.h — the profiles sbox knows, asked of sbox itself. */
#pragma once

#include <glib.h>

#include "desktop-run.h"

/* Fills RUN->profiles_avail from "sbox --list-profiles" once; FALSE (and a
 * reported failure) when sbox cannot list them. */
gboolean sbox_desktop_profiles_load (SboxDesktopRun *run);

/* The listed profile named NAME, or NULL (also when NAME is NULL). */
const char *sbox_desktop_profiles_lookup (SboxDesktopRun *run, const char *name);

/* The profile for PROGRAM's entry ID ("org.gnome.Evince.desktop"): the one
 * named after the program, else the one named after the id; or NULL. */
const char *sbox_desktop_profiles_match (SboxDesktopRun *run, const char *program, const char *id);
