/* confine-notify.h — the confinement mode's metadata guard: chmod, chown,
 * utimes and xattr changes, which Landlock does not check, made by the
 * launcher on the sandbox's behalf and only beneath a writable grant. */
#pragma once

#include <glib.h>
#include <linux/filter.h>
#include <seccomp.h>

#include "confine-connect.h"
#include "landlock.h"

typedef struct SboxConfineNotify SboxConfineNotify;

/* Whether the kernel can send these calls to a supervisor; FALSE with a
 * one-line error when it cannot. */
gboolean sbox_confine_notify_check (GError **error);

/* The guard's rules for the mode's extra filter: each call answered by the
 * supervisor. Calls this libseccomp cannot name go into prefix, BPF to run
 * before the filter's own program. A libseccomp error (negative) or 0. */
int sbox_confine_notify_add_rules (scmp_filter_ctx ctx, GArray *prefix);

/* Launcher side: the supervisor for a ruleset of n grants; only those at
 * SBOX_LANDLOCK_WRITE count. */
SboxConfineNotify *sbox_confine_notify_new (const SboxLandlockGrant *grants, guint n);
void sbox_confine_notify_free (SboxConfineNotify *notify);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxConfineNotify, sbox_confine_notify_free)

/* The listener the child sent (taken over; -1 closes the one held). */
void sbox_confine_notify_set_listener (SboxConfineNotify *notify, int fd);
int sbox_confine_notify_listener (SboxConfineNotify *notify);

/* Hand connect and sendto notifications to connect (borrowed). */
void sbox_confine_notify_set_connect (SboxConfineNotify *notify, SboxConfineConnect *connect);

/* Answer one notification: make the call here when its object lies
 * beneath a writable grant, EPERM otherwise. FALSE once the listener has
 * no process left. */
gboolean sbox_confine_notify_handle (SboxConfineNotify *notify);
