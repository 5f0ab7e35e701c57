/* rlimits.h — resource limits: parsing RES=VALUE and applying them in the child. */
#pragma once

#include "plan.h"

const char *sbox_limits_rlimit_name (int resource);

/* Parse "nofile=4096" or "nofile=1024:4096" (soft:hard; "unlimited" allowed)
 * and add it to the plan. */
gboolean sbox_limits_add_rlimit (SboxPlan *plan, const char *spec, GError **error);

/* Child side: async-signal-safe; returns -1 with errno set and *failed_resource. */
int sbox_limits_apply (const SboxPlan *plan, int *failed_resource);
