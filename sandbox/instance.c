/* instance.c — each sandbox has an id, and when a door needs files outside
 * (proxy sockets) a directory $XDG_RUNTIME_DIR/sbox/ID, removed at exit. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "instance.h"

void
sbox_instance_assign (SboxPlan *plan, const SboxExpandContext *caller)
{
  if (plan->instance_id == NULL)
    plan->instance_id = g_strdup_printf ("%010u", g_random_int_range (1, G_MAXINT32));
  if (plan->instance_base == NULL)
    {
      const char *runtime = g_environ_getenv ((char **) caller->envp, "XDG_RUNTIME_DIR");
      plan->instance_base = runtime && g_path_is_absolute (runtime)
                                ? g_build_filename (runtime, "sbox", NULL)
                                : g_strdup_printf ("/tmp/sbox-%u", caller->uid);
    }
}

gboolean
sbox_instance_prepare_dir (SboxPlan *plan, const SboxExpandContext *caller, GError **error)
{
  if (plan->instance_dir)
    return TRUE;
  sbox_instance_assign (plan, caller);
  plan->instance_dir = g_build_filename (plan->instance_base, plan->instance_id, NULL);
  return TRUE;
}

/* "PID STARTTIME" of this process: a pid alone can be reused. */
static char *
launcher_identity (pid_t pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", (int) pid);
  g_autofree char *stat = NULL;
  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return NULL;
  const char *after_comm = strrchr (stat, ')');
  if (after_comm == NULL)
    return NULL;
  g_auto (GStrv) fields = g_strsplit (after_comm + 2, " ", -1);
  if (g_strv_length (fields) < 20)
    return NULL;
  return g_strdup_printf ("%d %s", (int) pid, fields[19]); /* field 22: starttime */
}

/* Directories of sandboxes whose launcher is gone (killed, crashed). */
static void
remove_stale (const char *base)
{
  g_autoptr (GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (base, name, NULL);
      g_autofree char *file = g_build_filename (path, "launcher", NULL);
      g_autofree char *recorded = NULL;
      if (!g_file_get_contents (file, &recorded, NULL, NULL))
        continue; /* being created, or not ours */
      g_autofree char *current = launcher_identity ((pid_t) atoi (recorded));
      if (current && g_str_equal (g_strstrip (recorded), current))
        continue;
      SboxPlan stale = { .instance_dir = path };
      sbox_instance_remove_dir (&stale);
    }
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
  g_autofree char *identity = launcher_identity (getpid ());
  g_autofree char *file = g_build_filename (plan->instance_dir, "launcher", NULL);
  if (identity == NULL || !g_file_set_contents (file, identity, -1, error))
    {
      sbox_instance_remove_dir (plan);
      return sbox_error_set_errno (error, EIO, "cannot record the launcher in %s",
                                   plan->instance_dir);
    }
  return TRUE;
}

void
sbox_instance_clean_stale (const SboxPlan *plan)
{
  struct stat st;
  if (plan->instance_base && lstat (plan->instance_base, &st) == 0 && S_ISDIR (st.st_mode)
      && st.st_uid == getuid ())
    remove_stale (plan->instance_base);
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
