/* confine-mode.h — the sandbox where no user namespace can be had: no
 * namespaces, no mounts; Landlock, seccomp and limits only. */
#pragma once

#include "plan.h"

/* Run plan (its mode "confine") and return the status to exit with, as
 * sbox_launch_run does. */
int sbox_confine_mode_run (const SboxPlan *plan);

/* The one line saying what is lost against the full sandbox (unless
 * --quiet). */
void sbox_confine_mode_announce (const SboxPlan *plan);
