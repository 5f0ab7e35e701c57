/* instance.c — each sandbox has an id and a directory $XDG_RUNTIME_DIR/sbox/ID
 * (info file, what --enter needs, proxy sockets), removed at exit. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "instance.h"
#include "seccomp.h"

/* Where every instance of this user lives. */
static char *
base_dir (const char *const *envp, guint uid)
{
  const char *runtime = g_environ_getenv ((char **) envp, "XDG_RUNTIME_DIR");
  return runtime && g_path_is_absolute (runtime) ? g_build_filename (runtime, "sbox", NULL)
                                                 : g_strdup_printf ("/tmp/sbox-%u", uid);
}

void
sbox_instance_prepare_dir (SboxPlan *plan, const SboxExpandContext *caller)
{
  plan->instance_id = g_strdup_printf ("%010u", g_random_int_range (1, G_MAXINT32));
  plan->instance_base = base_dir (caller->envp, caller->uid);
  plan->instance_dir = g_build_filename (plan->instance_base, plan->instance_id, NULL);
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

/* ---- info, --list, --kill ---- */

/* What --enter needs to give a joining process the original's limits: the
 * compiled seccomp programs as files, the rest in the info file. */
static gboolean
write_enter_data (const SboxPlan *plan, const SboxSeccompFilters *seccomp,
                  const SboxNsHeld *held, GKeyFile *info, GError **error)
{
  g_autoptr (GPtrArray) namespaces = sbox_ns_held_describe (held);
  g_key_file_set_string_list (info, "Enter", "namespaces", (const char *const *) namespaces->pdata,
                              namespaces->len);
  g_key_file_set_integer (info, "Enter", "uid", (int) plan->uid);
  g_key_file_set_integer (info, "Enter", "gid", (int) plan->gid);
  if (plan->keep_caps->len > 0)
    g_key_file_set_integer_list (info, "Enter", "keep-caps", (gint *) plan->keep_caps->data,
                                 plan->keep_caps->len);
  g_key_file_set_string (info, "Enter", "landlock", plan->landlock);
  g_autoptr (GPtrArray) writable = g_ptr_array_new ();
  for (guint i = 0; i < plan->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->fs_ops, i);
      if (sbox_fs_op_is_writable (op))
        g_ptr_array_add (writable, op->dest);
    }
  g_key_file_set_string_list (info, "Enter", "writable", (const char *const *) writable->pdata,
                              writable->len);
  g_key_file_set_boolean (info, "Enter", "new-session", plan->new_session);
  g_key_file_set_integer (info, "Enter", "seccomp-programs", seccomp->count);
  if (plan->home)
    g_key_file_set_string (info, "Enter", "home", plan->home);
  for (int n = 0; n < seccomp->count; n++)
    {
      g_autofree char *name = g_strdup_printf ("seccomp-%d.bpf", n);
      g_autofree char *path = g_build_filename (plan->instance_dir, name, NULL);
      if (!g_file_set_contents_full (path, (const char *) seccomp->programs[n].filter,
                                     (gssize) (seccomp->programs[n].len * sizeof (struct sock_filter)),
                                     G_FILE_SET_CONTENTS_NONE, 0600, error))
        return FALSE;
    }
  /* The environment may hold kept secrets: 0600 in a 0700 directory. */
  GString *env = g_string_new (NULL);
  for (guint i = 0; i < plan->env->len && g_ptr_array_index (plan->env, i); i++)
    g_string_append_len (env, g_ptr_array_index (plan->env, i),
                         (gssize) strlen (g_ptr_array_index (plan->env, i)) + 1);
  g_autofree char *env_path = g_build_filename (plan->instance_dir, "environ", NULL);
  gboolean ok = g_file_set_contents_full (env_path, env->str, (gssize) env->len,
                                          G_FILE_SET_CONTENTS_NONE, 0600, error);
  g_string_free (env, TRUE);
  return ok;
}

gboolean
sbox_instance_write_info (const SboxPlan *plan, const SboxSeccompFilters *seccomp,
                          const SboxNsHeld *held, pid_t child, GError **error)
{
  if (plan->instance_dir == NULL)
    return TRUE;
  g_autoptr (GKeyFile) info = g_key_file_new ();
  g_autofree char *command = g_strjoinv (" ", (char **) plan->argv->pdata);
  g_key_file_set_string (info, "Instance", "id", plan->instance_id);
  g_key_file_set_string (info, "Instance", "name",
                         plan->instance_name ? plan->instance_name : plan->instance_id);
  g_key_file_set_string (info, "Instance", "profile",
                         plan->profile_name ? plan->profile_name : "none");
  g_key_file_set_string (info, "Instance", "command", command);
  g_key_file_set_integer (info, "Instance", "launcher-pid", (int) getpid ());
  g_key_file_set_integer (info, "Instance", "child-pid", (int) child);
  g_key_file_set_int64 (info, "Instance", "started", (gint64) time (NULL));
  if (!write_enter_data (plan, seccomp, held, info, error))
    return FALSE;
  g_autofree char *path = g_build_filename (plan->instance_dir, "info", NULL);
  return g_key_file_save_to_file (info, path, error);
}

typedef struct
{
  char *id, *name, *profile, *command;
  int launcher, child;
  gint64 started;
} InstanceInfo;

static void
info_clear (InstanceInfo *i)
{
  g_free (i->id);
  g_free (i->name);
  g_free (i->profile);
  g_free (i->command);
}

/* Running instances (stale ones are removed first), in no order. */
static GArray *
running (const char *base)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (InstanceInfo));
  g_array_set_clear_func (out, (GDestroyNotify) info_clear);
  struct stat st;
  if (lstat (base, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    return out;
  remove_stale (base);
  g_autoptr (GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (base, name, "info", NULL);
      g_autoptr (GKeyFile) kf = g_key_file_new ();
      if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
        continue;
      InstanceInfo i = {
        .id = g_key_file_get_string (kf, "Instance", "id", NULL),
        .name = g_key_file_get_string (kf, "Instance", "name", NULL),
        .profile = g_key_file_get_string (kf, "Instance", "profile", NULL),
        .command = g_key_file_get_string (kf, "Instance", "command", NULL),
        .launcher = g_key_file_get_integer (kf, "Instance", "launcher-pid", NULL),
        .child = g_key_file_get_integer (kf, "Instance", "child-pid", NULL),
        .started = g_key_file_get_int64 (kf, "Instance", "started", NULL),
      };
      if (i.id && i.name && i.child > 0)
        g_array_append_val (out, i);
      else
        info_clear (&i);
    }
  return out;
}

gboolean
sbox_instance_check_name (const SboxPlan *plan, GError **error)
{
  if (plan->instance_name == NULL || plan->instance_base == NULL)
    return TRUE;
  g_autoptr (GArray) list = running (plan->instance_base);
  for (guint n = 0; n < list->len; n++)
    {
      InstanceInfo *i = &g_array_index (list, InstanceInfo, n);
      if (g_str_equal (i->name, plan->instance_name))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "a sandbox named %s is running (instance %s, pid %d)", i->name, i->id,
                       i->child);
          return FALSE;
        }
    }
  return TRUE;
}

int
sbox_instance_list (const char *const *envp, gboolean json)
{
  g_autofree char *base = base_dir (envp, getuid ());
  g_autoptr (GArray) list = running (base);
  GString *out = g_string_new (json ? "[" : "");
  if (!json)
    g_string_append_printf (out, "%-10s %-16s %-8s %-14s %s\n", "ID", "NAME", "PID", "PROFILE",
                            "COMMAND");
  for (guint n = 0; n < list->len; n++)
    {
      InstanceInfo *i = &g_array_index (list, InstanceInfo, n);
      if (!json)
        {
          g_string_append_printf (out, "%-10s %-16s %-8d %-14s %s\n", i->id, i->name, i->child,
                                  i->profile ? i->profile : "", i->command ? i->command : "");
          continue;
        }
      g_string_append (out, n ? ", {\"id\": " : "{\"id\": ");
      sbox_json_append_string (out, i->id);
      g_string_append (out, ", \"name\": ");
      sbox_json_append_string (out, i->name);
      g_string_append_printf (out, ", \"pid\": %d, \"launcher-pid\": %d, \"started\": %" G_GINT64_FORMAT
                                   ", \"profile\": ",
                              i->child, i->launcher, i->started);
      sbox_json_append_string (out, i->profile ? i->profile : "");
      g_string_append (out, ", \"command\": ");
      sbox_json_append_string (out, i->command ? i->command : "");
      g_string_append_c (out, '}');
    }
  if (json)
    g_string_append (out, "]\n");
  fputs (out->str, stdout);
  g_string_free (out, TRUE);
  return 0;
}

gboolean
sbox_instance_find (const char *const *envp, const char *which, SboxInstanceRef *out,
                    GError **error)
{
  g_autofree char *base = base_dir (envp, getuid ());
  g_autoptr (GArray) list = running (base);
  for (guint n = 0; n < list->len; n++)
    {
      InstanceInfo *i = &g_array_index (list, InstanceInfo, n);
      g_autofree char *pid = g_strdup_printf ("%d", i->child);
      if (!g_str_equal (which, i->name) && !g_str_equal (which, i->id) && !g_str_equal (which, pid))
        continue;
      /* A pidfd of the launcher's child, taken while the launcher is known
       * to be the one that wrote the info: a recycled pid is not hit. */
      out->pidfd = (int) syscall (SYS_pidfd_open, i->child, 0);
      g_autofree char *identity = launcher_identity ((pid_t) i->launcher);
      if (out->pidfd < 0 || identity == NULL)
        {
          if (out->pidfd >= 0)
            close (out->pidfd);
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s has just ended", which);
          return FALSE;
        }
      out->child = i->child;
      out->launcher = i->launcher;
      out->dir = g_build_filename (base, i->id, NULL);
      return TRUE;
    }
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
               "no running sandbox named %s (see sbox --list)", which);
  return FALSE;
}

void
sbox_instance_ref_clear (SboxInstanceRef *ref)
{
  if (ref->pidfd >= 0)
    close (ref->pidfd);
  ref->pidfd = -1;
  g_clear_pointer (&ref->dir, g_free);
}

int
sbox_instance_kill (const char *const *envp, const char *which, int signal_number)
{
  g_autoptr (GError) error = NULL;
  g_auto (SboxInstanceRef) target = { .pidfd = -1 };
  if (!sbox_instance_find (envp, which, &target, &error))
    {
      fprintf (stderr, "sbox: %s\n", error->message);
      return 1;
    }
  if (syscall (SYS_pidfd_send_signal, target.pidfd, signal_number, NULL, 0) != 0)
    {
      fprintf (stderr, "sbox: cannot signal sandbox %s: %s\n", which, g_strerror (errno));
      return 1;
    }
  return 0;
}
