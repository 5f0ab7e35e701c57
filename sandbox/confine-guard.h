/* confine-guard.h — the confinement mode's stand-in for read-only parts of
 * writable trees (Protect=, guarded launch points): recorded before the
 * command starts, compared and put back after it and everything it left
 * running have ended. */
#pragma once

#include <glib.h>

typedef struct SboxConfineGuard SboxConfineGuard;

SboxConfineGuard *sbox_confine_guard_new (void);
void sbox_confine_guard_free (SboxConfineGuard *guard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxConfineGuard, sbox_confine_guard_free)

/* Record host path path, which lies in the writable tree top: the
 * identity of every directory from top down to it and of path itself, and
 * when deep, everything it holds (a Git directory's bulk data excepted).
 * FALSE, with error naming the entry, when it cannot be read or is over
 * the guard's limits: the command must not start. */
gboolean sbox_confine_guard_record (SboxConfineGuard *guard, const char *top, const char *path,
                                    gboolean deep, GError **error);

/* Once nothing of the sandbox runs: put back whatever differs from the
 * record, one line on stderr for each, and return the host paths put
 * back (empty when nothing was). */
GPtrArray *sbox_confine_guard_restore (SboxConfineGuard *guard);

/* The record in file (in the instance directory, which the sandbox cannot
 * write), so that a launcher killed before it put back leaves it to the
 * next start. */
gboolean sbox_confine_guard_save (const SboxConfineGuard *guard, const char *file, GError **error);
/* At a start: put back what file records, for the sandbox id whose
 * launcher is gone. Nothing is removed where a recorded directory is no
 * longer there: only content is put back. */
void sbox_confine_guard_restore_saved (const char *file, const char *id);
