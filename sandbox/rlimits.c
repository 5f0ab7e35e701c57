/* rlimits.c — rlimits: names, parsing, and setrlimit in the child. Set after
 * the new user namespace exists so that RLIMIT_NPROC counts only the
 * sandbox's own processes. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "error.h"
#include "rlimits.h"

/* The least value of each limit under which a command can start at all,
 * measured here with a dynamically linked /bin/true: below 4 descriptors
 * the loader cannot open libc (0-2 are stdio); below about 2.4 MiB of
 * address space it cannot map it, and below about 0.4 MiB sbox's own init
 * faults (SIGSEGV); `sh -c ls` needs about 3.5 MiB, hence 4 MiB. A CPU
 * limit of 0 kills at once. 0 means no floor. */
static const struct
{
  int resource;
  const char *name;
  gboolean bytes;
  guint64 minimum;
} rlimit_table[] = {
  { RLIMIT_AS, "as", TRUE, SBOX_LIMITS_MIN_MEMORY },
  { RLIMIT_CORE, "core", TRUE, 0 },
  { RLIMIT_CPU, "cpu", FALSE, 1 },
  { RLIMIT_FSIZE, "fsize", TRUE, 0 },
  { RLIMIT_MEMLOCK, "memlock", TRUE, 0 },
  { RLIMIT_NOFILE, "nofile", FALSE, 4 },
  { RLIMIT_NPROC, "nproc", FALSE, 1 },
};

const char *
sbox_limits_rlimit_name (int resource)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rlimit_table); i++)
    if (rlimit_table[i].resource == resource)
      return rlimit_table[i].name;
  return "unknown";
}

/* A number, "unlimited", or for sizes a number with K, M or G. */
static gboolean
parse_limit_value (const char *text, gboolean bytes, guint64 *value)
{
  if (g_str_equal (text, "unlimited") || g_str_equal (text, "infinity"))
    {
      *value = RLIM_INFINITY;
      return TRUE;
    }
  char *end = NULL;
  if (!g_ascii_isdigit (*text))
    return FALSE;
  guint64 n = g_ascii_strtoull (text, &end, 10);
  guint64 unit = 1;
  if (bytes && *end)
    {
      switch (g_ascii_toupper (*end))
        {
        case 'K':
          unit = 1ULL << 10;
          break;
        case 'M':
          unit = 1ULL << 20;
          break;
        case 'G':
          unit = 1ULL << 30;
          break;
        default:
          return FALSE;
        }
      end++;
    }
  if (*end != '\0' || n > (G_MAXUINT64 - 1) / unit)
    return FALSE;
  *value = n * unit;
  return TRUE;
}

gboolean
sbox_limits_add_rlimit (SboxPlan *plan, const char *spec, GError **error)
{
  const char *eq = strchr (spec, '=');
  g_autofree char *name = eq ? g_strndup (spec, (gsize) (eq - spec)) : g_strdup (spec);
  gssize found = -1;
  for (gsize i = 0; i < G_N_ELEMENTS (rlimit_table); i++)
    if (g_str_equal (rlimit_table[i].name, name))
      found = (gssize) i;
  if (found < 0 || eq == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "bad rlimit '%s': expected RES=VALUE with RES one of as, core, cpu, fsize, "
                   "memlock, nofile, nproc",
                   spec);
      return FALSE;
    }
  gboolean bytes = rlimit_table[found].bytes;
  g_auto (GStrv) parts = g_strsplit (eq + 1, ":", 2);
  SboxRlimit limit = { .resource = rlimit_table[found].resource };
  /* "nofile=" splits into no parts at all. */
  if (parts[0] == NULL || !parse_limit_value (parts[0], bytes, &limit.soft)
      || !parse_limit_value (parts[1] ? parts[1] : parts[0], bytes, &limit.hard))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "bad rlimit value in '%s': expected %s, 'unlimited' or SOFT:HARD", spec,
                   bytes ? "a size (bytes, or with K, M or G)" : "a number");
      return FALSE;
    }
  if (limit.soft > limit.hard)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "rlimit '%s': the soft limit %s is above the hard limit %s", spec, parts[0],
                   parts[1]);
      return FALSE;
    }
  guint64 minimum = rlimit_table[found].minimum;
  if (limit.soft < minimum)
    {
      g_autofree char *least = bytes ? g_strdup_printf ("%" G_GUINT64_FORMAT "M", minimum >> 20)
                                     : g_strdup_printf ("%" G_GUINT64_FORMAT, minimum);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "rlimit '%s': too small for a command to start (the least is %s=%s)", spec, name,
                   least);
      return FALSE;
    }
  g_array_append_val (plan->sandbox.limits.rlimits, limit);
  return TRUE;
}

int
sbox_limits_apply (const GArray *rlimits, int *failed_resource)
{
  for (guint i = 0; i < rlimits->len; i++)
    {
      const SboxRlimit *r = &g_array_index (rlimits, SboxRlimit, i);
      struct rlimit rl = { .rlim_cur = r->soft, .rlim_max = r->hard };
      if (setrlimit (r->resource, &rl) != 0)
        {
          *failed_resource = r->resource;
          return -1;
        }
    }
  return 0;
}
