/* landlock.h — Landlock rules matching the sandbox's view, and scoping. */
#pragma once

#include "plan.h"
#include "sync.h"

/* The best Landlock ABI the kernel offers (0 when it has none). */
int sbox_landlock_abi (void);

/* Child side, after the final pivot_root: read/execute everywhere in the
 * view, write only beneath fs_ops' writable mounts, abstract unix sockets
 * and signals scoped to the sandbox (ABI 6+). mode is the plan's Landlock=
 * (true: best effort, false: nothing, required: fail without Landlock);
 * TCP bind and connect refused when no_tcp, else TCP connect to
 * connect_port only when it is not 0 (ABI 4+). */
int sbox_landlock_apply (const char *mode, const GPtrArray *fs_ops, gboolean no_tcp,
                         guint16 connect_port, gboolean verbose, SboxSyncMsg *msg);

/* Let the kernel log the command's Landlock denials after its exec to
 * the audit log (ABI 7+; audit must be on to see them): what
 * SBOX_LANDLOCK_LOG=1 asks for, for sbox-trace. Set before the rules are
 * applied, in the process that applies them. */
void sbox_landlock_log_denials (gboolean on);

/* What a grant allows beneath its path: nothing, read and execute, read
 * and write (creating and removing included), or reading and writing a
 * device node's contents. */
typedef enum
{
  SBOX_LANDLOCK_NONE,
  SBOX_LANDLOCK_READ,
  SBOX_LANDLOCK_WRITE,
  SBOX_LANDLOCK_DEVICE,
} SboxLandlockLevel;

/* One rule: fd (an O_PATH descriptor, used when >= 0) or path (opened
 * following links; a missing path is skipped). */
typedef struct
{
  const char *path;
  int fd;
  SboxLandlockLevel level;
} SboxLandlockGrant;

/* The confinement mode's ruleset (no new root: the rules name host paths):
 * exactly these grants, TCP bind and connect refused when no_tcp (ABI 4+),
 * abstract unix sockets and signals scoped (ABI 6+). Fork-safe. */
int sbox_landlock_apply_grants (const char *mode, const SboxLandlockGrant *grants, guint n_grants,
                                gboolean no_tcp, gboolean verbose, SboxSyncMsg *msg);
