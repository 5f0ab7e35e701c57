/* confine.c — the confinement sequence shared by a sandbox's first command
 * and every command joined with --enter, so that neither can have fewer
 * limits than the other (an --enter without the rlimits escaped --memory,
 * --pids and --rlimit). */
#include "config.h"

#include <errno.h>

#include "caps.h"
#include "confine.h"
#include "landlock.h"
#include "rlimits.h"

int
sbox_confine_apply (const SboxConfinement *confinement, const SboxSeccompFilters *seccomp,
                    SboxSyncMsg *msg)
{
  int resource = 0;
  const char *what = "cannot drop privileges";
  if (sbox_caps_drop (&what) != 0)
    return sbox_sync_fail (msg, 125, errno, "%s", what);
  if (sbox_landlock_apply (confinement->landlock, confinement->fs_ops, confinement->verbose, msg) != 0)
    return -1;
  /* After Landlock, which opens a descriptor per rule: the limits bound
   * the command, not sbox's own setup (nofile=8 would fail there). */
  if (sbox_limits_apply (confinement->rlimits, &resource) != 0)
    return sbox_sync_fail (msg, 125, errno, "cannot set rlimit %s",
                           sbox_limits_rlimit_name (resource));
  if (sbox_seccomp_install (seccomp) != 0)
    return sbox_sync_fail (msg, 125, errno, "cannot load the seccomp filter");
  return 0;
}
