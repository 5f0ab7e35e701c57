/* probe-report.h — how the test probes name an errno: strerrorname_np's
 * name, or "E<number>" for one it does not know. */
#pragma once

#include <stdio.h>
#include <string.h>

static inline const char *
errno_name (int err)
{
  const char *name = strerrorname_np (err);
  static char buf[32];

  if (name != NULL)
    return name;
  snprintf (buf, sizeof buf, "E%d", err);
  return buf;
}
