/* context.h — Flatpak-style [Context], [Sandbox] and bus-policy settings
 * turned into plan entries. */
#pragma once

#include "paths.h"
#include "plan.h"
#include "profile.h"

/* Fill plan (already holding uid, gid, home and the default view) from the
 * resolved profile. envp is the caller's environment. */
gboolean sbox_context_build_plan (SboxProfile *profile, const SboxExpandContext *caller,
                                  SboxPlan *plan, GError **error);

/* One line for every filesystems= grant naming sbox's own configuration
 * or storage exactly (a broad grant hides them; a named one shows them). */
GPtrArray *sbox_context_own_state_grants (SboxProfile *profile, const SboxExpandContext *caller);

/* The directory holding every --cache (caches=) directory. */
char *sbox_context_cache_base (const SboxExpandContext *caller);

/* The directory holding every profile's private home. */
char *sbox_context_private_base (const SboxExpandContext *caller);
