/* plan-print.c — the plan checked before anything is created
 * (sbox_plan_validate), and --print-plan: one walk over a table of the plan's fields
 * that writes either the text form or the JSON form, so the two cannot
 * drift apart. Every SboxPlan member is in the table, printed or listed with
 * the reason it is not (tests/unit/test-plan.c checks this against plan.h). */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "paths.h"
#include "plan-print.h"
#include "rlimits.h"
#include "seccomp.h"

static gboolean
op_has_host_source (const SboxFsOp *op)
{
  return op->kind == SBOX_FS_BIND || op->kind == SBOX_FS_RO_BIND || op->kind == SBOX_FS_DEV_BIND;
}

gboolean
sbox_plan_validate (SboxPlan *plan, GError **error)
{
  if (plan->run.argv->len == 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "no command given (see sbox --help)");
      return FALSE;
    }
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
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

/* ---- JSON pieces ---- */

static void
json_string_or_null (GString *out, const char *s)
{
  if (s)
    sbox_json_append_string (out, s);
  else
    g_string_append (out, "null");
}

/* A member of a JSON object; *first tracks whether a comma is needed. */
static void
json_key (GString *out, const char *key, gboolean *first)
{
  if (!*first)
    g_string_append (out, ", ");
  *first = FALSE;
  sbox_json_append_string (out, key);
  g_string_append (out, ": ");
}

static void
json_bool (GString *out, const char *key, gboolean value, gboolean *first)
{
  json_key (out, key, first);
  g_string_append (out, value ? "true" : "false");
}

static void
json_strings (GString *out, const char *const *v, gsize n)
{
  g_string_append_c (out, '[');
  for (gsize i = 0; i < n; i++)
    {
      if (i)
        g_string_append (out, ", ");
      sbox_json_append_string (out, v[i]);
    }
  g_string_append_c (out, ']');
}

/* ---- field kinds ---- */

typedef enum
{
  KIND_STRING,  /* char *, NULL printed as null */
  KIND_BOOL,    /* gboolean */
  KIND_UINT,    /* guint */
  KIND_UINT64,  /* guint64 */
  KIND_UID,     /* uid_t */
  KIND_GID,     /* gid_t */
  KIND_DOUBLE,  /* double */
  KIND_FD,      /* int, a descriptor of the caller's; -1 printed as null */
  KIND_STRV,    /* char **, NULL-terminated, or NULL */
  KIND_STRINGS, /* GPtrArray of char * */
  KIND_ITEMS,   /* GPtrArray of SboxPlanItem * */
  KIND_CUSTOM,  /* json() writes the value, text() the lines */
  KIND_SKIP,    /* deliberately not printed: note says why */
} FieldKind;

typedef enum
{
  TEXT_ALWAYS, /* "key: value" */
  TEXT_IF_SET, /* "key: value" unless NULL, 0, FALSE or empty */
  TEXT_LINES,  /* a list: one "key: value" line per entry */
  TEXT_CUSTOM, /* text() writes the lines */
  TEXT_NONE,   /* JSON only: note says which text line shows it */
} TextForm;

typedef void (*FieldFn) (GString *out, const SboxPlan *plan);

typedef struct
{
  const char *member; /* as named in plan.h; NULL for a constant of every plan */
  const char *key;    /* JSON key and text label */
  FieldKind kind;
  gsize offset;
  TextForm text;
  FieldFn text_fn;
  FieldFn json_fn;
  const char *note;
  const char *label; /* TEXT_LINES: the label of each line when not key */
} PlanField;

#define AT(plan, f, type) ((type *) (gpointer) ((char *) (plan) + (f)->offset))

/* ---- custom fields ---- */

static const struct
{
  SboxNamespaces ns;
  const char *name;
} ns_names[] = {
  { SBOX_NS_USER, "user" }, { SBOX_NS_MOUNT, "mount" }, { SBOX_NS_PID, "pid" },
  { SBOX_NS_IPC, "ipc" },   { SBOX_NS_UTS, "uts" },     { SBOX_NS_CGROUP, "cgroup" },
  { SBOX_NS_NET, "net" },
};

static void
text_profile (GString *out, const SboxPlan *plan)
{
  if (plan->profile_name)
    g_string_append_printf (out, "profile: %s (%s)\n", plan->profile_name,
                            plan->profile_path ? plan->profile_path : "built in");
}

static void
text_namespaces (GString *out, const SboxPlan *plan)
{
  g_string_append (out, "namespaces:");
  for (gsize i = 0; i < G_N_ELEMENTS (ns_names); i++)
    if (plan->sandbox.namespaces & ns_names[i].ns)
      g_string_append_printf (out, " %s", ns_names[i].name);
  g_string_append_c (out, '\n');
}

static void
json_namespaces (GString *out, const SboxPlan *plan)
{
  const char *names[G_N_ELEMENTS (ns_names)];
  gsize n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (ns_names); i++)
    if (plan->sandbox.namespaces & ns_names[i].ns)
      names[n++] = ns_names[i].name;
  json_strings (out, names, n);
}

static void
text_drop_root (GString *out, const SboxPlan *plan)
{
  if (plan->sandbox.ids.drop_root)
    g_string_append_printf (out, "runs as: uid %u gid %u outside (root caller)\n",
                            (guint) plan->sandbox.ids.run_uid, (guint) plan->sandbox.ids.run_gid);
}

static gsize
op_content_len (const SboxFsOp *op)
{
  return op->content_len ? op->content_len : (op->content ? strlen (op->content) : 0);
}

static void
text_fs_op (GString *out, const SboxFsOp *op)
{
  g_string_append_printf (out, "  %s%s", sbox_plan_fs_kind_name (op->kind),
                          (op->flags & SBOX_FS_FLAG_TRY) ? "-try" : "");
  if (op->source)
    g_string_append_printf (out, " %s%s%s", op->source, op->beneath ? "/" : "",
                            op->beneath ? op->beneath : "");
  g_string_append_printf (out, " %s", op->dest);
  if (op->mode)
    g_string_append_printf (out, " mode=%04o", op->mode);
  if (op->size)
    g_string_append_printf (out, " size=%" G_GUINT64_FORMAT, op->size);
  if (op->flags & SBOX_FS_FLAG_BIND_DATA)
    g_string_append (out, (op->flags & SBOX_FS_FLAG_READ_ONLY) ? " bound-ro" : " bound");
  if (op->flags & SBOX_FS_FLAG_CREATE)
    g_string_append (out, " create");
  if (op->flags & SBOX_FS_FLAG_THIS_MOUNT)
    g_string_append (out, " this-mount-only");
  if (op->flags & SBOX_FS_FLAG_RUNTIME)
    g_string_append (out, " runtime");
  if (op->kind == SBOX_FS_FILE)
    g_string_append_printf (out, " (%" G_GSIZE_FORMAT " bytes%s)", op_content_len (op),
                            (op->flags & SBOX_FS_FLAG_SECRET) ? ", secret" : "");
  if (op->nodes)
    {
      g_string_append (out, " nodes=");
      for (const char *const *node = op->nodes; *node; node++)
        g_string_append_printf (out, "%s%s", node == op->nodes ? "" : ",", *node);
    }
  if (op->kind == SBOX_FS_OVERLAY)
    {
      g_string_append (out, " lower=");
      for (char **l = op->lower; l && *l; l++)
        g_string_append_printf (out, "%s%s", l == op->lower ? "" : ":", *l);
      if (op->work)
        g_string_append_printf (out, " work=%s", op->work);
      else
        g_string_append (out, (op->flags & SBOX_FS_FLAG_READ_ONLY) ? " ro" : " upper=tmpfs");
    }
  if (op->beneath)
    g_string_append (out, " nofollow");
  if (op->origin)
    g_string_append_printf (out, "  # %s", op->origin);
  g_string_append_c (out, '\n');
}

static void
text_filesystem (GString *out, const SboxPlan *plan)
{
  g_string_append (out, "filesystem:\n");
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    text_fs_op (out, g_ptr_array_index (plan->sandbox.fs_ops, i));
}

static void
json_fs_op (GString *out, const SboxFsOp *op)
{
  gboolean first = TRUE;
  g_string_append_c (out, '{');
  json_key (out, "op", &first);
  sbox_json_append_string (out, sbox_plan_fs_kind_name (op->kind));
  if (op->source)
    {
      json_key (out, op->kind == SBOX_FS_SYMLINK ? "target" : "source", &first);
      sbox_json_append_string (out, op->source);
    }
  json_key (out, "dest", &first);
  sbox_json_append_string (out, op->dest);
  if (op->mode)
    {
      json_key (out, "mode", &first);
      g_string_append_printf (out, "%u", op->mode);
    }
  if (op->size)
    {
      json_key (out, "size", &first);
      g_string_append_printf (out, "%" G_GUINT64_FORMAT, op->size);
    }
  if (op->flags & SBOX_FS_FLAG_BIND_DATA)
    {
      json_key (out, "bound", &first);
      sbox_json_append_string (out, (op->flags & SBOX_FS_FLAG_READ_ONLY) ? "ro" : "rw");
    }
  if (op->flags & SBOX_FS_FLAG_THIS_MOUNT)
    json_bool (out, "this_mount_only", TRUE, &first);
  if (op->beneath)
    {
      json_key (out, "beneath", &first);
      sbox_json_append_string (out, op->beneath);
    }
  if (op->kind == SBOX_FS_FILE)
    {
      gsize len = op_content_len (op);
      json_key (out, "bytes", &first);
      g_string_append_printf (out, "%" G_GSIZE_FORMAT, len);
      /* Secrets (an X11 cookie) and binary content stay out of the plan. */
      if (op->content && !(op->flags & SBOX_FS_FLAG_SECRET) && len == strlen (op->content)
          && g_utf8_validate (op->content, -1, NULL))
        {
          json_key (out, "content", &first);
          sbox_json_append_string (out, op->content);
        }
    }
  if (op->nodes)
    {
      json_key (out, "nodes", &first);
      json_strings (out, op->nodes, g_strv_length ((char **) op->nodes));
    }
  if (op->kind == SBOX_FS_OVERLAY)
    {
      /* Bottom layer first; writes go to source (with work), a tmpfs, or nowhere. */
      json_key (out, "lower", &first);
      json_strings (out, (const char *const *) op->lower,
                    op->lower ? g_strv_length (op->lower) : 0);
      if (op->work)
        {
          json_key (out, "work", &first);
          sbox_json_append_string (out, op->work);
        }
      json_key (out, "writes", &first);
      sbox_json_append_string (out, op->source                             ? "source"
                                    : (op->flags & SBOX_FS_FLAG_READ_ONLY) ? "none"
                                                                           : "tmpfs");
    }
  json_bool (out, "try", (op->flags & SBOX_FS_FLAG_TRY) != 0, &first);
  json_bool (out, "create", (op->flags & SBOX_FS_FLAG_CREATE) != 0, &first);
  json_bool (out, "runtime", (op->flags & SBOX_FS_FLAG_RUNTIME) != 0, &first);
  json_bool (out, "secret", (op->flags & SBOX_FS_FLAG_SECRET) != 0, &first);
  json_key (out, "origin", &first);
  json_string_or_null (out, op->origin);
  g_string_append_c (out, '}');
}

static void
json_filesystem (GString *out, const SboxPlan *plan)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      if (i)
        g_string_append (out, ", ");
      json_fs_op (out, g_ptr_array_index (plan->sandbox.fs_ops, i));
    }
  g_string_append_c (out, ']');
}

/* The root is made read-only (mount.c) unless the plan keeps it writable. */
static void
text_root_readonly (GString *out, const SboxPlan *plan)
{
  if (!plan->sandbox.root_writable)
    g_string_append (out, "  remount-ro /\n");
}

static void
json_root_readonly (GString *out, const SboxPlan *plan)
{
  g_string_append (out, plan->sandbox.root_writable ? "false" : "true");
}

static void
text_seccomp_programs (GString *out, const SboxPlan *plan)
{
  if (plan->sandbox.seccomp_programs->len > 0)
    g_string_append_printf (out, "seccomp-programs: %u from the caller\n",
                            plan->sandbox.seccomp_programs->len);
}

static void
json_seccomp_programs (GString *out, const SboxPlan *plan)
{
  g_string_append_printf (out, "%u", plan->sandbox.seccomp_programs->len);
}

/* The instance's directory matters to the text only when a door lives in it;
 * leaving the random id out otherwise keeps plain plans comparable. */
static void
text_instance (GString *out, const SboxPlan *plan)
{
  if (plan->instance.dir && (plan->sandbox.proxies->len > 0 || plan->sandbox.audio_upstream))
    g_string_append_printf (out, "instance: %s (%s)\n", plan->instance.id, plan->instance.dir);
}

static void
text_audio (GString *out, const SboxPlan *plan)
{
  if (plan->sandbox.audio_upstream)
    g_string_append_printf (out, "audio-filter: %s → %s\n", plan->sandbox.audio_upstream,
                            plan->sandbox.audio_socket);
}

static void
text_proxies (GString *out, const SboxPlan *plan)
{
  for (guint i = 0; i < plan->sandbox.proxies->len; i++)
    {
      SboxProxy *proxy = g_ptr_array_index (plan->sandbox.proxies, i);
      g_string_append_printf (out, "dbus-proxy: %s bus %s → %s", proxy->bus, proxy->upstream,
                              proxy->socket);
      for (guint a = 0; a < proxy->args->len; a++)
        g_string_append_printf (out, " %s", (char *) g_ptr_array_index (proxy->args, a));
      g_string_append (out, proxy->args->len ? "\n" : " (unfiltered)\n");
    }
}

static void
json_proxies (GString *out, const SboxPlan *plan)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < plan->sandbox.proxies->len; i++)
    {
      SboxProxy *proxy = g_ptr_array_index (plan->sandbox.proxies, i);
      gboolean first = TRUE;
      g_string_append (out, i ? ", {" : "{");
      json_key (out, "bus", &first);
      json_string_or_null (out, proxy->bus);
      json_key (out, "upstream", &first);
      json_string_or_null (out, proxy->upstream);
      json_key (out, "socket", &first);
      json_string_or_null (out, proxy->socket);
      json_key (out, "args", &first);
      json_strings (out, (const char *const *) proxy->args->pdata, proxy->args->len);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
text_dbus_proxy (GString *out, const SboxPlan *plan)
{
  if (plan->sandbox.proxies->len > 0 && plan->sandbox.dbus_proxy)
    g_string_append_printf (out, "dbus-proxy-program: %s\n", plan->sandbox.dbus_proxy);
}

static void
text_environment (GString *out, const SboxPlan *plan)
{
  g_string_append (out, "environment:\n");
  for (guint i = 0; i < plan->sandbox.env->len; i++)
    g_string_append_printf (out, "  %s\n", (char *) g_ptr_array_index (plan->sandbox.env, i));
}

static void
json_environment (GString *out, const SboxPlan *plan)
{
  gboolean first = TRUE;
  g_string_append_c (out, '{');
  for (guint i = 0; i < plan->sandbox.env->len; i++)
    {
      const char *entry = g_ptr_array_index (plan->sandbox.env, i);
      const char *eq = strchr (entry, '=');
      g_autofree char *name = g_strndup (entry, eq ? (gsize) (eq - entry) : strlen (entry));
      json_key (out, name, &first);
      sbox_json_append_string (out, eq ? eq + 1 : "");
    }
  g_string_append_c (out, '}');
}

/* Not a member: every plan sets no_new_privs (caps.c); shown so readers need not know. */
static void
text_nnp (GString *out, const SboxPlan *plan)
{
  (void) plan;
  g_string_append (out, "no-new-privs: yes\n");
}

static void
json_true (GString *out, const SboxPlan *plan)
{
  (void) plan;
  g_string_append (out, "true");
}

static void
text_rlimits (GString *out, const SboxPlan *plan)
{
  for (guint i = 0; i < plan->sandbox.limits.rlimits->len; i++)
    {
      SboxRlimit *r = &g_array_index (plan->sandbox.limits.rlimits, SboxRlimit, i);
      g_string_append_printf (out, "rlimit: %s=%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT "\n",
                              sbox_limits_rlimit_name (r->resource), r->soft, r->hard);
    }
}

static void
json_rlimits (GString *out, const SboxPlan *plan)
{
  gboolean first = TRUE;
  g_string_append_c (out, '{');
  for (guint i = 0; i < plan->sandbox.limits.rlimits->len; i++)
    {
      SboxRlimit *r = &g_array_index (plan->sandbox.limits.rlimits, SboxRlimit, i);
      json_key (out, sbox_limits_rlimit_name (r->resource), &first);
      g_string_append_printf (out, "[%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "]", r->soft,
                              r->hard);
    }
  g_string_append_c (out, '}');
}

static void
text_seccomp (GString *out, const SboxPlan *plan)
{
  g_autofree char *policy = sbox_seccomp_describe (&plan->sandbox);
  g_string_append_printf (out, "seccomp: %s\n%s", plan->sandbox.seccomp, policy);
}

/* The mode in effect: the namespace's absence says host. */
static void
text_network (GString *out, const SboxPlan *plan)
{
  const char *network = sbox_sandbox_network (&plan->sandbox);
  const char *what = g_str_equal (network, "host")       ? "the host's network"
                     : g_str_equal (network, "loopback") ? "only the sandbox's own lo"
                     : g_str_equal (network, "none")     ? "only lo, and no TCP at all (Landlock)"
                     : g_str_equal (network, "isolated")
                         ? "the internet through pasta; the host, its networks, link-local and "
                           "private ranges refused"
                         : "only through sbox's proxy, to the hosts AllowHosts= names";
  g_string_append_printf (out, "network: %s (%s)\n", network, what);
}

static void
json_network (GString *out, const SboxPlan *plan)
{
  sbox_json_append_string (out, sbox_sandbox_network (&plan->sandbox));
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

static void
text_command (GString *out, const SboxPlan *plan)
{
  g_string_append (out, "command:");
  for (guint i = 0; i < plan->run.argv->len; i++)
    {
      g_autofree char *quoted = quote_arg (g_ptr_array_index (plan->run.argv, i));
      g_string_append_printf (out, " %s", quoted);
    }
  g_string_append_c (out, '\n');
}

static void
json_command (GString *out, const SboxPlan *plan)
{
  json_strings (out, (const char *const *) plan->run.argv->pdata, plan->run.argv->len);
}

/* ---- the table: the order here is the order of both forms ---- */

/* A kind that does not fit its member's C type stops the build: the walk
 * reads members through their offsets. */
/* clang-format off: a table laid out by hand */
enum
{
  CTYPE_STRING = 1,
  CTYPE_INT,
  CTYPE_UINT,
  CTYPE_UINT64,
  CTYPE_DOUBLE,
  CTYPE_STRV,
  CTYPE_PTR_ARRAY,
  CTYPE_OTHER
};
#define MEMBER_CTYPE(m)                                                                            \
  _Generic (((SboxPlan *) 0)->m, char *: CTYPE_STRING, int: CTYPE_INT,                         \
            unsigned int: CTYPE_UINT, guint64: CTYPE_UINT64, double: CTYPE_DOUBLE,             \
            char **: CTYPE_STRV, GPtrArray *: CTYPE_PTR_ARRAY, default: CTYPE_OTHER)
#define KIND_CTYPE(k)                                                                              \
  ((k) == KIND_STRING                                       ? CTYPE_STRING                         \
   : (k) == KIND_BOOL || (k) == KIND_FD                     ? CTYPE_INT                            \
   : (k) == KIND_UINT || (k) == KIND_UID || (k) == KIND_GID ? CTYPE_UINT                           \
   : (k) == KIND_UINT64                                     ? CTYPE_UINT64                         \
   : (k) == KIND_DOUBLE                                     ? CTYPE_DOUBLE                         \
   : (k) == KIND_STRV                                       ? CTYPE_STRV                           \
   : (k) == KIND_STRINGS || (k) == KIND_ITEMS               ? CTYPE_PTR_ARRAY                      \
                                                            : 0)
#define OFFSET_OF(m, kind)                                                                         \
  (offsetof (SboxPlan, m) + 0 * sizeof (char[KIND_CTYPE (kind) == MEMBER_CTYPE (m) ? 1 : -1]))

#define PLAIN(m, k, kind, text)                                                                    \
  {                                                                                                \
#m, k, kind, OFFSET_OF(m, kind), text, NULL, NULL, NULL, NULL                                  \
  }
#define TEXT_BY(m, k, kind, fn)                                                                    \
  {                                                                                                \
#m, k, kind, OFFSET_OF(m, kind), TEXT_CUSTOM, fn, NULL, NULL, NULL                             \
  }
#define CUSTOM(m, k, tfn, jfn)                                                                     \
  {                                                                                                \
#m, k, KIND_CUSTOM, offsetof(SboxPlan, m), TEXT_CUSTOM, tfn, jfn, NULL, NULL                   \
  }
#define JSON_ONLY(m, k, kind, why)                                                                 \
  {                                                                                                \
#m, k, kind, OFFSET_OF(m, kind), TEXT_NONE, NULL, NULL, why, NULL                              \
  }
#define LINES(m, k, kind, label)                                                                   \
  {                                                                                                \
#m, k, kind, OFFSET_OF(m, kind), TEXT_LINES, NULL, NULL, NULL, label                           \
  }
#define NOT_PRINTED(m, why)                                                                        \
  {                                                                                                \
#m, NULL, KIND_SKIP, offsetof(SboxPlan, m), TEXT_NONE, NULL, NULL, why, NULL                   \
  }

static const PlanField plan_fields[] = {
  TEXT_BY (profile_name, "profile", KIND_STRING, text_profile),
  JSON_ONLY (profile_path, "profile-path", KIND_STRING, "on the profile: line"),
  PLAIN (app_id, "app-id", KIND_STRING, TEXT_IF_SET),
  CUSTOM (sandbox.namespaces, "namespaces", text_namespaces, json_namespaces),
  PLAIN (sandbox.ids.uid, "uid", KIND_UID, TEXT_ALWAYS),
  PLAIN (sandbox.ids.gid, "gid", KIND_GID, TEXT_ALWAYS),
  TEXT_BY (sandbox.ids.drop_root, "drop-root", KIND_BOOL, text_drop_root),
  JSON_ONLY (sandbox.ids.run_uid, "run-uid", KIND_UID, "on the runs as: line"),
  JSON_ONLY (sandbox.ids.run_gid, "run-gid", KIND_GID, "on the runs as: line"),
  PLAIN (sandbox.hostname, "hostname", KIND_STRING, TEXT_IF_SET),
  CUSTOM (sandbox.network, "network", text_network, json_network),
  LINES (sandbox.publish, "publish", KIND_ITEMS, "publish"),
  LINES (sandbox.allow_hosts, "allow-hosts", KIND_ITEMS, "allow host"),
  JSON_ONLY (sandbox.net_proxy_socket, "net-proxy-socket", KIND_STRING, "on the bind line"),
  JSON_ONLY (sandbox.net_proxy_inside, "net-proxy-inside", KIND_STRING, "on the bind line"),
  CUSTOM (sandbox.fs_ops, "filesystem", text_filesystem, json_filesystem),
  CUSTOM (sandbox.root_writable, "root-readonly", text_root_readonly, json_root_readonly),
  TEXT_BY (instance.id, "instance-id", KIND_STRING, text_instance),
  JSON_ONLY (instance.dir, "instance-dir", KIND_STRING, "on the instance: line"),
  JSON_ONLY (instance.base, "instance-base", KIND_STRING, "the directory holding instance-dir"),
  PLAIN (instance.name, "instance-name", KIND_STRING, TEXT_IF_SET),
  TEXT_BY (sandbox.audio_upstream, "audio-upstream", KIND_STRING, text_audio),
  JSON_ONLY (sandbox.audio_socket, "audio-socket", KIND_STRING, "on the audio-filter: line"),
  CUSTOM (sandbox.proxies, "dbus-proxies", text_proxies, json_proxies),
  TEXT_BY (sandbox.dbus_proxy, "dbus-proxy-program", KIND_STRING, text_dbus_proxy),
  CUSTOM (sandbox.env, "environment", text_environment, json_environment),
  { NULL, "no-new-privs", KIND_CUSTOM, 0, TEXT_CUSTOM, text_nnp, json_true, NULL, NULL },
  CUSTOM (sandbox.limits.rlimits, "rlimits", text_rlimits, json_rlimits),
  PLAIN (sandbox.limits.memory_max, "memory-max", KIND_UINT64, TEXT_IF_SET),
  PLAIN (sandbox.limits.pids_max, "pids-max", KIND_UINT, TEXT_IF_SET),
  PLAIN (sandbox.limits.cpus, "cpus", KIND_DOUBLE, TEXT_IF_SET),
  PLAIN (sandbox.sockets, "sockets", KIND_ITEMS, TEXT_LINES),
  PLAIN (sandbox.devices, "devices", KIND_ITEMS, TEXT_LINES),
  PLAIN (sandbox.features, "features", KIND_ITEMS, TEXT_LINES),
  PLAIN (sandbox.session_bus, "session-bus", KIND_ITEMS, TEXT_LINES),
  PLAIN (sandbox.system_bus, "system-bus", KIND_ITEMS, TEXT_LINES),
  PLAIN (sandbox.seccomp_allow, "seccomp-allow", KIND_ITEMS, TEXT_LINES),
  PLAIN (sandbox.seccomp_deny, "seccomp-deny", KIND_ITEMS, TEXT_LINES),
  TEXT_BY (sandbox.seccomp, "seccomp", KIND_STRING, text_seccomp),
  CUSTOM (sandbox.seccomp_programs, "seccomp-programs", text_seccomp_programs,
          json_seccomp_programs),
  PLAIN (sandbox.landlock, "landlock", KIND_STRING, TEXT_ALWAYS),
  PLAIN (sandbox.landlock_log, "landlock-log", KIND_BOOL, TEXT_IF_SET),
  PLAIN (sandbox.mode, "mode", KIND_STRING, TEXT_ALWAYS),
  PLAIN (run.fallback, "fallback", KIND_STRING, TEXT_ALWAYS),
  PLAIN (run.fallback_origin, "fallback-origin", KIND_STRING, TEXT_IF_SET),
  PLAIN (run.userns_blocked, "userns-blocked", KIND_STRING, TEXT_IF_SET),
  PLAIN (run.timeout, "timeout", KIND_UINT, TEXT_ALWAYS),
  PLAIN (run.learn_output, "learn-output", KIND_STRING, TEXT_IF_SET),
  PLAIN (run.die_with_parent, "die-with-parent", KIND_BOOL, TEXT_ALWAYS),
  PLAIN (run.as_pid_1, "as-pid-1", KIND_BOOL, TEXT_ALWAYS),
  PLAIN (run.new_session, "new-session", KIND_BOOL, TEXT_ALWAYS),
  PLAIN (run.pty, "pty", KIND_BOOL, TEXT_ALWAYS),
  PLAIN (run.quiet, "quiet", KIND_BOOL, TEXT_IF_SET),
  PLAIN (run.verbose, "verbose", KIND_BOOL, TEXT_IF_SET),
  PLAIN (sandbox.home, "home", KIND_STRING, TEXT_IF_SET),
  PLAIN (sandbox.chdir, "chdir", KIND_STRING, TEXT_IF_SET),
  LINES (sandbox.own_state, "own-state", KIND_STRV, "sbox-state"),
  LINES (warnings, "warnings", KIND_STRINGS, "warning"),
  LINES (missing_doors, "missing-doors", KIND_ITEMS, "missing-door"), /* origin: why */
  NOT_PRINTED (run.json_status_fd,
               "a descriptor of the sbox process that runs the plan, not part of the sandbox"),
  NOT_PRINTED (run.info_fd,
               "a descriptor of the sbox process that runs the plan, not part of the sandbox"),
  PLAIN (run.keep_fds, "keep-fds", KIND_BOOL, TEXT_IF_SET),
  PLAIN (run.set_pwd, "set-pwd", KIND_BOOL, TEXT_IF_SET),
  NOT_PRINTED (run.block_fd,
               "a descriptor of the sbox process that runs the plan, not part of the sandbox"),
  LINES (run.lock_files, "lock-files", KIND_STRINGS, "lock-file"),
  PLAIN (run.bwrap_json, "bwrap-json", KIND_BOOL, TEXT_IF_SET),
  PLAIN (run.failure_status, "failure-status", KIND_UINT, TEXT_IF_SET),
  PLAIN (run.argv0, "argv0", KIND_STRING, TEXT_IF_SET),
  PLAIN (sandbox.disable_userns, "disable-userns", KIND_BOOL, TEXT_IF_SET),
  PLAIN (sandbox.dest_links_followed, "dest-links-followed", KIND_BOOL, TEXT_IF_SET),
  PLAIN (sandbox.assert_userns_disabled, "assert-userns-disabled", KIND_BOOL, TEXT_IF_SET),
  PLAIN (sandbox.keep_caps, "keep-caps", KIND_UINT64, TEXT_IF_SET),
  PLAIN (sandbox.userns_fd, "join-userns-fd", KIND_FD, TEXT_IF_SET),
  PLAIN (sandbox.pidns_fd, "join-pidns-fd", KIND_FD, TEXT_IF_SET),
  PLAIN (sandbox.userns2_fd, "userns2-fd", KIND_FD, TEXT_IF_SET),
  PLAIN (run.userns_block_fd, "userns-block-fd", KIND_FD, TEXT_IF_SET),
  CUSTOM (run.argv, "command", text_command, json_command),
};
/* clang-format on */

gboolean
sbox_plan_print_field (guint index, const char **member, const char **key, const char **why_not)
{
  if (index >= G_N_ELEMENTS (plan_fields))
    return FALSE;
  const PlanField *f = &plan_fields[index];
  *member = f->member;
  *key = f->key;
  *why_not = f->kind == KIND_SKIP ? f->note : NULL;
  return TRUE;
}

/* ---- the walk ---- */

static gboolean
is_set (const SboxPlan *plan, const PlanField *f)
{
  switch (f->kind)
    {
    case KIND_STRING:
      return *AT (plan, f, char *) != NULL;
    case KIND_BOOL:
      return *AT (plan, f, gboolean);
    case KIND_UINT:
      return *AT (plan, f, guint) != 0;
    case KIND_UINT64:
      return *AT (plan, f, guint64) != 0;
    case KIND_UID:
    case KIND_GID:
      return TRUE;
    case KIND_DOUBLE:
      return *AT (plan, f, double) > 0;
    case KIND_FD:
      return *AT (plan, f, int) >= 0;
    case KIND_STRV:
      return *AT (plan, f, char **) != NULL && **AT (plan, f, char **) != NULL;
    case KIND_STRINGS:
    case KIND_ITEMS:
      return (*AT (plan, f, GPtrArray *))->len > 0;
    case KIND_CUSTOM:
    case KIND_SKIP:
      break;
    }
  return TRUE;
}

/* A scalar as the text shows it; NULL for lists. */
static char *
scalar_text (const SboxPlan *plan, const PlanField *f)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (f->kind)
    {
    case KIND_STRING:
      return g_strdup (*AT (plan, f, char *) ? *AT (plan, f, char *) : "none");
    case KIND_BOOL:
      return g_strdup (*AT (plan, f, gboolean) ? "yes" : "no");
    case KIND_UINT:
      return g_strdup_printf ("%u", *AT (plan, f, guint));
    case KIND_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *AT (plan, f, guint64));
    case KIND_UID:
      return g_strdup_printf ("%u", (guint) *AT (plan, f, uid_t));
    case KIND_GID:
      return g_strdup_printf ("%u", (guint) *AT (plan, f, gid_t));
    case KIND_DOUBLE:
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, *AT (plan, f, double)));
    case KIND_FD:
      return *AT (plan, f, int) >= 0 ? g_strdup_printf ("%d", *AT (plan, f, int))
                                     : g_strdup ("none");
    case KIND_STRV:
    case KIND_STRINGS:
    case KIND_ITEMS:
    case KIND_CUSTOM:
    case KIND_SKIP:
      break;
    }
  return NULL;
}

static void
text_lines (GString *out, const SboxPlan *plan, const PlanField *f)
{
  const char *label = f->label ? f->label : f->key;
  if (f->kind == KIND_STRV)
    {
      char **v = *AT (plan, f, char **);
      for (gsize i = 0; v && v[i]; i++)
        g_string_append_printf (out, "%s: %s\n", label, v[i]);
      return;
    }
  GPtrArray *list = *AT (plan, f, GPtrArray *);
  for (guint i = 0; i < list->len; i++)
    {
      if (f->kind == KIND_ITEMS)
        {
          SboxPlanItem *item = g_ptr_array_index (list, i);
          g_string_append_printf (out, "%s: %s  # %s\n", label, item->value,
                                  item->origin ? item->origin : "");
        }
      else
        g_string_append_printf (out, "%s: %s\n", label, (char *) g_ptr_array_index (list, i));
    }
}

static void
text_field (GString *out, const SboxPlan *plan, const PlanField *f)
{
  switch (f->text)
    {
    case TEXT_NONE:
      return;
    case TEXT_CUSTOM:
      f->text_fn (out, plan);
      return;
    case TEXT_LINES:
      text_lines (out, plan, f);
      return;
    case TEXT_IF_SET:
      if (!is_set (plan, f))
        return;
      break;
    case TEXT_ALWAYS:
      break;
    }
  g_autofree char *value = scalar_text (plan, f);
  g_string_append_printf (out, "%s: %s\n", f->key, value);
}

static void
json_value (GString *out, const SboxPlan *plan, const PlanField *f)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  switch (f->kind)
    {
    case KIND_STRING:
      json_string_or_null (out, *AT (plan, f, char *));
      return;
    case KIND_BOOL:
      g_string_append (out, *AT (plan, f, gboolean) ? "true" : "false");
      return;
    case KIND_UINT:
    case KIND_UINT64:
    case KIND_UID:
    case KIND_GID:
      {
        g_autofree char *n = scalar_text (plan, f);
        g_string_append (out, n);
        return;
      }
    case KIND_DOUBLE:
      g_string_append (out, g_ascii_dtostr (buf, sizeof buf, *AT (plan, f, double)));
      return;
    case KIND_FD:
      if (*AT (plan, f, int) >= 0)
        g_string_append_printf (out, "%d", *AT (plan, f, int));
      else
        g_string_append (out, "null");
      return;
    case KIND_STRV:
      {
        char **v = *AT (plan, f, char **);
        json_strings (out, (const char *const *) v, v ? g_strv_length (v) : 0);
        return;
      }
    case KIND_STRINGS:
      {
        GPtrArray *list = *AT (plan, f, GPtrArray *);
        json_strings (out, (const char *const *) list->pdata, list->len);
        return;
      }
    case KIND_ITEMS:
      {
        GPtrArray *list = *AT (plan, f, GPtrArray *);
        g_string_append_c (out, '[');
        for (guint i = 0; i < list->len; i++)
          {
            SboxPlanItem *item = g_ptr_array_index (list, i);
            gboolean first = TRUE;
            g_string_append (out, i ? ", {" : "{");
            json_key (out, "value", &first);
            json_string_or_null (out, item->value);
            json_key (out, "origin", &first);
            json_string_or_null (out, item->origin);
            g_string_append_c (out, '}');
          }
        g_string_append_c (out, ']');
        return;
      }
    case KIND_CUSTOM:
      f->json_fn (out, plan);
      return;
    case KIND_SKIP:
      return;
    }
}

static char *
plan_print (const SboxPlan *plan, gboolean json)
{
  GString *out = g_string_new (json ? "{" : NULL);
  gboolean first = TRUE;
  for (gsize i = 0; i < G_N_ELEMENTS (plan_fields); i++)
    {
      const PlanField *f = &plan_fields[i];
      if (f->kind == KIND_SKIP)
        continue;
      if (json)
        {
          json_key (out, f->key, &first);
          json_value (out, plan, f);
        }
      else
        text_field (out, plan, f);
    }
  if (json)
    g_string_append (out, "}\n");
  return g_string_free (out, FALSE);
}

char *
sbox_plan_to_text (SboxPlan *plan)
{
  return plan_print (plan, FALSE);
}

char *
sbox_plan_to_json (SboxPlan *plan)
{
  return plan_print (plan, TRUE);
}
