/* instance.c — each sandbox has an id, and when a door needs files outside
 * (proxy sockets) a directory $XDG_RUNTIME_DIR/sbox/ID, removed at exit. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "instance.h"

void
sbox_instance_assign (SboxPlan *plan)
{
  if (plan->instance_id == NULL)
    plan->instance_id = g_strdup_printf ("%010u", g_random_int_range (1, G_MAXINT32));
}

gboolean
sbox_instance_prepare_dir (SboxPlan *plan, const SboxExpandContext *caller, GError **error)
{
  if (plan->instance_dir)
    return TRUE;
  sbox_instance_assign (plan);
  const char *runtime = g_environ_getenv ((char **) caller->envp, "XDG_RUNTIME_DIR");
  g_autofree char *base = runtime && g_path_is_absolute (runtime)
                              ? g_build_filename (runtime, "sbox", NULL)
                              : g_strdup_printf ("/tmp/sbox-%u", caller->uid);
  plan->instance_dir = g_build_filename (base, plan->instance_id, NULL);
  return TRUE;
}

gboolean
sbox_instance_create_dir (const SboxPlan *plan, GError **error)
{
  if (plan->instance_dir == NULL)
    return TRUE;
  g_autofree char *base = g_path_get_dirname (plan->instance_dir);
  struct stat st;
  if (g_mkdir_with_parents (base, 0700) != 0)
    return sbox_error_set_errno (error, errno, "cannot create %s", base);
  /* In a shared /tmp the base could be someone else's. */
  if (lstat (base, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "%s is not a directory of this user", base);
      return FALSE;
    }
  if (mkdir (plan->instance_dir, 0700) != 0)
    return sbox_error_set_errno (error, errno, "cannot create %s", plan->instance_dir);
  return TRUE;
}

void
sbox_instance_remove_dir (const SboxPlan *plan)
{
  if (plan->instance_dir == NULL)
    return;
  g_autoptr (GDir) dir = g_dir_open (plan->instance_dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (plan->instance_dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (plan->instance_dir);
}
