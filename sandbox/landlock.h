/* landlock.h — Landlock rules matching the sandbox's view, and scoping. */
#pragma once

#include "plan.h"
#include "sync.h"

/* The best Landlock ABI the kernel offers (0 when it has none). */
int sbox_landlock_abi (void);

/* Child side, after the final pivot_root: read/execute everywhere in the
 * view, write only beneath fs_ops' writable mounts, abstract unix sockets
 * and signals scoped to the sandbox (ABI 6+). mode is the plan's Landlock=
 * (true: best effort, false: nothing, required: fail without Landlock). */
int sbox_landlock_apply (const char *mode, const GPtrArray *fs_ops, gboolean verbose,
                         SboxSyncMsg *msg);
