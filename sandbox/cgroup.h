/* cgroup.h — memory, CPU and process limits through a delegated cgroup v2,
 * with an rlimit fallback where there is none. */
#pragma once

#include <sys/types.h>

#include "plan.h"

/* Parse "512M", "2G", "1048576" into bytes. */
gboolean sbox_cgroup_parse_size (const char *text, guint64 *bytes);

/* Executor, before clone: TRUE when a writable cgroup v2 with the needed
 * controllers is ours; otherwise append the rlimit fallback to rlimits (the
 * launcher's copy of the plan's) and say so. */
gboolean sbox_cgroup_prepare (const SboxLimits *limits, gboolean quiet, GArray *rlimits);

/* Executor, after clone and before the child runs: a cgroup for the
 * sandbox with the plan's limits, holding child. */
gboolean sbox_cgroup_enter (const SboxLimits *limits, const char *instance_id, pid_t child,
                            char **created, GError **error);
void sbox_cgroup_remove (const char *created);
/* Move pid into the cgroup dir: the first command (by the launcher) and a
 * command joined with --enter (before it joins the namespaces) alike. */
gboolean sbox_cgroup_join (const char *dir, pid_t pid, GError **error);

/* For --doctor: the writable cgroup v2 directory, or NULL. */
char *sbox_cgroup_delegated (void);
