/* confine-object.c — what a call the confinement mode's supervisors
 * (confine-notify.c: metadata, confine-connect.c: sockets) answer names,
 * seen from the launcher: the caller's /proc/self, the real path of what
 * the launcher opened for it, and whether that lies beneath the grants. A
 * path only reads like a location: it is trusted once walked again
 * without links to the same object on the same mount. */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine-object.h"

char *
sbox_confine_object_real_path (int fd)
{
  char link[64];
  char path[PATH_MAX];
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t len = readlink (link, path, sizeof path);
  if (len <= 0 || len >= (ssize_t) sizeof path || path[0] != '/')
    return NULL;
  return g_strndup (path, (gsize) len);
}

gboolean
sbox_confine_object_is_beneath (const char *path, const char *top)
{
  gsize len = strlen (top);
  if (g_str_equal (top, "/"))
    return TRUE;
  return strncmp (path, top, len) == 0 && (path[len] == '/' || path[len] == '\0');
}

/* path walked from the root without following any link, each step
 * O_PATH: a descriptor, or -1. */
static int
open_without_links (const char *path)
{
  int at = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  for (char **part = parts; at >= 0 && *part; part++)
    {
      if (**part == '\0')
        continue;
      int next = openat (at, *part, O_PATH | O_NOFOLLOW | O_CLOEXEC);
      close (at);
      at = next;
    }
  return at;
}

static gboolean
same_object (int a, int b)
{
  struct statx sa, sb;
  const unsigned int mask = STATX_INO | STATX_MNT_ID;
  if (statx (a, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, mask, &sa) != 0
      || statx (b, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, mask, &sb) != 0)
    return FALSE;
  if ((sa.stx_mask & STATX_MNT_ID) != (sb.stx_mask & STATX_MNT_ID)
      || ((sa.stx_mask & STATX_MNT_ID) && sa.stx_mnt_id != sb.stx_mnt_id))
    return FALSE;
  return sa.stx_ino == sb.stx_ino && sa.stx_dev_major == sb.stx_dev_major
         && sa.stx_dev_minor == sb.stx_dev_minor;
}

/* An unlinked file, or a descriptor reached through another mount
 * namespace's /proc/PID/root, only reads like a path here: hence the walk
 * again. */
gboolean
sbox_confine_object_beneath_any (int fd, const GPtrArray *tops)
{
  g_autofree char *real = sbox_confine_object_real_path (fd);
  if (real == NULL)
    return FALSE;
  gboolean beneath = FALSE;
  for (guint i = 0; i < tops->len && !beneath; i++)
    beneath = sbox_confine_object_is_beneath (real, g_ptr_array_index (tops, i));
  if (!beneath)
    return FALSE;
  int again = open_without_links (real);
  if (again < 0)
    return FALSE;
  gboolean same = same_object (fd, again);
  close (again);
  return same;
}

pid_t
sbox_confine_object_thread_group (pid_t tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) tid);
  g_autofree char *status = NULL;
  const char *line = NULL;
  if (g_file_get_contents (path, &status, NULL, NULL))
    line = strstr (status, "\nTgid:");
  return line ? (pid_t) g_ascii_strtoll (line + 6, NULL, 10) : tid;
}

/* Compared without repeated slashes and "." steps, which lead to the same
 * place; a spelling missed here only resolves among the launcher's own
 * entries, and what it finds is checked like any other path. */
char *
sbox_confine_object_as_caller (pid_t tid, const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GPtrArray) steps = g_ptr_array_new ();
  for (char **part = parts; *part; part++)
    if (**part != '\0' && !g_str_equal (*part, "."))
      g_ptr_array_add (steps, *part);
  if (path[0] != '/' || steps->len < 2 || !g_str_equal (g_ptr_array_index (steps, 0), "proc"))
    return g_strdup (path);
  const char *self = g_ptr_array_index (steps, 1);
  GString *out = g_string_new (NULL);
  pid_t tgid = sbox_confine_object_thread_group (tid);
  if (g_str_equal (self, "self"))
    g_string_printf (out, "/proc/%d", (int) tgid);
  else if (g_str_equal (self, "thread-self"))
    g_string_printf (out, "/proc/%d/task/%d", (int) tgid, (int) tid);
  else
    {
      g_string_free (out, TRUE);
      return g_strdup (path);
    }
  for (guint i = 2; i < steps->len; i++)
    g_string_append_printf (out, "/%s", (const char *) g_ptr_array_index (steps, i));
  if (g_str_has_suffix (path, "/"))
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}
