/* confine-mode.h — the sandbox where no user namespace can be had: no
 * namespaces, no mounts; Landlock, seccomp and limits only. */
#pragma once

#include <signal.h>

#include "plan.h"

/* A seccomp listener the monitor polls beside the child (learn mode, the
 * confinement mode's metadata guard): the child sends its fd
 * (SBOX_STEP_LISTENER), set takes it over (-1: close the one held), fd
 * gives it (-1 before), handle answers one notification. */
typedef struct
{
  gpointer data;
  void (*set) (gpointer data, int fd);
  int (*fd) (gpointer data);
  gboolean (*handle) (gpointer data);
} SboxMonitorListener;

/* The launcher's monitor, lent so that the mode has no second one: block
 * the signals it forwards, then forward them, apply the timeout, answer
 * the listener (when not NULL) and turn the child's end into the exit
 * status. */
typedef struct
{
  void (*block_signals) (sigset_t *set, sigset_t *old);
  int (*monitor) (const SboxPlan *plan, int pidfd, int sync_fd, const sigset_t *signals,
                  const SboxMonitorListener *listener);
} SboxConfineModeMonitor;

/* Run plan (its mode "confine") and return the status to exit with, as
 * sbox_launch_run does. */
int sbox_confine_mode_run (const SboxPlan *plan, const SboxConfineModeMonitor *monitor);

/* The one line saying what is lost against the full sandbox (unless
 * --quiet). */
void sbox_confine_mode_announce (const SboxPlan *plan);
