/* plan.c — plan construction, validation and printing (--print-plan). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "rlimits.h"
#include "seccomp.h"
#include "paths.h"
#include "plan.h"

static const char *const fs_kind_names[] = {
  [SBOX_FS_BIND] = "bind",
  [SBOX_FS_RO_BIND] = "ro-bind",
  [SBOX_FS_DEV_BIND] = "dev-bind",
  [SBOX_FS_TMPFS] = "tmpfs",
  [SBOX_FS_DIR] = "dir",
  [SBOX_FS_SYMLINK] = "symlink",
  [SBOX_FS_FILE] = "file",
  [SBOX_FS_PROC] = "proc",
  [SBOX_FS_DEV] = "dev",
  [SBOX_FS_REMOUNT_RO] = "remount-ro",
  [SBOX_FS_MASK] = "mask",
  [SBOX_FS_PIN] = "pin",
};

static const struct
{
  SboxNamespaces ns;
  const char *name;
} ns_names[] = {
  { SBOX_NS_USER, "user" },     { SBOX_NS_MOUNT, "mount" }, { SBOX_NS_PID, "pid" },
  { SBOX_NS_IPC, "ipc" },       { SBOX_NS_UTS, "uts" },     { SBOX_NS_CGROUP, "cgroup" },
  { SBOX_NS_NET, "net" },
};


const char *
sbox_plan_fs_kind_name (SboxFsKind kind)
{
  return fs_kind_names[kind];
}

void
sbox_fs_op_free (gpointer data)
{
  SboxFsOp *op = data;
  g_free (op->source);
  g_free (op->dest);
  g_free (op->content);
  g_free (op->beneath);
  g_free (op->origin);
  g_free (op);
}

static void
proxy_free (gpointer data)
{
  SboxProxy *proxy = data;
  g_free (proxy->bus);
  g_free (proxy->upstream);
  g_free (proxy->socket);
  g_ptr_array_unref (proxy->args);
  g_free (proxy);
}

void
sbox_plan_item_free (gpointer data)
{
  SboxPlanItem *item = data;
  g_free (item->value);
  g_free (item->origin);
  g_free (item);
}

SboxPlanItem *
sbox_plan_item_new (const char *value, const char *origin)
{
  SboxPlanItem *item = g_new0 (SboxPlanItem, 1);
  item->value = g_strdup (value);
  item->origin = g_strdup (origin);
  return item;
}

void
sbox_plan_add_item (GPtrArray *items, const char *value, const char *origin)
{
  g_ptr_array_add (items, sbox_plan_item_new (value, origin));
}

SboxPlan *
sbox_plan_new (void)
{
  SboxPlan *plan = g_new0 (SboxPlan, 1);
  plan->namespaces = SBOX_NS_ALL;
  plan->fs_ops = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  plan->env = g_ptr_array_new_with_free_func (g_free);
  plan->keep_caps = g_array_new (FALSE, FALSE, sizeof (int));
  plan->rlimits = g_array_new (FALSE, FALSE, sizeof (SboxRlimit));
  plan->argv = g_ptr_array_new_with_free_func (g_free);
  plan->sockets = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->devices = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->features = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->session_bus = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->system_bus = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->seccomp_allow = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->seccomp_deny = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  plan->warnings = g_ptr_array_new_with_free_func (g_free);
  plan->missing_doors = g_ptr_array_new_with_free_func (g_free);
  plan->proxies = g_ptr_array_new_with_free_func (proxy_free);
  plan->seccomp = g_strdup ("default");
  plan->landlock = g_strdup ("true");
  plan->dbus_proxy = g_strdup (XDG_DBUS_PROXY);
  plan->uid = getuid ();
  plan->gid = getgid ();
  plan->die_with_parent = TRUE;
  plan->new_session = TRUE;
  plan->pty = TRUE;
  plan->root_readonly = TRUE;
  plan->json_status_fd = -1;
  plan->info_fd = -1;
  return plan;
}

void
sbox_plan_free (SboxPlan *plan)
{
  if (plan == NULL)
    return;
  g_ptr_array_unref (plan->fs_ops);
  g_ptr_array_unref (plan->env);
  g_array_unref (plan->keep_caps);
  g_array_unref (plan->rlimits);
  g_ptr_array_unref (plan->argv);
  g_ptr_array_unref (plan->sockets);
  g_ptr_array_unref (plan->devices);
  g_ptr_array_unref (plan->features);
  g_ptr_array_unref (plan->session_bus);
  g_ptr_array_unref (plan->system_bus);
  g_ptr_array_unref (plan->seccomp_allow);
  g_ptr_array_unref (plan->seccomp_deny);
  g_ptr_array_unref (plan->warnings);
  g_ptr_array_unref (plan->missing_doors);
  g_ptr_array_unref (plan->proxies);
  g_free (plan->instance_id);
  g_free (plan->instance_dir);
  g_free (plan->audio_upstream);
  g_free (plan->audio_socket);
  g_free (plan->instance_name);
  g_free (plan->instance_base);
  g_free (plan->seccomp);
  g_free (plan->learn_output);
  g_free (plan->landlock);
  g_free (plan->profile_name);
  g_free (plan->profile_path);
  g_free (plan->app_id);
  g_free (plan->hostname);
  g_free (plan->chdir);
  g_free (plan->home);
  g_strfreev (plan->own_state);
  g_free (plan->dbus_proxy);
  g_free (plan);
}

SboxFsOp *
sbox_fs_op_new (SboxFsKind kind, SboxFsFlags flags, const char *source, const char *dest)
{
  SboxFsOp *op = g_new0 (SboxFsOp, 1);
  op->kind = kind;
  op->flags = flags;
  op->source = g_strdup (source);
  op->dest = g_strdup (dest);
  return op;
}

gboolean
sbox_fs_op_is_writable (const SboxFsOp *op)
{
  return op->kind == SBOX_FS_BIND || op->kind == SBOX_FS_DEV_BIND || op->kind == SBOX_FS_TMPFS
         || op->kind == SBOX_FS_DEV || op->kind == SBOX_FS_PROC;
}

SboxFsOp *
sbox_plan_add_fs (SboxPlan *plan, SboxFsKind kind, SboxFsFlags flags, const char *source,
                  const char *dest)
{
  SboxFsOp *op = sbox_fs_op_new (kind, flags, source, dest);
  g_ptr_array_add (plan->fs_ops, op);
  return op;
}

static int
env_index (SboxPlan *plan, const char *name)
{
  gsize len = strlen (name);
  for (guint i = 0; i < plan->env->len; i++)
    {
      const char *entry = g_ptr_array_index (plan->env, i);
      if (strncmp (entry, name, len) == 0 && entry[len] == '=')
        return (int) i;
    }
  return -1;
}

void
sbox_plan_setenv (SboxPlan *plan, const char *name, const char *value)
{
  int i = env_index (plan, name);
  char *entry = g_strconcat (name, "=", value, NULL);
  if (i >= 0)
    {
      g_free (plan->env->pdata[i]);
      plan->env->pdata[i] = entry;
    }
  else
    g_ptr_array_add (plan->env, entry);
}

void
sbox_plan_unsetenv (SboxPlan *plan, const char *name)
{
  int i = env_index (plan, name);
  if (i >= 0)
    g_ptr_array_remove_index (plan->env, (guint) i);
}

const char *
sbox_plan_getenv (SboxPlan *plan, const char *name)
{
  int i = env_index (plan, name);
  if (i < 0)
    return NULL;
  return (const char *) g_ptr_array_index (plan->env, i) + strlen (name) + 1;
}

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

/* ---- printing ---- */

void
sbox_json_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, (char) *p);
    }
  g_string_append_c (out, '"');
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
