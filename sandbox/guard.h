/* guard.h — what a grant must not hand over by accident: sbox's own state,
 * the host's launch points, the home as ${PWD}
 * or as an xdg-* user directory. */
#pragma once

#include "caller.h"
#include "plan.h"

/* Refuse a ${PWD} that is the home, holds it, or is (in, or holds) one of
 * the home's secret or launch-point directories. Compared by inode. */
gboolean sbox_guard_check_project_dir (const SboxExpandContext *caller, GError **error);

/* Refuse an xdg-* user directory (as user-dirs.dirs names it, which a
 * sandbox may once have written) that is not a directory strictly inside the
 * home, or that is, is in or holds one of the home's secret, launch-point
 * or sbox-state paths; a missing one is judged by where it would be made.
 * FALSE with *why saying what it is. */
gboolean sbox_guard_check_user_dir (const char *dir, const SboxExpandContext *caller, char **why);

/* Add to grant_ops, for every bind in home_ops and grant_ops that shows
 * sbox's own state or a host launch point without naming it: a mask
 * (state) or a read-only remount (launch point) at that place inside.
 * Grants naming sbox's state exactly are reported in warnings. */
gboolean sbox_guard_broad_grants (GPtrArray *home_ops, GPtrArray *grant_ops,
                                  const SboxExpandContext *caller, GPtrArray *warnings,
                                  GError **error);

/* TRUE when path is, or is inside, sbox's own configuration or storage;
 * *what names it. */
gboolean sbox_guard_names_own_state (const char *path, const SboxExpandContext *caller,
                                     char **what);

/* Refuse a grant whose path leads into sbox's own state without being
 * spelled as a path in it (~/Downloads -> .config/sbox): only a grant
 * spelling the state's own path (warned about) counts as meaning it. */
gboolean sbox_guard_check_grant (const char *source, const SboxExpandContext *caller,
                                 GError **error);

/* Path helpers shared with protect.c. TRUE when path is dir or below it
 * (as spelled). */
gboolean sbox_guard_is_under (const char *path, const char *dir);

/* A file named on the command line (FileArguments=), by its resolved path:
 * FALSE, and *why, for sbox's own state and the stores of keys and
 * passwords, which are never forwarded; a launch point asked for
 * read-write comes back with *read_only set and *why saying so. */
gboolean sbox_guard_file_argument (const char *real, const SboxExpandContext *caller,
                                   gboolean *read_only, char **why);

/* Where host path real (in or at root) shows inside a tree bound from root
 * at inside. */
char *sbox_guard_inside_of (const char *root, const char *inside, const char *real);

/* Pin (bind onto itself) every directory strictly between root (a tree's
 * resolved host path, bound at inside) and real, appending to ops. */
void sbox_guard_pin_between (GPtrArray *ops, const char *root, const char *inside, const char *real,
                             const char *origin);
