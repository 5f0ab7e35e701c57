/* confine.h — the one confinement sequence every process that runs in a
 * sandbox goes through: the first command (child.c) and a command joined
 * with --enter (enter.c). */
#pragma once

#include "plan.h"
#include "seccomp.h"
#include "sync.h"

/* What confines a process, whichever way it entered the sandbox: the
 * rlimits the launcher settled (the plan's and the cgroup fallback's),
 * Landlock's mode and the view whose writable mounts Landlock grants. */
typedef struct
{
  const GArray *rlimits;    /* SboxRlimit */
  const char *landlock;     /* true | false | required */
  const GPtrArray *fs_ops;  /* SboxFsOp* */
  gboolean verbose;
} SboxConfinement;

/* Fork-safe, in this order: every capability dropped and no_new_privs,
 * Landlock, resource limits (after Landlock, whose setup needs
 * descriptors; RLIMIT_NPROC counts per user namespace, so it must come
 * after the namespace is joined), seccomp last.
 * -1 with msg filled on failure. */
int sbox_confine_apply (const SboxConfinement *confinement, const SboxSeccompFilters *seccomp,
                        SboxSyncMsg *msg);
