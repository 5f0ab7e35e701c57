/* protect.h — Protect=vcs:DIR and git:DIR: a checkout's metadata kept out
 * of reach of the sandbox. */
#pragma once

#include "plan.h"

/* [Sandbox] Protect=vcs:DIR or git:DIR. */
gboolean sbox_protect_check (const char *entry, GError **error);

/* Append the mounts Protect=entry asks for (read-only remounts, and pins
 * holding Git directories in place) for every checkout under dir, expanded. */
gboolean sbox_protect_apply (SboxPlan *plan, const char *entry, const char *dir, const char *origin,
                             GError **error);
