/* trace-output.c — the summary table and the JSON trace. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "trace-output.h"

static const char *const arch_names[SBOX_TRACE_ARCHES] = { "x86_64", "x86", "x32" };

static const char *
errno_name (int err)
{
  const char *name = err ? strerrorname_np (err) : NULL;
  return name ? name : "?";
}

/* A call the kernel or a filter turned away: ENOSYS from a call that exists
 * (sbox's allowlist answers ENOSYS), or EPERM on every try. */
static gboolean
count_refused (const struct sbox_trace_count *c)
{
  return c->calls > 0 && (c->enosys > 0 || c->eperm == c->calls);
}

typedef struct
{
  char *name;
  const struct sbox_trace_count *count;
} NamedCount;

static int
compare_by_calls (gconstpointer a, gconstpointer b)
{
  const NamedCount *x = a, *y = b;
  if (x->count->calls != y->count->calls)
    return x->count->calls > y->count->calls ? -1 : 1;
  return strcmp (x->name, y->name);
}

static void
named_count_clear (NamedCount *n)
{
  g_free (n->name);
}

/* Every call with a count, most used first. */
static GArray *
used_calls (const SboxTrace *trace)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (NamedCount));
  g_array_set_clear_func (out, (GDestroyNotify) named_count_clear);
  for (int arch = 0; arch < SBOX_TRACE_ARCHES; arch++)
    for (guint nr = 0; nr < SBOX_TRACE_NR_SLOTS; nr++)
      {
        const struct sbox_trace_count *c = &trace->counts[arch][nr];
        if (c->calls == 0)
          continue;
        char *name = sbox_trace_syscall_name (arch, nr);
        if (name == NULL)
          name = g_strdup_printf ("%u", nr);
        if (arch != SBOX_TRACE_ARCH_NATIVE)
          {
            char *qualified = g_strdup_printf ("%s(%s)", name, arch_names[arch]);
            g_free (name);
            name = qualified;
          }
        NamedCount n = { name, c };
        g_array_append_val (out, n);
      }
  g_array_sort (out, compare_by_calls);
  return out;
}

static void
print_items (FILE *out, const char *title, GHashTable *table, guint limit)
{
  if (g_hash_table_size (table) == 0)
    return;
  g_autoptr (GPtrArray) items = sbox_trace_sorted_items (table);
  fprintf (out, "sbox-trace: %s:\n", title);
  for (guint i = 0; i < items->len && i < limit; i++)
    {
      const TraceItem *item = g_ptr_array_index (items, i);
      g_autofree char *what = g_strescape (item->what, NULL);
      fprintf (out, "  %6llu  %-9s %-8s %s\n", (unsigned long long) item->count, item->call,
               item->ok == item->count ? "ok" : errno_name (item->last_errno), what);
    }
  if (items->len > limit)
    fprintf (out, "  (%u more in the JSON trace)\n", items->len - limit);
}

void
sbox_trace_print_summary (const SboxTrace *trace, FILE *out)
{
  g_autoptr (GArray) calls = used_calls (trace);
  guint64 total = 0;
  for (guint i = 0; i < calls->len; i++)
    total += g_array_index (calls, NamedCount, i).count->calls;
  fprintf (out,
           "sbox-trace: %llu system calls of %u kinds, %u paths, %u programs; "
           "%llu events lost, %llu tasks not followed\n",
           (unsigned long long) total, calls->len, g_hash_table_size (trace->paths),
           g_hash_table_size (trace->execs), (unsigned long long) trace->lost_events,
           (unsigned long long) trace->lost_tasks);

  gboolean header = FALSE;
  for (guint i = 0; i < calls->len; i++)
    {
      const NamedCount *n = &g_array_index (calls, NamedCount, i);
      if (!count_refused (n->count))
        continue;
      if (!header)
        fprintf (out, "sbox-trace: system calls refused (ENOSYS, or EPERM every time):\n");
      header = TRUE;
      fprintf (out, "  %6llu  %-24s %s\n", (unsigned long long) n->count->calls, n->name,
               n->count->enosys ? "ENOSYS" : "EPERM");
    }

  g_autoptr (GPtrArray) paths = sbox_trace_sorted_paths (trace);
  guint shown = 0, refused = 0;
  for (guint i = 0; i < paths->len; i++)
    {
      const TracePath *p = g_ptr_array_index (paths, i);
      if (p->refused == 0)
        continue;
      refused++;
      if (shown >= 15)
        continue;
      if (shown++ == 0)
        fprintf (out, "sbox-trace: paths refused (EACCES or EPERM), most tried first:\n");
      g_autofree char *path = g_strescape (p->path, NULL);
      fprintf (out, "  %6llu  %-9s %-8s %s\n", (unsigned long long) p->refused, p->call,
               errno_name (p->refused_errno), path);
    }
  if (refused > shown)
    fprintf (out, "  (%u more in the JSON trace)\n", refused - shown);

  print_items (out, "addresses (connect, bind, sendto)", trace->sockets, 15);
  print_items (out, "signals sent", trace->signals, 10);
  print_items (out, "namespace and mount calls", trace->ns, 10);
  print_items (out, "refused by Landlock (its audit records)", trace->landlock, 15);
  if (trace->landlock_note)
    fprintf (out, "sbox-trace: Landlock's records: %s\n", trace->landlock_note);

  if (calls->len > 0)
    {
      fprintf (out, "sbox-trace: most used system calls:");
      for (guint i = 0; i < calls->len && i < 12; i++)
        {
          const NamedCount *n = &g_array_index (calls, NamedCount, i);
          fprintf (out, "%s %s %llu", i ? "," : "", n->name, (unsigned long long) n->count->calls);
        }
      fprintf (out, "\n");
    }
  if (trace->not_kept > 0)
    fprintf (out,
             "sbox-trace: %llu events named more distinct paths or addresses than sbox-trace "
             "keeps: left out of the lists (counted in not_kept)\n",
             (unsigned long long) trace->not_kept);
  if (trace->lost_events > 0)
    fprintf (out,
             "sbox-trace: %llu events were lost (the ring buffer was full): the path, address "
             "and signal lists are incomplete; the call counts are not\n",
             (unsigned long long) trace->lost_events);
}

/* ---- JSON ---- */

static void
json_string (GString *out, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_string_append_c (out, '"');
  for (const char *c = valid; *c; c++)
    {
      guchar ch = (guchar) *c;
      if (ch == '"' || ch == '\\')
        g_string_append_printf (out, "\\%c", ch);
      else if (ch < 0x20 || ch == 0x7f)
        g_string_append_printf (out, "\\u%04x", ch);
      else
        g_string_append_c (out, (char) ch);
    }
  g_string_append_c (out, '"');
}

static void
json_errno (GString *out, int err, gboolean any)
{
  if (any)
    json_string (out, errno_name (err));
  else
    g_string_append (out, "null");
}

static void
json_items (GString *out, const char *key, GHashTable *table)
{
  g_autoptr (GPtrArray) items = sbox_trace_sorted_items (table);
  g_string_append_printf (out, ",\n  \"%s\": [", key);
  for (guint i = 0; i < items->len; i++)
    {
      const TraceItem *item = g_ptr_array_index (items, i);
      g_string_append_printf (out, "%s\n    {\"call\": ", i ? "," : "");
      json_string (out, item->call);
      g_string_append (out, ", \"what\": ");
      json_string (out, item->what);
      g_string_append_printf (out, ", \"count\": %llu, \"ok\": %llu, \"last_error\": ",
                              (unsigned long long) item->count, (unsigned long long) item->ok);
      json_errno (out, item->last_errno, item->ok < item->count);
      if (item->port >= 0)
        g_string_append_printf (out, ", \"port\": %d, \"loopback\": %s", item->port,
                                item->loopback ? "true" : "false");
      g_string_append (out, "}");
    }
  g_string_append (out, items->len ? "\n  ]" : "]");
}

gboolean
sbox_trace_write_json (const SboxTrace *trace, const char *path, GError **error)
{
  g_autoptr (GString) out = g_string_new ("{\n  \"command\": [");
  for (guint i = 0; i < trace->argv->len; i++)
    {
      if (i)
        g_string_append (out, ", ");
      json_string (out, g_ptr_array_index (trace->argv, i));
    }
  g_string_append (out, "],\n  \"exit_status\": ");
  if (trace->exit_status >= 0)
    g_string_append_printf (out, "%d", trace->exit_status);
  else
    g_string_append (out, "null");
  gboolean loopback_only = FALSE;
  gboolean network = sbox_trace_used_network (trace, &loopback_only);
  g_string_append_printf (out,
                          ",\n  \"events\": %llu,\n  \"lost_events\": %llu,\n"
                          "  \"lost_tasks\": %llu,\n  \"not_kept\": %llu,\n  \"network\": "
                          "\"%s\",\n  \"syscalls\": [",
                          (unsigned long long) trace->events,
                          (unsigned long long) trace->lost_events,
                          (unsigned long long) trace->lost_tasks,
                          (unsigned long long) trace->not_kept,
                          network         ? "network"
                          : loopback_only ? "loopback"
                                          : "none");
  gboolean first = TRUE;
  for (int arch = 0; arch < SBOX_TRACE_ARCHES; arch++)
    for (guint nr = 0; nr < SBOX_TRACE_NR_SLOTS; nr++)
      {
        const struct sbox_trace_count *c = &trace->counts[arch][nr];
        if (c->calls == 0)
          continue;
        g_autofree char *name = sbox_trace_syscall_name (arch, nr);
        g_string_append_printf (out, "%s\n    {\"name\": ", first ? "" : ",");
        first = FALSE;
        if (name)
          json_string (out, name);
        else
          g_string_append (out, "null");
        g_string_append_printf (out,
                                ", \"arch\": \"%s\", \"nr\": %u, \"calls\": %llu, \"errors\": "
                                "%llu, \"eperm\": %llu, \"eacces\": %llu, \"enosys\": %llu, "
                                "\"refused\": %s}",
                                arch_names[arch], nr, (unsigned long long) c->calls,
                                (unsigned long long) c->errors, (unsigned long long) c->eperm,
                                (unsigned long long) c->eacces, (unsigned long long) c->enosys,
                                count_refused (c) ? "true" : "false");
      }
  g_string_append (out, first ? "],\n  \"paths\": [" : "\n  ],\n  \"paths\": [");
  g_autoptr (GPtrArray) paths = sbox_trace_sorted_paths (trace);
  for (guint i = 0; i < paths->len; i++)
    {
      const TracePath *p = g_ptr_array_index (paths, i);
      g_string_append_printf (out, "%s\n    {\"path\": ", i ? "," : "");
      json_string (out, p->path);
      g_string_append (out, ", \"call\": ");
      json_string (out, p->call);
      g_string_append_printf (out,
                              ", \"resolved\": %s, \"relative\": %s, \"write\": %s, \"count\": "
                              "%llu, \"ok\": %llu, \"refused\": %llu, \"missing\": %llu, "
                              "\"last_error\": ",
                              p->resolved ? "true" : "false", p->relative ? "true" : "false",
                              p->write ? "true" : "false", (unsigned long long) p->count,
                              (unsigned long long) p->ok, (unsigned long long) p->refused,
                              (unsigned long long) p->missing);
      json_errno (out, p->last_errno, p->ok < p->count);
      g_string_append (out, "}");
    }
  g_string_append (out, paths->len ? "\n  ],\n  \"programs\": [" : "],\n  \"programs\": [");
  g_autoptr (GPtrArray) programs = sbox_trace_sorted_keys (trace->execs);
  for (guint i = 0; i < programs->len; i++)
    {
      const char *program = g_ptr_array_index (programs, i);
      g_string_append_printf (out, "%s\n    {\"path\": ", i ? "," : "");
      json_string (out, program);
      g_string_append_printf (out, ", \"count\": %u}",
                              GPOINTER_TO_UINT (g_hash_table_lookup (trace->execs, program)));
    }
  g_string_append (out, programs->len ? "\n  ]" : "]");
  json_items (out, "sockets", trace->sockets);
  json_items (out, "signals", trace->signals);
  json_items (out, "namespaces", trace->ns);
  json_items (out, "landlock", trace->landlock);
  g_string_append (out, ",\n  \"landlock_records\": ");
  if (trace->landlock_note)
    json_string (out, trace->landlock_note);
  else
    g_string_append (out, "\"read\"");
  g_string_append (out, "\n}\n");
  if (!g_file_set_contents (path, out->str, (gssize) out->len, error))
    {
      g_prefix_error (error, "--json: ");
      return FALSE;
    }
  return TRUE;
}
