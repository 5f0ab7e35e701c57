/* instance.c — each sandbox has an id and a directory $XDG_RUNTIME_DIR/sbox/ID
 * (the info file --list reads, proxy sockets), removed at exit. What --enter
 * needs is not there: the launcher holds it in a sealed memfd. */
#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine-guard.h"
#include "error.h"
#include "instance.h"
#include "seccomp.h"

/* Where every instance of this user lives: the session's runtime
 * directory, else a tmpfs (a start writes and removes its info file, which
 * costs a journalled disk several times what a whole start costs else). */
static char *
base_dir (const char *const *envp, guint uid)
{
  const char *runtime = g_environ_getenv ((char **) envp, "XDG_RUNTIME_DIR");
  if (runtime && g_path_is_absolute (runtime))
    return g_build_filename (runtime, "sbox", NULL);
  g_autofree char *user_run = g_strdup_printf ("/run/user/%u", uid);
  struct stat st;
  if (stat (user_run, &st) == 0 && S_ISDIR (st.st_mode) && st.st_uid == uid
      && access (user_run, W_OK) == 0)
    return g_build_filename (user_run, "sbox", NULL);
  if (access ("/dev/shm", W_OK | X_OK) == 0)
    return g_strdup_printf ("/dev/shm/sbox-%u", uid);
  return g_strdup_printf ("/tmp/sbox-%u", uid);
}

void
sbox_instance_prepare_dir (SboxPlan *plan, const SboxExpandContext *caller)
{
  plan->instance.id = g_strdup_printf ("%010u", g_random_int_range (1, G_MAXINT32));
  plan->instance.base = base_dir (caller->envp, caller->uid);
  plan->instance.dir = g_build_filename (plan->instance.base, plan->instance.id, NULL);
}

/* Field number field (1-based, as proc(5) counts) of /proc/PID/stat as a
 * number; 0 when the process is gone. */
static guint64
stat_field (pid_t pid, int field)
{
  char path[32], stat[1024];
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read (fd, stat, sizeof stat - 1);
  close (fd);
  if (n <= 0)
    return 0;
  stat[n] = '\0';
  /* Fields count from the end of the command name, which may hold spaces. */
  const char *at = strrchr (stat, ')');
  for (int i = 2; at && i < field; i++)
    at = strchr (at + 1, ' ');
  return at ? g_ascii_strtoull (at + 1, NULL, 10) : 0;
}

/* The start time of pid, which with the pid names one process: a pid alone
 * can be reused. */
static guint64
start_time (pid_t pid)
{
  return stat_field (pid, 22);
}

/* The process is dead but not yet reaped: a zombie keeps its pid and its
 * start time until its parent waits, which a parent may never do. */
static gboolean
is_zombie (pid_t pid)
{
  char path[32], stat[1024];
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return TRUE;
  ssize_t n = read (fd, stat, sizeof stat - 1);
  close (fd);
  if (n <= 0)
    return TRUE;
  stat[n] = '\0';
  const char *at = strrchr (stat, ')');
  return at == NULL || at[1] != ' ' || at[2] == 'Z' || at[2] == 'X';
}

/* The launcher that wrote kf is still the one running under its pid, and
 * still running: one killed outright (SIGKILL) writes nothing on its way. */
static gboolean
launcher_alive (GKeyFile *kf)
{
  int pid = g_key_file_get_integer (kf, "Instance", "launcher-pid", NULL);
  guint64 recorded = g_key_file_get_uint64 (kf, "Instance", "launcher-start", NULL);
  return pid > 0 && recorded != 0 && start_time ((pid_t) pid) == recorded
         && !is_zombie ((pid_t) pid);
}

/* Directories of sandboxes whose launcher is gone (killed, crashed). One
 * without an info file is being set up while the launcher its owner file
 * names runs; one without either was made a moment ago, unless it is old
 * (10 s): its launcher died between the two. */
static void
remove_stale (const char *base)
{
  g_autoptr (GDir) dir = g_dir_open (base, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (base, name, NULL);
      g_autofree char *file = g_build_filename (path, "info", NULL);
      g_autoptr (GKeyFile) kf = g_key_file_new ();
      struct stat st;
      g_autofree char *owner = g_build_filename (path, "owner", NULL);
      gboolean in_use = g_key_file_load_from_file (kf, file, G_KEY_FILE_NONE, NULL)
                            ? launcher_alive (kf)
                        : g_key_file_load_from_file (kf, owner, G_KEY_FILE_NONE, NULL)
                            ? launcher_alive (kf)
                            : lstat (path, &st) != 0 || st.st_mtime > time (NULL) - 10;
      if (in_use)
        continue;
      /* The confinement mode's record of what the sandbox must not change. */
      g_autofree char *record = g_build_filename (path, "guard", NULL);
      if (lstat (record, &st) == 0 && S_ISREG (st.st_mode))
        sbox_confine_guard_restore_saved (record, name);
      SboxInstancePlace stale = { .dir = path };
      sbox_instance_remove_dir (&stale);
    }
}

gboolean
sbox_instance_create_dir (const SboxInstancePlace *place, GError **error)
{
  if (place->dir == NULL)
    return TRUE;
  g_autofree char *base = g_path_get_dirname (place->dir);
  struct stat st;
  if (g_mkdir_with_parents (base, 0700) != 0)
    return sbox_error_set_errno (error, errno, "cannot create %s", base);
  /* In a shared /tmp the base could be someone else's. */
  if (lstat (base, &st) != 0 || !S_ISDIR (st.st_mode) || st.st_uid != getuid ())
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "%s is not a directory of this user", base);
      return FALSE;
    }
  if (mkdir (place->dir, 0700) != 0)
    return sbox_error_set_errno (error, errno, "cannot create %s", place->dir);
  /* Whose directory this is, for remove_stale until the info file says. */
  g_autoptr (GKeyFile) owner = g_key_file_new ();
  g_key_file_set_integer (owner, "Instance", "launcher-pid", (int) getpid ());
  g_key_file_set_uint64 (owner, "Instance", "launcher-start", start_time (getpid ()));
  g_autofree char *path = g_build_filename (place->dir, "owner", NULL);
  if (!g_key_file_save_to_file (owner, path, error))
    {
      rmdir (place->dir);
      return FALSE;
    }
  return TRUE;
}

void
sbox_instance_clean_stale (const SboxInstancePlace *place)
{
  struct stat st;
  if (place->base && lstat (place->base, &st) == 0 && S_ISDIR (st.st_mode)
      && st.st_uid == getuid ())
    remove_stale (place->base);
}

static int
remove_entry (const char *path, const struct stat *st, int type, struct FTW *ftw)
{
  (void) st;
  (void) ftw;
  if (type == FTW_DP)
    rmdir (path);
  else
    unlink (path);
  return 0;
}

void
sbox_instance_remove_tree (const char *path)
{
  nftw (path, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* The whole tree: the confinement mode keeps its private directories
 * (tmpfs-N) there, which a killed launcher leaves behind. */
void
sbox_instance_remove_dir (const SboxInstancePlace *place)
{
  if (place->dir != NULL)
    sbox_instance_remove_tree (place->dir);
}

/* ---- info, --list, --kill ---- */

/* What --enter needs to give a joining process the original's limits, as
 * a key file: ids, capabilities, Landlock, the compiled seccomp programs,
 * the environment (it may hold kept secrets) and the namespaces held. */
static char *
enter_data (const SboxPlan *plan, const GArray *rlimits, const SboxSeccompFilters *seccomp,
            const SboxNsHeld *held, const char *cgroup, gsize *length)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_key_file_set_string (kf, "Enter", "id", plan->instance.id);
  g_key_file_set_string (kf, "Enter", "mode", plan->sandbox.mode);
  g_autoptr (GPtrArray) namespaces = sbox_ns_held_describe (held);
  g_key_file_set_string_list (kf, "Enter", "namespaces", (const char *const *) namespaces->pdata,
                              namespaces->len);
  g_key_file_set_integer (kf, "Enter", "uid", (int) plan->sandbox.ids.uid);
  g_key_file_set_integer (kf, "Enter", "gid", (int) plan->sandbox.ids.gid);
  g_key_file_set_string (kf, "Enter", "landlock", plan->sandbox.landlock);
  g_key_file_set_string (kf, "Enter", "network", sbox_sandbox_network (&plan->sandbox));
  g_autoptr (GPtrArray) writable = g_ptr_array_new ();
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if (sbox_fs_op_is_writable (op))
        g_ptr_array_add (writable, op->dest);
    }
  g_key_file_set_string_list (kf, "Enter", "writable", (const char *const *) writable->pdata,
                              writable->len);
  g_key_file_set_boolean (kf, "Enter", "new-session", plan->run.new_session);
  /* The joined command gets the same limits: RESOURCE:SOFT:HARD;… */
  GString *limits = g_string_new (NULL);
  for (guint i = 0; i < rlimits->len; i++)
    {
      const SboxRlimit *r = &g_array_index (rlimits, SboxRlimit, i);
      g_string_append_printf (limits, "%d:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT ";",
                              r->resource, r->soft, r->hard);
    }
  g_key_file_set_string (kf, "Enter", "rlimits", limits->str);
  g_string_free (limits, TRUE);
  if (cgroup)
    g_key_file_set_string (kf, "Enter", "cgroup", cgroup);
  if (plan->sandbox.home)
    g_key_file_set_string (kf, "Enter", "home", plan->sandbox.home);
  g_key_file_set_integer (kf, "Enter", "seccomp-programs", seccomp->count);
  for (int n = 0; n < seccomp->count; n++)
    {
      g_autofree char *key = g_strdup_printf ("seccomp-%d", n);
      g_autofree char *bpf = g_base64_encode ((const guchar *) seccomp->programs[n].filter,
                                              seccomp->programs[n].len
                                                  * sizeof (struct sock_filter));
      g_key_file_set_string (kf, "Enter", key, bpf);
    }
  GString *env = g_string_new (NULL);
  for (guint i = 0; i < plan->sandbox.env->len; i++)
    g_string_append_len (env, g_ptr_array_index (plan->sandbox.env, i),
                         (gssize) strlen (g_ptr_array_index (plan->sandbox.env, i)) + 1);
  g_autofree char *env64 = g_base64_encode ((const guchar *) env->str, env->len);
  g_string_free (env, TRUE);
  g_key_file_set_string (kf, "Enter", "environ", env64);
  return g_key_file_to_data (kf, length, NULL);
}

#define ENTER_SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)
#define ENTER_MEMFD_NAME "sbox-enter"

/* Files in the runtime directory can be rewritten by a sandbox that a
 * profile lets write there; a sealed memfd the launcher holds cannot. */
static int
seal_enter_data (const char *data, gsize length, GError **error)
{
  int fd = memfd_create (ENTER_MEMFD_NAME, MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0)
    return sbox_error_set_errno (error, errno, "cannot create a memfd for --enter"), -1;
  if (write (fd, data, length) != (ssize_t) length || fcntl (fd, F_ADD_SEALS, ENTER_SEALS) != 0)
    {
      int errsv = errno;
      close (fd);
      return sbox_error_set_errno (error, errsv, "cannot seal the data for --enter"), -1;
    }
  return fd;
}

int
sbox_instance_write_info (const SboxPlan *plan, const SboxInstancePlace *place,
                          const GArray *rlimits, const SboxSeccompFilters *seccomp,
                          const SboxNsHeld *held, const char *cgroup, pid_t child, GError **error)
{
  if (place->dir == NULL)
    {
      sbox_instance_release_name ();
      return -1;
    }
  gsize length = 0;
  g_autofree char *data = enter_data (plan, rlimits, seccomp, held, cgroup, &length);
  int enter_fd = seal_enter_data (data, length, error);
  if (enter_fd < 0)
    return -1;
  g_autoptr (GKeyFile) info = g_key_file_new ();
  g_autoptr (GString) command = g_string_new (NULL);
  for (guint i = 0; i < plan->run.argv->len; i++)
    g_string_append_printf (command, "%s%s", i ? " " : "",
                            (const char *) g_ptr_array_index (plan->run.argv, i));
  g_key_file_set_string (info, "Instance", "id", plan->instance.id);
  g_key_file_set_string (info, "Instance", "name",
                         plan->instance.name ? plan->instance.name : plan->instance.id);
  g_key_file_set_string (info, "Instance", "profile",
                         plan->profile_name ? plan->profile_name : "none");
  g_key_file_set_string (info, "Instance", "command", command->str);
  g_key_file_set_integer (info, "Instance", "launcher-pid", (int) getpid ());
  g_key_file_set_uint64 (info, "Instance", "launcher-start", start_time (getpid ()));
  g_key_file_set_integer (info, "Instance", "enter-fd", enter_fd);
  g_key_file_set_integer (info, "Instance", "child-pid", (int) child);
  g_key_file_set_int64 (info, "Instance", "started", (gint64) time (NULL));
  g_key_file_set_boolean (info, "Instance", "running", FALSE);
  g_autofree char *path = g_build_filename (place->dir, "info", NULL);
  gboolean saved = g_key_file_save_to_file (info, path, error);
  sbox_instance_release_name (); /* the name shows now */
  if (!saved)
    {
      close (enter_fd);
      return -1;
    }
  return enter_fd;
}

void
sbox_instance_mark_running (const SboxInstancePlace *place)
{
  if (place->dir == NULL)
    return;
  g_autofree char *path = g_build_filename (place->dir, "info", NULL);
  g_autoptr (GKeyFile) info = g_key_file_new ();
  if (!g_key_file_load_from_file (info, path, G_KEY_FILE_NONE, NULL))
    return;
  g_key_file_set_boolean (info, "Instance", "running", TRUE);
  g_key_file_save_to_file (info, path, NULL);
}

typedef struct
{
  char *id, *name, *profile, *command;
  int launcher, child, enter_fd;
  gint64 started;
  gboolean running; /* set up: the command runs */
} InstanceInfo;

static void
info_clear (InstanceInfo *i)
{
  g_free (i->id);
  g_free (i->name);
  g_free (i->profile);
  g_free (i->command);
}

/* Instances whose launcher runs (stale ones are removed first), in no
 * order: those still being set up too. */
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
        .enter_fd = g_key_file_get_integer (kf, "Instance", "enter-fd", NULL),
        .started = g_key_file_get_int64 (kf, "Instance", "started", NULL),
        .running = g_key_file_get_boolean (kf, "Instance", "running", NULL),
      };
      if (i.id && i.name && i.child > 0)
        g_array_append_val (out, i);
      else
        info_clear (&i);
    }
  return out;
}

/* Named starts claim their names one at a time: the check that no running
 * sandbox has the name and the info file that shows it to the next check
 * are one step, under a lock on the base directory. Children may inherit
 * the descriptor; LOCK_UN releases the lock all the same. A start waits
 * for another's claim at most 10 s (a launcher killed while claiming
 * leaves it to children that die with it). */
static int name_lock_fd = -1;

static gboolean
lock_names (const char *base, GError **error)
{
  struct stat st;
  if (g_mkdir_with_parents (base, 0700) != 0)
    return sbox_error_set_errno (error, errno, "cannot create %s", base);
  int fd = open (base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 || fstat (fd, &st) != 0 || st.st_uid != getuid ())
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "%s is not a directory of this user", base);
      return FALSE;
    }
  for (int tries = 0; flock (fd, LOCK_EX | LOCK_NB) != 0; tries++)
    {
      if ((errno != EWOULDBLOCK && errno != EINTR) || tries >= 1000)
        {
          int errsv = errno;
          close (fd);
          return sbox_error_set_errno (error, errsv, "cannot claim a sandbox name in %s", base);
        }
      g_usleep (10 * 1000);
    }
  name_lock_fd = fd;
  return TRUE;
}

void
sbox_instance_release_name (void)
{
  if (name_lock_fd < 0)
    return;
  flock (name_lock_fd, LOCK_UN);
  close (name_lock_fd);
  name_lock_fd = -1;
}

gboolean
sbox_instance_check_name (const SboxInstancePlace *place, GError **error)
{
  if (place->name == NULL || place->base == NULL)
    return TRUE;
  if (!lock_names (place->base, error))
    return FALSE;
  g_autoptr (GArray) list = running (place->base);
  for (guint n = 0; n < list->len; n++)
    {
      InstanceInfo *i = &g_array_index (list, InstanceInfo, n);
      if (g_str_equal (i->name, place->name))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "a sandbox named %s is running (instance %s, pid %d)", i->name, i->id,
                       i->child);
          sbox_instance_release_name ();
          return FALSE;
        }
    }
  return TRUE;
}

void
sbox_instance_list (const char *const *envp, gboolean json)
{
  g_autofree char *base = base_dir (envp, getuid ());
  g_autoptr (GArray) list = running (base);
  GString *out = g_string_new (json ? "[" : "");
  if (!json)
    g_string_append_printf (out, "%-10s %-16s %-8s %-14s %s\n", "ID", "NAME", "PID", "PROFILE",
                            "COMMAND");
  gboolean first = TRUE;
  for (guint n = 0; n < list->len; n++)
    {
      InstanceInfo *i = &g_array_index (list, InstanceInfo, n);
      if (!i->running)
        continue;
      if (!json)
        {
          g_autofree char *command = sbox_error_one_line (i->command ? i->command : "");
          g_string_append_printf (out, "%-10s %-16s %-8d %-14s %s\n", i->id, i->name, i->child,
                                  i->profile ? i->profile : "", command);
          continue;
        }
      g_string_append (out, first ? "{\"id\": " : ", {\"id\": ");
      first = FALSE;
      sbox_json_append_string (out, i->id);
      g_string_append (out, ", \"name\": ");
      sbox_json_append_string (out, i->name);
      g_string_append_printf (out,
                              ", \"pid\": %d, \"launcher-pid\": %d, \"started\": %" G_GINT64_FORMAT
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
}

/* launcher is a process of this user namespace (no sandbox can start
 * one there) and child's parent. */
static gboolean
is_launcher_of (pid_t launcher, pid_t child)
{
  return launcher > 0 && child > 0 && sbox_ns_pid_shares (launcher, "user")
         && stat_field (child, 4) == (guint64) launcher;
}

GKeyFile *
sbox_instance_open_enter_data (const SboxInstanceRef *ref, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd/%d", (int) ref->launcher, ref->enter_fd);
  g_autofree char *target = g_file_read_link (path, NULL);
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || target == NULL || !g_str_has_prefix (target, "/memfd:" ENTER_MEMFD_NAME " ")
      || (fcntl (fd, F_GET_SEALS) & ENTER_SEALS) != ENTER_SEALS)
    {
      if (fd >= 0)
        close (fd);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "sandbox %s: its launcher holds no sealed data for --enter", ref->id);
      return NULL;
    }
  /* Read from the fd that was checked, not from the path again. */
  g_autoptr (GMappedFile) data = g_mapped_file_new_from_fd (fd, FALSE, NULL);
  close (fd);
  GKeyFile *kf = g_key_file_new ();
  g_autofree char *id = NULL;
  if (data == NULL
      || !g_key_file_load_from_data (kf, g_mapped_file_get_contents (data),
                                     g_mapped_file_get_length (data), G_KEY_FILE_NONE, NULL)
      || (id = g_key_file_get_string (kf, "Enter", "id", NULL)) == NULL
      || !g_str_equal (id, ref->id))
    {
      g_key_file_unref (kf);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "sandbox %s: the launcher's data for --enter is not this sandbox's", ref->id);
      return NULL;
    }
  return kf;
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
      if (!i->running)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "sandbox %s is still starting (sbox --list shows it once it runs)", which);
          return FALSE;
        }
      /* The info file only says where to look; the processes themselves
       * must agree: the launcher is outside every sandbox (in this
       * process's user namespace) and the child is its child. Checked once
       * the pidfd is held, so the pid checked is the one signalled. */
      out->pidfd = (int) syscall (SYS_pidfd_open, i->child, 0);
      if (out->pidfd < 0)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s has just ended", which);
          return FALSE;
        }
      if (!is_launcher_of (i->launcher, i->child))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                       "sandbox %s: its info file does not match its processes", which);
          return FALSE;
        }
      out->child = i->child;
      out->launcher = i->launcher;
      out->enter_fd = i->enter_fd;
      out->id = g_strdup (i->id);
      return TRUE;
    }
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "no running sandbox named %s (see sbox --list)",
               which);
  return FALSE;
}

void
sbox_instance_ref_clear (SboxInstanceRef *ref)
{
  if (ref->pidfd >= 0)
    close (ref->pidfd);
  ref->pidfd = -1;
  g_clear_pointer (&ref->id, g_free);
}

gboolean
sbox_instance_kill (const char *const *envp, const char *which, int signal_number, GError **error)
{
  g_auto (SboxInstanceRef) target = { .pidfd = -1 };
  if (!sbox_instance_find (envp, which, &target, error))
    return FALSE;
  if (syscall (SYS_pidfd_send_signal, target.pidfd, signal_number, NULL, 0) != 0)
    return sbox_error_set_errno (error, errno, "cannot signal sandbox %s", which);
  return TRUE;
}
