/* child.h — the clone→execve sequence. */
#pragma once

#include "plan.h"
#include "seccomp.h"

typedef struct
{
  const SboxPlan *plan;
  int sync_fd;           /* the child's end of the channel */
  const char *console;   /* host path of the caller's terminal, or NULL */
  const char *cwd;       /* the caller's working directory, or NULL */
  char *const *argv;     /* the command, NULL-terminated */
  char *const *envp;     /* its environment, NULL-terminated */
  const SboxSeccompFilters *seccomp; /* compiled by the parent, installed last */
  const struct sock_fprog *learn_filter; /* learn mode only, installed by the command */
} SboxChildArgs;

/* Runs in the cloned child: one call per step, then execve (or init). */
G_NORETURN void sbox_child_run (const SboxChildArgs *args);
