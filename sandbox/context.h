/* context.h — Flatpak-style [Context], [Sandbox] and bus-policy settings
 * turned into plan entries. */
#pragma once

/* The origin of settings given as options, in messages and in the plan. */
#define SBOX_ORIGIN_COMMAND_LINE "command line"

#include "paths.h"
#include "plan.h"
#include "profile.h"

/* Syntax checks used by profile.c while loading. */
gboolean sbox_context_check_filesystem (const char *entry, GError **error);
gboolean sbox_context_check_persistent (const char *entry, GError **error);
gboolean sbox_context_check_mount (const char *entry, GError **error);
int sbox_context_errno_from_name (const char *name);

/* "~/.x:ro" → "~/.x": what makes two filesystem entries the same grant. */
char *sbox_context_filesystem_identity (const char *entry);

/* Fill plan (already holding uid, gid, home and the default view) from the
 * resolved profile. envp is the caller's environment. */
gboolean sbox_context_build_plan (SboxProfile *profile, const SboxExpandContext *caller,
                                  SboxPlan *plan, GError **error);

/* One line for every filesystems= grant naming sbox's own configuration
 * or storage exactly (a broad grant hides them; a named one shows them). */
GPtrArray *sbox_context_own_state_grants (SboxProfile *profile, const SboxExpandContext *caller);

/* The directory holding every --cache (caches=) directory. */
char *sbox_context_cache_base (const SboxExpandContext *caller);

/* [Context] caches=: an absolute or ~/ path without "..". */
gboolean sbox_context_check_cache (const char *entry, GError **error);

/* The directory holding every profile's private home. */
char *sbox_context_private_base (const SboxExpandContext *caller);
