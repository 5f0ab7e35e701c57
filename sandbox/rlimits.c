/* rlimits.c — rlimits: names, parsing, and setrlimit in the child. Set after
 * the new user namespace exists so that RLIMIT_NPROC counts only the
 * sandbox's own processes. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "error.h"
#include "rlimits.h"

static const struct
{
  int resource;
  const char *name;
} rlimit_table[] = {
  { RLIMIT_AS, "as" },           { RLIMIT_CORE, "core" },     { RLIMIT_CPU, "cpu" },
  { RLIMIT_FSIZE, "fsize" },     { RLIMIT_MEMLOCK, "memlock" }, { RLIMIT_NOFILE, "nofile" },
  { RLIMIT_NPROC, "nproc" },
};

const char *
sbox_limits_rlimit_name (int resource)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rlimit_table); i++)
    if (rlimit_table[i].resource == resource)
      return rlimit_table[i].name;
  return "unknown";
}

static gboolean
parse_limit_value (const char *text, guint64 *value)
{
  if (g_str_equal (text, "unlimited") || g_str_equal (text, "infinity"))
    {
      *value = RLIM_INFINITY;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64 - 1, value, NULL);
}

gboolean
sbox_limits_add_rlimit (SboxPlan *plan, const char *spec, GError **error)
{
  const char *eq = strchr (spec, '=');
  g_autofree char *name = eq ? g_strndup (spec, (gsize) (eq - spec)) : g_strdup (spec);
  int resource = -1;
  for (gsize i = 0; i < G_N_ELEMENTS (rlimit_table); i++)
    if (g_str_equal (rlimit_table[i].name, name))
      resource = rlimit_table[i].resource;
  if (resource < 0 || eq == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "bad rlimit '%s': expected RES=VALUE with RES one of as, core, cpu, fsize, "
                   "memlock, nofile, nproc",
                   spec);
      return FALSE;
    }
  g_auto (GStrv) parts = g_strsplit (eq + 1, ":", 2);
  SboxRlimit limit = { .resource = resource };
  if (!parse_limit_value (parts[0], &limit.soft)
      || !parse_limit_value (parts[1] ? parts[1] : parts[0], &limit.hard) || limit.soft > limit.hard)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "bad rlimit value in '%s': expected a number, 'unlimited' or SOFT:HARD", spec);
      return FALSE;
    }
  g_array_append_val (plan->rlimits, limit);
  return TRUE;
}

int
sbox_limits_apply (const SboxPlan *plan, int *failed_resource)
{
  for (guint i = 0; i < plan->rlimits->len; i++)
    {
      const SboxRlimit *r = &g_array_index (plan->rlimits, SboxRlimit, i);
      struct rlimit rl = { .rlim_cur = r->soft, .rlim_max = r->hard };
      if (setrlimit (r->resource, &rl) != 0)
        {
          *failed_resource = r->resource;
          return -1;
        }
    }
  return 0;
}
