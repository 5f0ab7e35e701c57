/* caps.c — capabilities: everything dropped with libcap, then
 * no_new_privs so no exec can gain any back. */
#include "config.h"

#include <errno.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib.h>

#include "caps.h"

int
sbox_caps_drop (const char **what)
{
  return sbox_caps_keep (0, what);
}

static gboolean
kept (guint64 keep, cap_value_t cap)
{
  return cap < 64 && (keep & (G_GUINT64_CONSTANT (1) << cap)) != 0;
}

int
sbox_caps_keep (guint64 keep, const char **what)
{
  /* The bounding set goes first: dropping from it needs CAP_SETPCAP, which
   * clearing the effective set would take away. It is what stops uid 0
   * inside from regaining capabilities at execve. */
  cap_value_t max = (cap_value_t) cap_max_bits ();
  /* Without CAP_SETPCAP (a plain user outside any user namespace: the
   * confinement mode) the set cannot shrink, and need not: a uid other
   * than 0 gains nothing at execve under no_new_privs. */
  gboolean cannot_regain = getuid () != 0 && geteuid () != 0;
  for (cap_value_t cap = 0; cap < max; cap++)
    if (!kept (keep, cap) && cap_drop_bound (cap) != 0 && errno != EINVAL
        && !(errno == EPERM && cannot_regain))
      {
        *what = "cannot drop the capability bounding set";
        return -1;
      }
  if (cap_reset_ambient () != 0 && errno != EINVAL)
    {
      *what = "cannot clear ambient capabilities";
      return -1;
    }

  cap_t caps = cap_init ();
  if (caps == NULL)
    {
      *what = "cannot allocate a capability set";
      return -1;
    }
  /* cap_init's set is empty: nothing permitted, effective or inheritable
   * but what is kept. */
  for (cap_value_t cap = 0; cap < max; cap++)
    if (kept (keep, cap))
      {
        cap_value_t one[] = { cap };
        cap_set_flag (caps, CAP_PERMITTED, 1, one, CAP_SET);
        cap_set_flag (caps, CAP_EFFECTIVE, 1, one, CAP_SET);
        cap_set_flag (caps, CAP_INHERITABLE, 1, one, CAP_SET);
      }
  int ret = cap_set_proc (caps);
  int errsv = errno;
  cap_free (caps);
  if (ret != 0)
    {
      errno = errsv;
      *what = "cannot drop capabilities";
      return -1;
    }
  /* Ambient, so that they survive execve of a program without file
   * capabilities, for any uid. */
  for (cap_value_t cap = 0; cap < max; cap++)
    if (kept (keep, cap) && cap_set_ambient (cap, CAP_SET) != 0)
      {
        *what = "cannot keep an ambient capability";
        return -1;
      }
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    {
      *what = "cannot set no_new_privs";
      return -1;
    }
  return 0;
}
