/* confine.h — the one confinement sequence every process that runs in a
 * sandbox goes through: the first command (child.c) and a command joined
 * with --enter (enter.c). Both call, in this order:
 *   sbox_confine_set_ids, sbox_confine_chdir, sbox_confine_apply,
 *   sbox_confine_exec.
 * Every function is fork-safe (no allocation) and reports into msg, which
 * the caller sends over its sync channel or prints. */
#pragma once

#include <sys/types.h>

#include "landlock.h"
#include "plan.h"
#include "seccomp.h"
#include "sync.h"

/* What confines a process, whichever way it entered the sandbox: the
 * rlimits the launcher settled (the plan's and the cgroup fallback's),
 * Landlock's mode and the view whose writable mounts Landlock grants. */
typedef struct
{
  const GArray *rlimits;   /* SboxRlimit */
  const char *landlock;    /* true | false | required */
  const GPtrArray *fs_ops; /* SboxFsOp* */
  /* The confinement mode (no new root): Landlock takes these host paths
   * instead of the view's. Either way it refuses TCP when no_tcp. */
  const SboxLandlockGrant *grants;
  guint n_grants;
  gboolean no_tcp;
  guint16 tcp_connect_port; /* not 0: TCP connect to this port only */
  gboolean verbose;
  gboolean log_denials; /* Landlock's denials after the exec to the audit log */
  guint64 keep_caps;    /* capabilities kept (bit n: cap n), 0: all dropped */
} SboxConfinement;

/* The launcher's side, before the first command starts: the rlimits it
 * gets (a copy of the sandbox's, with the cgroup limits' fallback where no
 * delegated cgroup can be had) and the confinement that points to them.
 * *use_cgroup tells whether the limits go to a cgroup instead. */
GArray *sbox_confine_settle (const SboxSandbox *sandbox, gboolean quiet, gboolean verbose,
                             gboolean *use_cgroup, SboxConfinement *confinement);

/* The sandbox's uid and gid, as real, effective and saved ids. */
int sbox_confine_set_ids (uid_t uid, gid_t gid, SboxSyncMsg *msg);

/* The working directory: required (--chdir) must work; otherwise cwd (the
 * caller's, when the sandbox shows it), else home, else /. */
int sbox_confine_chdir (const char *required, const char *cwd, const char *home, SboxSyncMsg *msg);

/* After the namespaces are joined (RLIMIT_NPROC counts per user
 * namespace), in this order: every capability dropped and no_new_privs,
 * Landlock, resource limits, seccomp, not dumpable. -1 with msg filled on
 * failure. */
int sbox_confine_apply (const SboxConfinement *confinement, const SboxSeccompFilters *seccomp,
                        SboxSyncMsg *msg);

/* The command's environment and the exec. Returns only when the exec
 * failed, with msg saying why: SBOX_ERROR_NOT_FOUND (127) or
 * SBOX_ERROR_EXEC (126). */
void sbox_confine_exec (char *const *argv, char *const *envp, SboxSyncMsg *msg);
/* The same, running file (searched in $PATH) with argv as given. */
void sbox_confine_exec_file (const char *file, char *const *argv, char *const *envp,
                             SboxSyncMsg *msg);
