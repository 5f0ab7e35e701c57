/* rlimits.h — resource limits: parsing RES=VALUE and applying them in the child. */
#pragma once

#include "plan.h"

/* The least memory a command starts in, for --memory and as= (rlimits.c
 * says how it was measured). */
#define SBOX_LIMITS_MIN_MEMORY ((guint64) 4 << 20)

const char *sbox_limits_rlimit_name (int resource);

/* Parse "nofile=4096" or "nofile=1024:4096" (soft:hard; "unlimited" allowed;
 * sizes may end in K, M or G) and add it to the plan. Limits too small for
 * any command to start are refused with the least that works. */
gboolean sbox_limits_add_rlimit (SboxPlan *plan, const char *spec, GError **error);

/* Child side: async-signal-safe; returns -1 with errno set and *failed_resource. */
int sbox_limits_apply (const GArray *rlimits, int *failed_resource);
