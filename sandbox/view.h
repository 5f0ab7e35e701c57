/* view.h — the default sandbox view (DESIGN §3) as data: what of /usr and /etc
 * is bound, the /dev nodes, the /proc masks. */
#pragma once

#include "plan.h"

/* Device nodes bound from the host into the minimal /dev. */
extern const char *const sbox_view_dev_nodes[];

/* A minimal /dev at dest holding sbox_view_dev_nodes (the op carries the
 * table, so --print-plan lists the nodes and the executor binds just those). */
SboxFsOp *sbox_view_add_dev (SboxSandbox *sandbox, const char *dest);

/* Append the default view's operations to plan (uses sandbox->ids.uid, gid, home).
 * The home itself is the profile's choice (context.c). */
gboolean sbox_view_add_default (SboxSandbox *sandbox, GError **error);

/* /usr read-only and the merged-/usr links (or binds) beside it. */
void sbox_view_add_usr (SboxSandbox *sandbox);

/* The sandbox's XDG_RUNTIME_DIR path for a uid. */
char *sbox_view_runtime_dir (uid_t uid);
