/* desktop-list.h — the list command. */
#pragma once

#include "desktop-run.h"

/* Prints the wrappers (with their state) and the installed applications
 * that have a profile but no wrapper: as two tables, or with RUN->json as
 * one JSON object. */
void sbox_desktop_list_show (SboxDesktopRun *run);
