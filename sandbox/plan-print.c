/* plan-print.c — the plan checked before anything is created
 * (sbox_plan_validate) and shown by --print-plan as text or JSON. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "paths.h"
#include "plan-print.h"
#include "rlimits.h"
#include "seccomp.h"

static const struct
{
  SboxNamespaces ns;
  const char *name;
} ns_names[] = {
  { SBOX_NS_USER, "user" },     { SBOX_NS_MOUNT, "mount" }, { SBOX_NS_PID, "pid" },
  { SBOX_NS_IPC, "ipc" },       { SBOX_NS_UTS, "uts" },     { SBOX_NS_CGROUP, "cgroup" },
  { SBOX_NS_NET, "net" },
};

static gboolean
op_has_host_source (const SboxFsOp *op)
{
  return op->kind == SBOX_FS_BIND || op->kind == SBOX_FS_RO_BIND || op->kind == SBOX_FS_DEV_BIND;
}

gboolean
sbox_plan_validate (SboxPlan *plan, GError **error)
{
  if (plan->argv->len == 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "no command given (see sbox --help)");
      return FALSE;
    }
  for (guint i = 0; i < plan->fs_ops->len; i++)
    {
      SboxFsOp *op = g_ptr_array_index (plan->fs_ops, i);
      if (!sbox_paths_is_clean_absolute (op->dest))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                       "%s destination %s must be an absolute path without '..'",
                       sbox_plan_fs_kind_name (op->kind), op->dest);
          return FALSE;
        }
      if (g_str_equal (op->dest, "/"))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                       "%s destination cannot be / (the root is sbox's own tmpfs)",
                       sbox_plan_fs_kind_name (op->kind));
          return FALSE;
        }
      if (op_has_host_source (op) && op->beneath == NULL
          && !(op->flags & (SBOX_FS_FLAG_TRY | SBOX_FS_FLAG_CREATE | SBOX_FS_FLAG_RUNTIME)))
        {
          struct stat st;
          if (stat (op->source, &st) != 0)
            return sbox_error_set_errno (error, errno, "cannot bind %s", op->source);
        }
    }
  return TRUE;
}



/* The carried settings, named as --print-plan shows them. */
#define PLAN_LISTS 7
typedef struct
{
  const char *name;
  GPtrArray *items;
} PlanList;

static void
plan_lists (SboxPlan *plan, PlanList lists[PLAN_LISTS])
{
  const PlanList all[PLAN_LISTS] = {
    { "sockets", plan->sockets },         { "devices", plan->devices },
    { "features", plan->features },       { "session-bus", plan->session_bus },
    { "system-bus", plan->system_bus },   { "seccomp-allow", plan->seccomp_allow },
    { "seccomp-deny", plan->seccomp_deny },
  };
  memcpy (lists, all, sizeof all);
}

/* Shell-quote only when needed, so plans stay readable. */
static char *
quote_arg (const char *arg)
{
  gboolean plain = *arg != '\0';
  for (const char *p = arg; *p && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("-_./=:,+@%", *p) != NULL;
  return plain ? g_strdup (arg) : g_shell_quote (arg);
}

char *
sbox_plan_to_text (SboxPlan *plan)
{
  GString *out = g_string_new (NULL);
  if (plan->profile_name)
    g_string_append_printf (out, "profile: %s (%s)\n", plan->profile_name,
                            plan->profile_path ? plan->profile_path : "built in");
  if (plan->app_id)
    g_string_append_printf (out, "app-id: %s\n", plan->app_id);
  g_string_append (out, "namespaces:");
  for (gsize i = 0; i < G_N_ELEMENTS (ns_names); i++)
    if (plan->namespaces & ns_names[i].ns)
      g_string_append_printf (out, " %s", ns_names[i].name);
  g_string_append_printf (out, "\nuid: %u\ngid: %u\n", (guint) plan->uid, (guint) plan->gid);
  if (plan->drop_root)
    g_string_append_printf (out, "runs as: uid %u gid %u outside (root caller)\n",
                            (guint) plan->run_uid, (guint) plan->run_gid);
  if (plan->hostname)
    g_string_append_printf (out, "hostname: %s\n", plan->hostname);
  g_string_append (out, "filesystem:\n");
  for (guint i = 0; i < plan->fs_ops->len; i++)
    {
      SboxFsOp *op = g_ptr_array_index (plan->fs_ops, i);
      g_string_append_printf (out, "  %s%s", sbox_plan_fs_kind_name (op->kind),
                              (op->flags & SBOX_FS_FLAG_TRY) ? "-try" : "");
      if (op->source)
        g_string_append_printf (out, " %s%s%s", op->source, op->beneath ? "/" : "",
                                op->beneath ? op->beneath : "");
      g_string_append_printf (out, " %s", op->dest);
      if (op->mode)
        g_string_append_printf (out, " mode=%04o", op->mode);
      if (op->flags & SBOX_FS_FLAG_CREATE)
        g_string_append (out, " create");
      if (op->kind == SBOX_FS_FILE)
        g_string_append_printf (out, " (%" G_GSIZE_FORMAT " bytes%s)",
                                op->content_len ? op->content_len
                                                : (op->content ? strlen (op->content) : 0),
                                (op->flags & SBOX_FS_FLAG_SECRET) ? ", secret" : "");
      if (op->beneath)
        g_string_append (out, " nofollow");
      if (op->origin)
        g_string_append_printf (out, "  # %s", op->origin);
      g_string_append_c (out, '\n');
    }
  if (plan->root_readonly)
    g_string_append (out, "  remount-ro /\n");
  if (plan->instance_dir && (plan->proxies->len > 0 || plan->audio_upstream))
    g_string_append_printf (out, "instance: %s (%s)\n", plan->instance_id, plan->instance_dir);
  if (plan->audio_upstream)
    g_string_append_printf (out, "audio-filter: %s → %s\n", plan->audio_upstream,
                            plan->audio_socket);
  for (guint i = 0; i < plan->proxies->len; i++)
    {
      SboxProxy *proxy = g_ptr_array_index (plan->proxies, i);
      g_string_append_printf (out, "dbus-proxy: %s bus %s → %s", proxy->bus, proxy->upstream,
                              proxy->socket);
      for (guint a = 0; a < proxy->args->len; a++)
        g_string_append_printf (out, " %s", (char *) g_ptr_array_index (proxy->args, a));
      g_string_append (out, proxy->args->len ? "\n" : " (unfiltered)\n");
    }
  g_string_append (out, "environment:\n");
  for (guint i = 0; i < plan->env->len; i++)
    g_string_append_printf (out, "  %s\n", (char *) g_ptr_array_index (plan->env, i));
  g_string_append (out, "capabilities: ");
  g_string_append (out, plan->keep_caps->len ? "" : "none");
  for (guint i = 0; i < plan->keep_caps->len; i++)
    g_string_append_printf (out, "%s%d", i ? "," : "", g_array_index (plan->keep_caps, int, i));
  g_string_append (out, "\nno-new-privs: yes\n");
  for (guint i = 0; i < plan->rlimits->len; i++)
    {
      SboxRlimit *r = &g_array_index (plan->rlimits, SboxRlimit, i);
      g_string_append_printf (out, "rlimit: %s=%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT "\n",
                              sbox_limits_rlimit_name (r->resource), r->soft, r->hard);
    }
  PlanList lists[PLAN_LISTS];
  plan_lists (plan, lists);
  for (gsize l = 0; l < PLAN_LISTS; l++)
    for (guint i = 0; i < lists[l].items->len; i++)
      {
        SboxPlanItem *item = g_ptr_array_index (lists[l].items, i);
        g_string_append_printf (out, "%s: %s  # %s\n", lists[l].name, item->value,
                                item->origin ? item->origin : "");
      }
  g_autofree char *policy = sbox_seccomp_describe (plan);
  g_string_append_printf (out, "seccomp: %s\n%slandlock: %s\ntimeout: %u\n", plan->seccomp, policy,
                          plan->landlock, plan->timeout);
  g_string_append_printf (out, "die-with-parent: %s\nas-pid-1: %s\nnew-session: %s\n",
                          plan->die_with_parent ? "yes" : "no", plan->as_pid_1 ? "yes" : "no",
                          plan->new_session ? "yes" : "no");
  if (plan->chdir)
    g_string_append_printf (out, "chdir: %s\n", plan->chdir);
  g_string_append (out, "command:");
  for (guint i = 0; i < plan->argv->len; i++)
    {
      g_autofree char *quoted = quote_arg (g_ptr_array_index (plan->argv, i));
      g_string_append_printf (out, " %s", quoted);
    }
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
append_json_string_or_null (GString *out, const char *s)
{
  if (s)
    sbox_json_append_string (out, s);
  else
    g_string_append (out, "null");
}

static void
append_json_key (GString *out, const char *key, gboolean first)
{
  if (!first)
    g_string_append (out, ", ");
  sbox_json_append_string (out, key);
  g_string_append (out, ": ");
}

static void
append_json_bool (GString *out, const char *key, gboolean value)
{
  append_json_key (out, key, FALSE);
  g_string_append (out, value ? "true" : "false");
}

char *
sbox_plan_to_json (SboxPlan *plan)
{
  GString *out = g_string_new ("{");
  append_json_key (out, "profile", TRUE);
  append_json_string_or_null (out, plan->profile_name);
  append_json_key (out, "profile-path", FALSE);
  append_json_string_or_null (out, plan->profile_path);
  append_json_key (out, "app-id", FALSE);
  append_json_string_or_null (out, plan->app_id);
  append_json_key (out, "namespaces", FALSE);
  g_string_append_c (out, '[');
  gboolean first = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (ns_names); i++)
    if (plan->namespaces & ns_names[i].ns)
      {
        if (!first)
          g_string_append (out, ", ");
        sbox_json_append_string (out, ns_names[i].name);
        first = FALSE;
      }
  g_string_append_c (out, ']');
  append_json_key (out, "uid", FALSE);
  g_string_append_printf (out, "%u", (guint) plan->uid);
  append_json_key (out, "gid", FALSE);
  g_string_append_printf (out, "%u", (guint) plan->gid);
  append_json_key (out, "hostname", FALSE);
  append_json_string_or_null (out, plan->hostname);

  append_json_key (out, "filesystem", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; i < plan->fs_ops->len; i++)
    {
      SboxFsOp *op = g_ptr_array_index (plan->fs_ops, i);
      g_string_append (out, i ? ", {" : "{");
      append_json_key (out, "op", TRUE);
      sbox_json_append_string (out, sbox_plan_fs_kind_name (op->kind));
      if (op->source)
        {
          append_json_key (out, op->kind == SBOX_FS_SYMLINK ? "target" : "source", FALSE);
          sbox_json_append_string (out, op->source);
        }
      append_json_key (out, "dest", FALSE);
      sbox_json_append_string (out, op->dest);
      if (op->mode)
        {
          append_json_key (out, "mode", FALSE);
          g_string_append_printf (out, "%u", op->mode);
        }
      if (op->beneath)
        {
          append_json_key (out, "beneath", FALSE);
          sbox_json_append_string (out, op->beneath);
        }
      append_json_bool (out, "try", (op->flags & SBOX_FS_FLAG_TRY) != 0);
      append_json_bool (out, "create", (op->flags & SBOX_FS_FLAG_CREATE) != 0);
      append_json_key (out, "origin", FALSE);
      append_json_string_or_null (out, op->origin);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
  append_json_bool (out, "root-readonly", plan->root_readonly);

  append_json_key (out, "environment", FALSE);
  g_string_append_c (out, '{');
  for (guint i = 0; i < plan->env->len; i++)
    {
      const char *entry = g_ptr_array_index (plan->env, i);
      const char *eq = strchr (entry, '=');
      g_autofree char *name = g_strndup (entry, (gsize) (eq - entry));
      append_json_key (out, name, i == 0);
      sbox_json_append_string (out, eq + 1);
    }
  g_string_append_c (out, '}');

  append_json_key (out, "capabilities", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; i < plan->keep_caps->len; i++)
    g_string_append_printf (out, "%s%d", i ? ", " : "", g_array_index (plan->keep_caps, int, i));
  g_string_append_c (out, ']');
  append_json_bool (out, "no-new-privs", TRUE);

  append_json_key (out, "rlimits", FALSE);
  g_string_append_c (out, '{');
  for (guint i = 0; i < plan->rlimits->len; i++)
    {
      SboxRlimit *r = &g_array_index (plan->rlimits, SboxRlimit, i);
      append_json_key (out, sbox_limits_rlimit_name (r->resource), i == 0);
      g_string_append_printf (out, "[%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]", r->soft,
                              r->hard);
    }
  g_string_append_c (out, '}');

  PlanList lists[PLAN_LISTS];
  plan_lists (plan, lists);
  for (gsize l = 0; l < PLAN_LISTS; l++)
    {
      append_json_key (out, lists[l].name, FALSE);
      g_string_append_c (out, '[');
      for (guint i = 0; i < lists[l].items->len; i++)
        {
          SboxPlanItem *item = g_ptr_array_index (lists[l].items, i);
          g_string_append (out, i ? ", {" : "{");
          append_json_key (out, "value", TRUE);
          sbox_json_append_string (out, item->value);
          append_json_key (out, "origin", FALSE);
          append_json_string_or_null (out, item->origin);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  append_json_key (out, "seccomp", FALSE);
  sbox_json_append_string (out, plan->seccomp);
  append_json_key (out, "landlock", FALSE);
  sbox_json_append_string (out, plan->landlock);
  append_json_key (out, "timeout", FALSE);
  g_string_append_printf (out, "%u", plan->timeout);
  append_json_bool (out, "die-with-parent", plan->die_with_parent);
  append_json_bool (out, "as-pid-1", plan->as_pid_1);
  append_json_bool (out, "new-session", plan->new_session);
  append_json_key (out, "chdir", FALSE);
  append_json_string_or_null (out, plan->chdir);
  append_json_key (out, "command", FALSE);
  g_string_append_c (out, '[');
  for (guint i = 0; i < plan->argv->len; i++)
    {
      if (i)
        g_string_append (out, ", ");
      sbox_json_append_string (out, g_ptr_array_index (plan->argv, i));
    }
  g_string_append (out, "]}\n");
  return g_string_free (out, FALSE);
}
