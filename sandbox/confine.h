/* confine.h — the one confinement sequence every process that runs in a
 * sandbox goes through: the first command (child.c) and a command joined
 * with --enter (enter.c). */
#pragma once

#include "plan.h"
#include "seccomp.h"
#include "sync.h"

/* Fork-safe, in this order: resource limits (RLIMIT_NPROC counts per user
 * namespace, so it must come after the namespace is joined), every
 * capability dropped and no_new_privs, Landlock, seccomp last. Uses
 * plan->rlimits, landlock and the writable fs ops.
 * -1 with msg filled on failure. */
int sbox_confine_apply (const SboxPlan *plan, const SboxSeccompFilters *seccomp, SboxSyncMsg *msg);
