/* mount.h — the child's filesystem: a tmpfs root, the plan's operations in
 * order, then pivot_root into it. */
#pragma once

#include "plan.h"
#include "sync.h"

/* Child side. Builds the new root from the sandbox's operations and pivots
 * into it (verbose: say each; quiet: no warnings). console is
 * the host path of the caller's terminal (bound at /dev/console) or NULL.
 * -1 with msg filled on failure. */
int sbox_mount_setup_root (const SboxSandbox *sandbox, gboolean verbose, gboolean quiet,
                           const char *console, const int *idmapped, SboxSyncMsg *msg);

/* Which ops the launcher hands over as idmapped trees (root callers). */
gboolean sbox_mount_wants_idmap (const SboxIds *ids, const SboxFsOp *op);
