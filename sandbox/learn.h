/* learn.h — learn mode: a seccomp user-notification supervisor that records
 * what an app does and writes a profile fragment to review. */
#pragma once

#include "plan.h"

typedef struct SboxLearn SboxLearn;

SboxLearn *sbox_learn_new (const SboxPlan *plan);
void sbox_learn_free (SboxLearn *learn);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxLearn, sbox_learn_free)

/* The notification fd the sandboxed command handed over (owned from now on). */
void sbox_learn_set_listener (SboxLearn *learn, int fd);
int sbox_learn_listener (SboxLearn *learn);

/* Answer one pending notification (record it, let the call continue).
 * FALSE once the listener has no process left. */
gboolean sbox_learn_handle (SboxLearn *learn);

/* Write OUT (the profile fragment) and OUT.syscalls (one name per line, for
 * Seccomp=FILE). */
gboolean sbox_learn_write (SboxLearn *learn, GError **error);

/* Shared with sbox-trace, which writes the same kind of fragment. */

/* The door ("x11", "session-bus"…) behind a unix socket path as the
 * sandbox names it, or NULL. */
const char *sbox_learn_door_of_unix_path (const char *path);

/* A program-chosen path can go into a fragment's commented grant without
 * changing its meaning once uncommented. */
gboolean sbox_learn_path_fits_fragment (const char *path);

/* Every line is a comment, [Sandbox], [Context] or SeccompAllow= with names. */
gboolean sbox_learn_fragment_is_inert (const char *text);
