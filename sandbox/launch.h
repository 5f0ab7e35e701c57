/* launch.h — the executor's parent side. */
#pragma once

#include "plan.h"

/* Run plan: clone the child into its namespaces, write the id maps, release
 * it, forward signals, and return the exit status to exit with (the
 * command's, 128+N for signal N, 125 when sbox failed). Errors have already
 * been printed when this returns. */
int sbox_launch_run (const SboxPlan *plan);
