/* enter-data.h — what a launcher records for --enter, read back. */
#pragma once

#include <glib.h>

#include "plan.h"
#include "seccomp.h"

/* The limits a joining process takes: it can do no more than the
 * sandbox's first command. */
typedef struct
{
  SboxSandbox *sandbox; /* what the launcher wrote of the sandbox: ids, Landlock, rlimits */
  SboxSeccompFilters seccomp;
  GPtrArray *env; /* NULL-terminated */
  gboolean new_session;
  GStrv namespaces; /* "user=FD" entries: what the launcher holds */
  char *cgroup;     /* the sandbox's own cgroup, NULL without one */
} SboxEnterLimits;

void sbox_enter_limits_clear (SboxEnterLimits *limits);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SboxEnterLimits, sbox_enter_limits_clear)

/* INFO's [Enter] group into OUT; FALSE with an error naming sandbox ID when
 * a key is missing or malformed. The data comes from a sealed memfd of the
 * launcher's, but is parsed as untrusted all the same: a bad value is an
 * error, never a default (an unreadable uid must not become 0). */
gboolean sbox_enter_data_parse (GKeyFile *info, const char *id, SboxEnterLimits *out,
                                GError **error);
