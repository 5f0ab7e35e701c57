/* mount.h — the child's filesystem: a tmpfs root, the plan's operations in
 * order, then pivot_root into it. */
#pragma once

#include "plan.h"
#include "sync.h"

/* Child side. Builds the new root from the sandbox's operations and pivots
 * into it (verbose: say each; quiet: no warnings). console is
 * the host path of the caller's terminal (bound at /dev/console) or NULL.
 * With helpers' sockets to bind (sbox_mount_waits_for_helpers), the
 * launcher's SBOX_STEP_HELPERS_READY is read from helpers_fd before the
 * first of them; -1: they serve already. -1 with msg filled on failure. */
int sbox_mount_setup_root (const SboxSandbox *sandbox, gboolean verbose, gboolean quiet,
                           const char *console, const int *idmapped, int helpers_fd,
                           SboxSyncMsg *msg);

/* Whether the sandbox binds a socket a helper makes (SBOX_FS_FLAG_RUNTIME):
 * then the launcher sends SBOX_STEP_HELPERS_READY once every helper serves. */
gboolean sbox_mount_waits_for_helpers (const SboxSandbox *sandbox);

/* Which ops the launcher hands over as idmapped trees (root callers). */
gboolean sbox_mount_wants_idmap (const SboxIds *ids, const SboxFsOp *op);
