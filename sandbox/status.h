/* status.h — machine-readable status: --json-status-fd and --info-fd. */
#pragma once

#include <sys/resource.h>
#include <sys/types.h>

#include "ns.h"
#include "plan.h"

/* One JSON object per line on fd (ignored when fd < 0). */
void sbox_status_started (const SboxPlan *plan, int fd, pid_t child);
/* FALSE (with the reason) when bubblewrap's --info-fd or --json-status-fd
 * cannot be written, as bwrap then fails; sbox's own --info-fd never fails. */
gboolean sbox_status_info (const SboxPlan *plan, int fd, const SboxNsHeld *held, pid_t child,
                           GError **error);
void sbox_status_ended (int fd, gboolean signalled, int value, gboolean timed_out, gint64 wall_us,
                        const struct rusage *usage);
/* The confinement mode put back the host paths in paths after the run. */
void sbox_status_put_back (int fd, const GPtrArray *paths);
