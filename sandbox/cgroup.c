/* cgroup.c — --memory, --cpus and --pids. They need a cgroup v2 subtree the
 * caller may write (systemd delegates one to user sessions and to
 * `systemd-run --user --scope`); without one sbox falls back to rlimits,
 * which bound each process rather than the sandbox, and says so. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "cgroup.h"
#include "error.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

gboolean
sbox_cgroup_parse_size (const char *text, guint64 *bytes)
{
  char *end = NULL;
  /* strtoull would take "-1" for 2^64-1, and skip leading blanks. */
  if (!g_ascii_isdigit (*text))
    return FALSE;
  guint64 value = g_ascii_strtoull (text, &end, 10);
  guint64 unit = 1;
  switch (g_ascii_toupper (*end))
    {
    case 'K':
      unit = 1ULL << 10;
      end++;
      break;
    case 'M':
      unit = 1ULL << 20;
      end++;
      break;
    case 'G':
      unit = 1ULL << 30;
      end++;
      break;
    case '\0':
      break;
    default:
      return FALSE;
    }
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end != '\0' || value == 0 || value > G_MAXUINT64 / unit)
    return FALSE;
  *bytes = value * unit;
  return TRUE;
}

static gboolean
wants_limits (const SboxLimits *limits)
{
  return limits->memory_max || limits->pids_max || limits->cpus > 0;
}

/* The caller's own cgroup v2 directory, when it is one we may write. */
static char *
own_cgroup (void)
{
  struct statfs fs;
  if (statfs ("/sys/fs/cgroup", &fs) != 0 || fs.f_type != CGROUP2_SUPER_MAGIC)
    return NULL;
  g_autofree char *contents = NULL;
  if (!g_file_get_contents ("/proc/self/cgroup", &contents, NULL, NULL))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  for (char **l = lines; *l; l++)
    if (g_str_has_prefix (*l, "0::"))
      {
        g_autofree char *dir = g_build_filename ("/sys/fs/cgroup", *l + 3, NULL);
        if (access (dir, W_OK) == 0)
          return g_steal_pointer (&dir);
      }
  return NULL;
}

static gboolean
has_controllers (const char *dir, const SboxLimits *limits)
{
  g_autofree char *path = g_build_filename (dir, "cgroup.controllers", NULL);
  g_autofree char *controllers = NULL;
  if (!g_file_get_contents (path, &controllers, NULL, NULL))
    return FALSE;
  g_auto (GStrv) names = g_strsplit_set (g_strstrip (controllers), " ", -1);
  return (!limits->memory_max || g_strv_contains ((const char *const *) names, "memory"))
         && (!limits->pids_max || g_strv_contains ((const char *const *) names, "pids"))
         && (limits->cpus <= 0 || g_strv_contains ((const char *const *) names, "cpu"));
}

gboolean
sbox_cgroup_prepare (const SboxLimits *limits, gboolean quiet, GArray *rlimits)
{
  if (!wants_limits (limits))
    return FALSE;
  g_autofree char *dir = own_cgroup ();
  if (dir && has_controllers (dir, limits))
    return TRUE;
  if (!quiet)
    {
      g_autoptr (GPtrArray) what = g_ptr_array_new ();
      if (limits->memory_max)
        g_ptr_array_add (what, "--memory falls back to RLIMIT_AS per process");
      if (limits->pids_max)
        g_ptr_array_add (what, "--pids falls back to RLIMIT_NPROC");
      if (limits->cpus > 0)
        g_ptr_array_add (what, "--cpus is not enforced");
      g_ptr_array_add (what, NULL);
      g_autofree char *joined = g_strjoinv ("; ", (char **) what->pdata);
      fprintf (stderr,
               "sbox: warning: no delegated cgroup v2 with the memory, pids and cpu controllers "
               "here (start sbox under `systemd-run --user --scope` for one): %s\n",
               joined);
    }
  if (limits->memory_max)
    {
      SboxRlimit limit = { RLIMIT_AS, limits->memory_max, limits->memory_max };
      g_array_append_val (rlimits, limit);
    }
  if (limits->pids_max)
    {
      SboxRlimit limit = { RLIMIT_NPROC, limits->pids_max, limits->pids_max };
      g_array_append_val (rlimits, limit);
    }
  return FALSE;
}

static gboolean
write_value (const char *dir, const char *file, const char *value, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  if (!g_file_set_contents_full (path, value, -1, G_FILE_SET_CONTENTS_NONE, 0644, error))
    {
      g_prefix_error (error, "cgroup: ");
      return FALSE;
    }
  return TRUE;
}

gboolean
sbox_cgroup_enter (const SboxLimits *limits, const char *instance_id, pid_t child, char **created,
                   GError **error)
{
  *created = NULL;
  g_autofree char *parent = own_cgroup ();
  if (parent == NULL)
    return TRUE;
  g_autofree char *name = g_strdup_printf ("sbox-%s", instance_id);
  g_autofree char *dir = g_build_filename (parent, name, NULL);
  if (mkdir (dir, 0755) != 0)
    return sbox_error_set_errno (error, errno, "cannot create cgroup %s", dir);
  *created = g_strdup (dir);
  g_autofree char *mem = g_strdup_printf ("%" G_GUINT64_FORMAT, limits->memory_max);
  g_autofree char *pids = g_strdup_printf ("%u", limits->pids_max);
  g_autofree char *cpu = g_strdup_printf ("%u 100000", (guint) (limits->cpus * 100000));
  if (limits->memory_max)
    {
      /* Without swap accounting the file is absent: the limit still holds. */
      g_autofree char *swap = g_build_filename (dir, "memory.swap.max", NULL);
      g_file_set_contents (swap, "0", -1, NULL);
    }
  return (!limits->memory_max || write_value (dir, "memory.max", mem, error))
         && (!limits->pids_max || write_value (dir, "pids.max", pids, error))
         && (limits->cpus <= 0 || write_value (dir, "cpu.max", cpu, error))
         && sbox_cgroup_join (dir, child, error);
}

gboolean
sbox_cgroup_join (const char *dir, pid_t pid, GError **error)
{
  g_autofree char *procs = g_build_filename (dir, "cgroup.procs", NULL);
  g_autofree char *text = g_strdup_printf ("%d", (int) pid);
  int fd = open (procs, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write (fd, text, strlen (text)) < 0)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      return sbox_error_set_errno (error, errsv, "cannot enter cgroup %s", dir);
    }
  close (fd);
  return TRUE;
}

void
sbox_cgroup_remove (const char *created)
{
  if (created)
    rmdir (created);
}

char *
sbox_cgroup_delegated (void)
{
  return own_cgroup ();
}
