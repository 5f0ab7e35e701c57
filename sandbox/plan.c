/* plan.c — the plan's types built and edited: filesystem operations
 * (and where a sandbox path comes from through them), carried items, the
 * environment. Checking and printing it is
 * plan-print.c's (it needs the seccomp and rlimit names). */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "plan.h"

static const char *const fs_kind_names[] = {
  [SBOX_FS_BIND] = "bind",         [SBOX_FS_RO_BIND] = "ro-bind",
  [SBOX_FS_DEV_BIND] = "dev-bind", [SBOX_FS_TMPFS] = "tmpfs",
  [SBOX_FS_DIR] = "dir",           [SBOX_FS_SYMLINK] = "symlink",
  [SBOX_FS_FILE] = "file",         [SBOX_FS_PROC] = "proc",
  [SBOX_FS_DEV] = "dev",           [SBOX_FS_REMOUNT_RO] = "remount-ro",
  [SBOX_FS_MASK] = "mask",         [SBOX_FS_PIN] = "pin",
  [SBOX_FS_CHMOD] = "chmod",       [SBOX_FS_MQUEUE] = "mqueue",
  [SBOX_FS_OVERLAY] = "overlay",
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
  g_strfreev (op->lower);
  g_free (op->work);
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

static void
sandbox_init (SboxSandbox *sandbox)
{
  sandbox->namespaces = SBOX_NS_ALL;
  sandbox->fs_ops = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  sandbox->env = g_ptr_array_new_with_free_func (g_free);
  sandbox->limits.rlimits = g_array_new (FALSE, FALSE, sizeof (SboxRlimit));
  sandbox->sockets = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->devices = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->features = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->session_bus = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->system_bus = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->seccomp_allow = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->seccomp_deny = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->proxies = g_ptr_array_new_with_free_func (proxy_free);
  sandbox->seccomp_programs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  sandbox->seccomp = g_strdup ("default");
  sandbox->landlock = g_strdup ("true");
  sandbox->mode = g_strdup ("full");
  sandbox->network = g_strdup ("loopback");
  sandbox->publish = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->allow_hosts = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  sandbox->dbus_proxy = g_strdup (XDG_DBUS_PROXY);
  sandbox->ids.uid = getuid ();
  sandbox->ids.gid = getgid ();
  sandbox->userns_fd = -1;
  sandbox->pidns_fd = -1;
  sandbox->userns2_fd = -1;
}

static void
sandbox_clear (SboxSandbox *sandbox)
{
  g_ptr_array_unref (sandbox->fs_ops);
  g_ptr_array_unref (sandbox->env);
  g_array_unref (sandbox->limits.rlimits);
  g_ptr_array_unref (sandbox->sockets);
  g_ptr_array_unref (sandbox->devices);
  g_ptr_array_unref (sandbox->features);
  g_ptr_array_unref (sandbox->session_bus);
  g_ptr_array_unref (sandbox->system_bus);
  g_ptr_array_unref (sandbox->seccomp_allow);
  g_ptr_array_unref (sandbox->seccomp_deny);
  g_ptr_array_unref (sandbox->proxies);
  g_ptr_array_unref (sandbox->seccomp_programs);
  g_free (sandbox->audio_upstream);
  g_free (sandbox->audio_socket);
  g_free (sandbox->seccomp);
  g_free (sandbox->landlock);
  g_free (sandbox->mode);
  g_free (sandbox->network);
  g_ptr_array_unref (sandbox->publish);
  g_ptr_array_unref (sandbox->allow_hosts);
  g_free (sandbox->net_proxy_socket);
  g_free (sandbox->net_proxy_inside);
  g_free (sandbox->hostname);
  g_free (sandbox->chdir);
  g_free (sandbox->home);
  g_strfreev (sandbox->own_state);
  g_free (sandbox->dbus_proxy);
}

SboxSandbox *
sbox_sandbox_new (void)
{
  SboxSandbox *sandbox = g_new0 (SboxSandbox, 1);
  sandbox_init (sandbox);
  return sandbox;
}

void
sbox_sandbox_free (SboxSandbox *sandbox)
{
  if (sandbox == NULL)
    return;
  sandbox_clear (sandbox);
  g_free (sandbox);
}

SboxPlan *
sbox_plan_new (void)
{
  SboxPlan *plan = g_new0 (SboxPlan, 1);
  sandbox_init (&plan->sandbox);
  plan->run.argv = g_ptr_array_new_with_free_func (g_free);
  plan->run.die_with_parent = TRUE;
  plan->run.new_session = TRUE;
  plan->run.pty = TRUE;
  plan->run.json_status_fd = -1;
  plan->run.info_fd = -1;
  plan->run.block_fd = -1;
  plan->run.userns_block_fd = -1;
  plan->run.lock_files = g_ptr_array_new_with_free_func (g_free);
  plan->run.fallback = g_strdup ("refuse");
  plan->warnings = g_ptr_array_new_with_free_func (g_free);
  plan->missing_doors = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  return plan;
}

void
sbox_plan_free (SboxPlan *plan)
{
  if (plan == NULL)
    return;
  sandbox_clear (&plan->sandbox);
  g_ptr_array_unref (plan->run.argv);
  g_ptr_array_unref (plan->run.lock_files);
  g_free (plan->run.learn_output);
  g_free (plan->run.argv0);
  g_free (plan->run.fallback);
  g_free (plan->run.fallback_origin);
  g_free (plan->run.userns_blocked);
  g_free (plan->instance.id);
  g_free (plan->instance.name);
  g_free (plan->instance.base);
  g_free (plan->instance.dir);
  g_ptr_array_unref (plan->warnings);
  g_ptr_array_unref (plan->missing_doors);
  g_free (plan->profile_name);
  g_free (plan->profile_path);
  g_free (plan->app_id);
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
         || op->kind == SBOX_FS_DEV || op->kind == SBOX_FS_PROC
         || (op->kind == SBOX_FS_OVERLAY && !(op->flags & SBOX_FS_FLAG_READ_ONLY));
}

SboxFsOp *
sbox_sandbox_add_fs (SboxSandbox *sandbox, SboxFsKind kind, SboxFsFlags flags, const char *source,
                     const char *dest)
{
  SboxFsOp *op = sbox_fs_op_new (kind, flags, source, dest);
  g_ptr_array_add (sandbox->fs_ops, op);
  return op;
}

/* How long inside is the part of path that dest names (dest itself or a
 * parent of it), or -1 when dest does not cover it. */
static gssize
covered_by (const char *dest, const char *path)
{
  if (g_str_equal (dest, "/"))
    return 0;
  gsize len = strlen (dest);
  if (strncmp (path, dest, len) != 0 || (path[len] != '/' && path[len] != '\0'))
    return -1;
  return (gssize) len;
}

#define MAX_PLAN_LINKS 40 /* as the kernel's own limit: a link the plan loops on */

char *
sbox_sandbox_host_path_for (const SboxSandbox *sandbox, const char *inside, const SboxFsOp **bind)
{
  g_autofree char *path = g_strdup (inside);
  for (int links = 0; links <= MAX_PLAN_LINKS; links++)
    {
      const SboxFsOp *op = NULL;
      gssize len = -1;
      for (guint i = sandbox->fs_ops->len; i > 0 && len < 0; i--)
        {
          op = g_ptr_array_index (sandbox->fs_ops, i - 1);
          len = op->dest ? covered_by (op->dest, path) : -1;
        }
      if (len < 0)
        return NULL;
      const char *rest = path + len;
      if (op->kind == SBOX_FS_SYMLINK && op->source && len > 0)
        {
          /* /bin -> usr/bin: resolved against the link's directory. */
          g_autofree char *parent = g_path_get_dirname (op->dest);
          g_autofree char *target = g_canonicalize_filename (op->source, parent);
          char *followed = g_build_filename (target, rest, NULL);
          g_free (path);
          path = followed;
          continue;
        }
      if ((op->kind != SBOX_FS_BIND && op->kind != SBOX_FS_RO_BIND && op->kind != SBOX_FS_DEV_BIND)
          || op->source == NULL)
        return NULL;
      if (bind)
        *bind = op;
      return g_build_filename (op->source, op->beneath ? op->beneath : "", rest, NULL);
    }
  return NULL;
}

static int
env_index (const SboxSandbox *sandbox, const char *name)
{
  gsize len = strlen (name);
  for (guint i = 0; i < sandbox->env->len; i++)
    {
      const char *entry = g_ptr_array_index (sandbox->env, i);
      if (strncmp (entry, name, len) == 0 && entry[len] == '=')
        return (int) i;
    }
  return -1;
}

void
sbox_sandbox_setenv (SboxSandbox *sandbox, const char *name, const char *value)
{
  int i = env_index (sandbox, name);
  char *entry = g_strconcat (name, "=", value, NULL);
  if (i >= 0)
    {
      g_free (sandbox->env->pdata[i]);
      sandbox->env->pdata[i] = entry;
    }
  else
    g_ptr_array_add (sandbox->env, entry);
}

void
sbox_sandbox_unsetenv (SboxSandbox *sandbox, const char *name)
{
  int i = env_index (sandbox, name);
  if (i >= 0)
    g_ptr_array_remove_index (sandbox->env, (guint) i);
}

const char *
sbox_sandbox_getenv (const SboxSandbox *sandbox, const char *name)
{
  int i = env_index (sandbox, name);
  if (i < 0)
    return NULL;
  return (const char *) g_ptr_array_index (sandbox->env, i) + strlen (name) + 1;
}

void
sbox_json_append_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  const char *p = s;
  while (*p)
    {
      const unsigned char c = (unsigned char) *p;
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        {
          /* Paths and environment values need not be UTF-8; JSON must be. */
          gunichar u = g_utf8_get_char_validated (p, -1);
          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              g_string_append (out, "\\ufffd");
              p++;
              continue;
            }
          const char *next = g_utf8_next_char (p);
          g_string_append_len (out, p, next - p);
          p = next;
          continue;
        }
      p++;
    }
  g_string_append_c (out, '"');
}

const char *
sbox_sandbox_network (const SboxSandbox *sandbox)
{
  return (sandbox->namespaces & SBOX_NS_NET) ? sandbox->network : "host";
}
