/* confine-mode.h — the sandbox where no user namespace can be had: no
 * namespaces, no mounts; Landlock, seccomp and limits only. */
#pragma once

#include <signal.h>

#include "plan.h"

/* The launcher's monitor, lent so that the mode has no second one: block
 * the signals it forwards, then forward them, apply the timeout and turn
 * the child's end into the exit status. */
typedef struct
{
  void (*block_signals) (sigset_t *set, sigset_t *old);
  int (*monitor) (const SboxPlan *plan, int pidfd, int sync_fd, const sigset_t *signals);
} SboxConfineModeMonitor;

/* Run plan (its mode "confine") and return the status to exit with, as
 * sbox_launch_run does. */
int sbox_confine_mode_run (const SboxPlan *plan, const SboxConfineModeMonitor *monitor);

/* The one line saying what is lost against the full sandbox (unless
 * --quiet). */
void sbox_confine_mode_announce (const SboxPlan *plan);
