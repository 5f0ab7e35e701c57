/* launch.h — the executor's parent side. */
#pragma once

#include <signal.h>

#include "plan.h"

/* Run plan: clone the child into its namespaces, write the id maps, release
 * it, forward signals, and return the exit status to exit with (the
 * command's, 128+N for signal N, 125 when sbox failed). Errors have already
 * been printed when this returns. */
int sbox_launch_run (const SboxPlan *plan);

/* For a process started another way (the confinement mode): block the
 * signals the monitor forwards, then forward them, apply the timeout and
 * report the exit status as sbox_launch_run does. */
void sbox_launch_block_signals (sigset_t *set, sigset_t *old);
int sbox_launch_monitor (const SboxPlan *plan, int pidfd, int sync_fd, const sigset_t *signals);
