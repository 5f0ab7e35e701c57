/* status.c — what CI systems and launchers read: when the command started
 * (its pid), how it ended (exit code or signal, timeout) and what it cost
 * (wall and CPU time, peak memory), one JSON object per line. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "status.h"

/* 0, or the errno of a failed write (EIO for a write of nothing). */
static int
write_line (int fd, GString *line)
{
  g_string_append_c (line, '\n');
  const char *p = line->str;
  gsize left = line->len;
  while (left > 0)
    {
      ssize_t n = write (fd, p, left);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return n < 0 ? errno : EIO;
      p += n;
      left -= (gsize) n;
    }
  return 0;
}

/* bubblewrap's shapes (bwrap(1)): the child's pid and the inode of each
 * namespace it unshared, pretty on --info-fd (then closed: Flatpak reads
 * it to EOF) and on one line on --json-status-fd, then {"exit-code": N}. */
static gboolean bwrap_shape;

static gboolean
bwrap_info (const SboxPlan *plan, const SboxNsHeld *held, pid_t child, GError **error)
{
  static const char *const kinds[] = { "cgroup", "ipc", "mnt", "net", "pid", "uts" };
  g_autoptr (GString) pretty = g_string_new (NULL);
  g_autoptr (GString) line = g_string_new (NULL);
  g_string_append_printf (pretty, "{\n    \"child-pid\": %d", (int) child);
  g_string_append_printf (line, "{ \"child-pid\": %d", (int) child);
  for (gsize k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (int i = 0; i < SBOX_NS_KINDS; i++)
      {
        struct stat st;
        if (g_str_equal (sbox_ns_kind_name (i), kinds[k]) && held->fds[i] >= 0
            && fstat (held->fds[i], &st) == 0)
          {
            g_string_append_printf (pretty, ",\n    \"%s-namespace\": %lu", kinds[k],
                                    (unsigned long) st.st_ino);
            g_string_append_printf (line, ", \"%s-namespace\": %lu", kinds[k],
                                    (unsigned long) st.st_ino);
          }
      }
  g_string_append (pretty, "\n}");
  g_string_append (line, " }");
  /* A caller waiting on these would wait forever: bwrap gives up instead. */
  int failed = 0;
  if (plan->run.info_fd >= 0)
    {
      failed = write_line (plan->run.info_fd, pretty);
      close (plan->run.info_fd);
      if (failed)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "Write to info_fd: %s",
                       g_strerror (failed));
          return FALSE;
        }
    }
  if (plan->run.json_status_fd >= 0 && (failed = write_line (plan->run.json_status_fd, line)))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "Write to json_status_fd: %s",
                   g_strerror (failed));
      return FALSE;
    }
  return TRUE;
}

void
sbox_status_started (const SboxPlan *plan, int fd, pid_t child)
{
  bwrap_shape = plan->run.bwrap_json;
  if (fd < 0 || bwrap_shape)
    return;
  g_autoptr (GString) line = g_string_new (NULL);
  g_string_append_printf (line, "{\"child-pid\": %d, \"instance-id\": ", (int) child);
  sbox_json_append_string (line, plan->instance.id ? plan->instance.id : "");
  g_string_append (line, ", \"mode\": ");
  sbox_json_append_string (line, plan->sandbox.mode);
  g_string_append_c (line, '}');
  write_line (fd, line);
}

gboolean
sbox_status_info (const SboxPlan *plan, int fd, const SboxNsHeld *held, pid_t child, GError **error)
{
  if (plan->run.bwrap_json)
    return bwrap_info (plan, held, child, error);
  if (fd < 0)
    return TRUE;
  g_autoptr (GString) line = g_string_new (NULL);
  g_string_append_printf (line, "{\"child-pid\": %d, \"instance-id\": ", (int) child);
  sbox_json_append_string (line, plan->instance.id ? plan->instance.id : "");
  g_string_append (line, ", \"profile\": ");
  if (plan->profile_name)
    sbox_json_append_string (line, plan->profile_name);
  else
    g_string_append (line, "null");
  g_string_append (line, ", \"mode\": ");
  sbox_json_append_string (line, plan->sandbox.mode);
  /* Inode numbers of the namespaces the sandbox has of its own, as
   * bubblewrap's --info-fd gives them. */
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    {
      struct stat st;
      if (held->fds[i] >= 0 && fstat (held->fds[i], &st) == 0)
        g_string_append_printf (line, ", \"%s-namespace\": %lu", sbox_ns_kind_name (i),
                                (unsigned long) st.st_ino);
    }
  g_string_append_c (line, '}');
  write_line (fd, line);
  return TRUE;
}

void
sbox_status_ended (int fd, gboolean signalled, int value, gboolean timed_out, gint64 wall_us,
                   const struct rusage *usage)
{
  if (fd < 0)
    return;
  g_autoptr (GString) line = g_string_new (NULL);
  if (bwrap_shape)
    {
      g_string_append_printf (line, "{ \"exit-code\": %d }",
                              signalled ? SBOX_EXIT_SIGNAL_BASE + value : value);
      write_line (fd, line);
      close (fd);
      return;
    }
  g_string_append_printf (line, "{\"%s\": %d", signalled ? "signal" : "exit-code", value);
  if (timed_out)
    g_string_append (line, ", \"timed-out\": true");
  g_string_append_printf (line,
                          ", \"wall-time-ms\": %" G_GINT64_FORMAT
                          ", \"user-time-ms\": %ld, \"system-time-ms\": %ld, \"max-rss-kb\": %ld}",
                          wall_us / 1000,
                          usage->ru_utime.tv_sec * 1000 + usage->ru_utime.tv_usec / 1000,
                          usage->ru_stime.tv_sec * 1000 + usage->ru_stime.tv_usec / 1000,
                          usage->ru_maxrss);
  write_line (fd, line);
}

void
sbox_status_put_back (int fd, const GPtrArray *paths)
{
  if (fd < 0)
    return;
  g_autoptr (GString) line = g_string_new ("{\"put-back\": [");
  for (guint i = 0; i < paths->len; i++)
    {
      if (i > 0)
        g_string_append (line, ", ");
      sbox_json_append_string (line, g_ptr_array_index (paths, i));
    }
  g_string_append (line, "]}");
  write_line (fd, line);
}
