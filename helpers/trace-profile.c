/* trace-profile.c — a traced run as a profile: the fragment sbox-trace
 * writes (the same shape as --learn's, so one review serves both) and the
 * comparison of a profile with what the run did (--diff). */
#include "config.h"

#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "compose.h"
#include "learn.h"
#include "seccomp.h"
#include "trace-output.h"

/* The fragment's allowlist also needs the call that starts the command:
 * the filter is in place before it, and the trace may begin after it. */
static const char *const always_needed[] = { "execve", NULL };

/* Calls answered ENOSYS every time were refused by the filter the run had
 * (or are missing from this kernel), and the program did without them;
 * the strict allowlist answers unlisted calls ENOSYS too, so listing them
 * would only widen it (clone3 is the usual one: libc falls back to clone). */
static gboolean
refused_every_time (const SboxTrace *trace, const char *name)
{
  int nr = seccomp_syscall_resolve_name (name);
  if (nr < 0 || nr >= SBOX_TRACE_NR_SLOTS)
    return FALSE;
  const struct sbox_trace_count *c = &trace->counts[SBOX_TRACE_ARCH_NATIVE][nr];
  return c->calls > 0 && c->enosys == c->calls;
}

static GPtrArray *
allowlist (const SboxTrace *trace, GPtrArray *left_out)
{
  g_autoptr (GPtrArray) seen_names = sbox_trace_syscall_names (trace);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < seen_names->len; i++)
    {
      const char *name = g_ptr_array_index (seen_names, i);
      g_ptr_array_add (refused_every_time (trace, name) ? left_out : names, g_strdup (name));
    }
  for (const char *const *n = always_needed; *n; n++)
    {
      gboolean seen = FALSE;
      for (guint i = 0; i < names->len && !seen; i++)
        seen = g_str_equal (g_ptr_array_index (names, i), *n);
      if (!seen)
        g_ptr_array_add (names, g_strdup (*n));
    }
  return names;
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static gboolean
under_system_trees (const char *path)
{
  return g_str_has_prefix (path, "/proc/") || g_str_has_prefix (path, "/sys/")
         || g_str_has_prefix (path, "/dev/") || g_str_equal (path, "/proc")
         || g_str_equal (path, "/sys") || g_str_equal (path, "/dev");
}

/* A path the run needed: refused, or looked for in vain while the host
 * has it (the sandbox's view left it out). */
static gboolean
path_needed (const TracePath *p)
{
  if (p->relative || under_system_trees (p->path))
    return FALSE;
  if (p->refused > 0)
    return TRUE;
  struct stat st;
  return p->missing > 0 && p->ok == 0 && lstat (p->path, &st) == 0;
}

static char *
profile_path (const char *path, const char *home)
{
  gsize len = home ? strlen (home) : 0;
  if (len > 1 && strncmp (path, home, len) == 0 && path[len] == '/')
    return g_strconcat ("~", path + len, NULL);
  return g_strdup (path);
}

/* The door behind a unix connect that failed, or NULL. */
static const char *
door_refused (const TraceItem *item)
{
  if (item->family != AF_UNIX || item->ok == item->count || !g_str_equal (item->call, "connect")
      || !g_str_has_prefix (item->what, "unix "))
    return NULL;
  const char *address = item->what + strlen ("unix ");
  return sbox_learn_door_of_unix_path (address + (address[0] == '@'));
}

gboolean
sbox_trace_write_fragment (const SboxTrace *trace, const char *path, const char *home,
                           GError **error)
{
  g_autoptr (GPtrArray) calls_left_out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = allowlist (trace, calls_left_out);
  g_autoptr (GString) fragment = g_string_new ("# Written by sbox-trace from:");
  g_autoptr (GString) list = g_string_new (
      "# System calls seen by sbox-trace; for Seccomp=FILE.\n");
  for (guint i = 0; i < trace->argv->len; i++)
    {
      g_autofree char *escaped = g_strescape (g_ptr_array_index (trace->argv, i), NULL);
      g_autofree char *quoted = g_shell_quote (escaped);
      g_string_append_printf (fragment, " %s", quoted);
    }
  g_string_append (fragment, "\n# Review before use: it lists what one traced run did, nothing "
                             "more.\n\n[Sandbox]\n# With Seccomp=strict these extend the "
                             "allowlist; or use\n# Seccomp=");
  /* Seccomp= takes an absolute path only. */
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_string_append_printf (fragment, "%s.syscalls to allow exactly these.\nSeccompAllow=", absolute);
  for (guint i = 0; i < names->len; i++)
    {
      g_string_append_printf (fragment, "%s;", (char *) g_ptr_array_index (names, i));
      g_string_append_printf (list, "%s\n", (char *) g_ptr_array_index (names, i));
    }
  if (calls_left_out->len > 0)
    {
      g_string_append (fragment,
                       "\n# Answered ENOSYS every time and done without, so left out:\n#");
      for (guint i = 0; i < calls_left_out->len; i++)
        g_string_append_printf (fragment, " %s", (char *) g_ptr_array_index (calls_left_out, i));
    }
  gboolean loopback_only = FALSE;
  if (sbox_trace_used_network (trace, &loopback_only))
    g_string_append (fragment, "\n# The run reached addresses off this host (the JSON trace says "
                               "which):\n# isolated gives it a network of its own, host the "
                               "host's.\n#Network=isolated\n");
  else if (loopback_only)
    g_string_append (fragment, "\n# The run used loopback addresses only:\n#Network=loopback\n");
  else
    g_string_append (fragment, "\n# The run used no IP address:\n#Network=none\n");

  g_string_append (fragment, "\n[Context]\n");
  g_autoptr (GHashTable) doors = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, trace->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const char *door = door_refused (value);
      if (door)
        g_hash_table_add (doors, (char *) door);
    }
  if (g_hash_table_size (doors) > 0)
    {
      g_autoptr (GPtrArray) keys = sbox_trace_sorted_keys (doors);
      g_string_append (fragment, "# Doors the run failed to reach; if it failed, one of these "
                                 "may be why:\n#sockets=");
      for (guint i = 0; i < keys->len; i++)
        g_string_append_printf (fragment, "%s%s", i ? ";" : "",
                                (char *) g_ptr_array_index (keys, i));
      g_string_append (fragment, "\n");
    }

  g_string_append (fragment, "# Paths the run was refused, or looked for in vain while the "
                             "host has them.\n# They were not granted.\n");
  g_autoptr (GPtrArray) paths = sbox_trace_sorted_paths (trace);
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func (g_free);
  guint left_out = 0;
  for (guint i = 0; i < paths->len; i++)
    {
      const TracePath *p = g_ptr_array_index (paths, i);
      if (!path_needed (p))
        continue;
      if (!sbox_learn_path_fits_fragment (p->path))
        {
          left_out++;
          continue;
        }
      g_autofree char *entry = profile_path (p->path, home);
      g_ptr_array_add (entries, g_strdup_printf ("%s:%s", entry, p->write ? "rw" : "ro"));
    }
  g_ptr_array_sort (entries, compare_strings);
  if (entries->len > 0)
    {
      g_string_append (fragment, "# To grant some, uncomment this one line and delete the "
                                 "entries the app\n# does not need (entries are separated by "
                                 "';'):\n#filesystems=");
      for (guint i = 0; i < entries->len; i++)
        g_string_append_printf (fragment, "%s;", (char *) g_ptr_array_index (entries, i));
      g_string_append (fragment, "\n");
    }
  else
    g_string_append (fragment, "# (none)\n");
  if (left_out > 0)
    g_string_append_printf (fragment,
                            "# %u more path(s) left out: their names hold control characters or "
                            "profile syntax.\n",
                            left_out);
  if (trace->lost_events > 0)
    g_string_append_printf (fragment,
                            "# %llu events were lost: the paths above may be incomplete.\n",
                            (unsigned long long) trace->lost_events);

  if (!sbox_learn_fragment_is_inert (fragment->str))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "--profile: the fragment would hold a line sbox-trace did not mean to write; "
                   "nothing written to %s",
                   path);
      return FALSE;
    }
  g_autofree char *list_path = g_strconcat (path, ".syscalls", NULL);
  if (!g_file_set_contents (path, fragment->str, (gssize) fragment->len, error)
      || !g_file_set_contents (list_path, list->str, (gssize) list->len, error))
    {
      g_prefix_error (error, "--profile: ");
      return FALSE;
    }
  return TRUE;
}

/* ---- --diff ---- */

static gboolean
path_within (const char *path, const char *dest)
{
  gsize len = strlen (dest);
  if (g_str_equal (dest, "/"))
    return TRUE;
  return strncmp (path, dest, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static gboolean
grant_used (const SboxTrace *trace, const char *dest)
{
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, trace->paths);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const TracePath *p = value;
      if (!p->relative && path_within (p->path, dest))
        return TRUE;
    }
  return FALSE;
}

static gboolean
door_used (const SboxTrace *trace, const char *door)
{
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, trace->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const TraceItem *item = value;
      if (item->family != AF_UNIX || !g_str_has_prefix (item->what, "unix "))
        continue;
      const char *address = item->what + strlen ("unix ");
      const char *reached = sbox_learn_door_of_unix_path (address + (address[0] == '@'));
      if (reached && g_str_equal (reached, door))
        return TRUE;
    }
  return FALSE;
}

static guint64
calls_of (const SboxTrace *trace, const char *name)
{
  for (guint nr = 0; nr < SBOX_TRACE_NR_SLOTS; nr++)
    if (trace->counts[SBOX_TRACE_ARCH_NATIVE][nr].calls > 0)
      {
        g_autofree char *known = sbox_trace_syscall_name (SBOX_TRACE_ARCH_NATIVE, nr);
        if (known && g_str_equal (known, name))
          return trace->counts[SBOX_TRACE_ARCH_NATIVE][nr].calls;
      }
  return 0;
}

gboolean
sbox_trace_print_diff (const SboxTrace *trace, const char *profile, const char *const *envp,
                       FILE *out, GError **error)
{
  g_auto (SboxRequest) request;
  sbox_compose_request_init (&request);
  request.profile = g_strdup (profile);
  request.output = SBOX_OUTPUT_QUIET;
  g_ptr_array_add (request.argv, g_strdup ("/bin/true"));
  g_autoptr (SboxPlan) plan = sbox_compose_plan (&request, envp, error);
  if (plan == NULL)
    {
      g_prefix_error (error, "--diff: ");
      return FALSE;
    }
  const SboxSandbox *sandbox = &plan->sandbox;

  fprintf (out, "Granted by %s and never used by the run:\n", profile);
  guint unused = 0;
  for (guint i = 0; i < sandbox->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (sandbox->fs_ops, i);
      if (op->origin == NULL || op->dest == NULL || grant_used (trace, op->dest))
        continue;
      g_autofree char *dest = g_strescape (op->dest, NULL);
      fprintf (out, "  filesystem %s (%s)\n", dest, op->origin);
      unused++;
    }
  for (guint i = 0; sandbox->sockets && i < sandbox->sockets->len; i++)
    {
      const SboxPlanItem *item = g_ptr_array_index (sandbox->sockets, i);
      if (door_used (trace, item->value))
        continue;
      fprintf (out, "  socket %s (%s)\n", item->value, item->origin ? item->origin : "profile");
      unused++;
    }
  const char *network = sbox_sandbox_network (sandbox);
  gboolean loopback_only = FALSE;
  gboolean reached_out = sbox_trace_used_network (trace, &loopback_only);
  if (!reached_out && !g_str_equal (network, "loopback") && !g_str_equal (network, "none"))
    {
      fprintf (out, "  Network=%s: no address off this host was used%s\n", network,
               loopback_only ? " (loopback only: Network=loopback)" : "");
      unused++;
    }
  g_autoptr (GPtrArray) allowed = sbox_seccomp_allowed_names (sandbox, error);
  if (allowed == NULL)
    {
      g_prefix_error (error, "--diff: ");
      return FALSE;
    }
  g_autoptr (GHashTable) allowed_set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < allowed->len; i++)
    g_hash_table_add (allowed_set, g_ptr_array_index (allowed, i));
  if (g_hash_table_size (allowed_set) > 0)
    {
      g_autoptr (GPtrArray) never = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer key;
      g_hash_table_iter_init (&iter, allowed_set);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (calls_of (trace, key) == 0)
          g_ptr_array_add (never, key);
      g_ptr_array_sort (never, compare_strings);
      if (never->len > 0)
        {
          fprintf (out, "  system calls (%u of the %u the allowlist lets through):", never->len,
                   g_hash_table_size (allowed_set));
          for (guint i = 0; i < never->len; i++)
            fprintf (out, " %s", (char *) g_ptr_array_index (never, i));
          fprintf (out, "\n");
          unused++;
        }
    }
  if (unused == 0)
    fprintf (out, "  (nothing)\n");

  fprintf (out, "Needed by the run and refused:\n");
  guint needed = 0;
  g_autoptr (GPtrArray) paths = sbox_trace_sorted_paths (trace);
  for (guint i = 0; i < paths->len; i++)
    {
      const TracePath *p = g_ptr_array_index (paths, i);
      if (!path_needed (p))
        continue;
      g_autofree char *path = g_strescape (p->path, NULL);
      const char *err = strerrorname_np (p->last_errno);
      fprintf (out, "  path %s (%s, %llu of %llu tries)\n", path, err ? err : "?",
               (unsigned long long) (p->refused + p->missing), (unsigned long long) p->count);
      needed++;
    }
  for (guint nr = 0; nr < SBOX_TRACE_NR_SLOTS; nr++)
    {
      const struct sbox_trace_count *c = &trace->counts[SBOX_TRACE_ARCH_NATIVE][nr];
      if (c->calls == 0 || !(c->enosys > 0 || c->eperm == c->calls))
        continue;
      g_autofree char *name = sbox_trace_syscall_name (SBOX_TRACE_ARCH_NATIVE, nr);
      if (name == NULL)
        continue;
      gboolean listed = g_hash_table_size (allowed_set) == 0
                        || g_hash_table_contains (allowed_set, name);
      if (listed && c->enosys == 0 && g_hash_table_size (allowed_set) > 0)
        continue; /* allowed, and the kernel itself said EPERM */
      fprintf (out, "  system call %s (%s, %llu times)\n", name, c->enosys ? "ENOSYS" : "EPERM",
               (unsigned long long) c->calls);
      needed++;
    }
  if (reached_out && (g_str_equal (network, "loopback") || g_str_equal (network, "none")))
    {
      fprintf (out, "  Network=%s: the run reached for addresses off this host\n", network);
      needed++;
    }
  g_autoptr (GHashTable) doors = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; sandbox->sockets && i < sandbox->sockets->len; i++)
    g_hash_table_add (doors, ((SboxPlanItem *) g_ptr_array_index (sandbox->sockets, i))->value);
  GHashTableIter iter;
  gpointer value;
  g_hash_table_iter_init (&iter, trace->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const TraceItem *item = value;
      const char *door = door_refused (item);
      if (door == NULL || g_hash_table_contains (doors, door))
        continue;
      g_hash_table_add (doors, (char *) door);
      fprintf (out, "  socket %s (connect failed: %s)\n", door,
               strerrorname_np (item->last_errno) ? strerrorname_np (item->last_errno) : "?");
      needed++;
    }
  if (needed == 0)
    fprintf (out, "  (nothing)\n");
  return TRUE;
}
