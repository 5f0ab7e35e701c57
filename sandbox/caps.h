/* caps.h — capabilities and no_new_privs. */
#pragma once

#include <glib.h>

/* Child side: drop every capability from every set (bounding, ambient,
 * inheritable, permitted, effective), then set no_new_privs. -1 with errno
 * and *what naming the failed step. */
int sbox_caps_drop (const char **what);
/* The same, but the capabilities in keep (bit n: cap n) stay in the
 * bounding, permitted, effective, inheritable and ambient sets, so they
 * survive execve (bwrap's --cap-add). */
int sbox_caps_keep (guint64 keep, const char **what);
