/* child.h — the clone→execve sequence. */
#pragma once

#include "confine.h"
#include "net.h"
#include "plan.h"
#include "pty.h"
#include "seccomp.h"

typedef struct
{
  const SboxPlan *plan;
  int sync_fd;                        /* the child's end of the channel */
  const char *console;                /* host path of the terminal bound at /dev/console, or NULL */
  const SboxPty *pty;                 /* the sandbox's own terminal, or NULL */
  const char *cwd;                    /* the caller's working directory, or NULL */
  char *const *argv;                  /* the command, NULL-terminated */
  char *const *envp;                  /* its environment, NULL-terminated */
  const SboxConfinement *confinement; /* settled by the launcher */
  const SboxSeccompFilters *seccomp;  /* compiled by the parent, installed last */
  const struct sock_fprog *learn_filter; /* learn mode only, installed by the command */
  /* The child writes its own one-line id maps and goes on without waiting
   * for the launcher; FALSE when only the launcher can (root callers'
   * two-line maps, a cgroup to enter first). */
  gboolean maps_by_child;
  uid_t outside_uid;
  gid_t outside_gid;
  /* Network=isolated: the routing rules to add once pasta has configured
   * the namespace (the launcher says so); NULL otherwise. */
  const SboxNetRules *net_rules;
} SboxChildArgs;

/* Runs in the cloned child: one call per step, then execve (or init). */
G_NORETURN void sbox_child_run (const SboxChildArgs *args);
