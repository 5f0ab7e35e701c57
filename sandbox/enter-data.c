/* enter-data.c — the [Enter] group a launcher records for --enter, parsed
 * into the limits a joining process takes. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "enter-data.h"
#include "error.h"

void
sbox_enter_limits_clear (SboxEnterLimits *limits)
{
  g_clear_pointer (&limits->sandbox, sbox_sandbox_free);
  sbox_seccomp_filters_clear (&limits->seccomp);
  g_clear_pointer (&limits->env, g_ptr_array_unref);
  g_clear_pointer (&limits->namespaces, g_strfreev);
  g_clear_pointer (&limits->cgroup, g_free);
}

static gboolean
bad (GError **error, const char *id, const char *key)
{
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s: [Enter] %s is not valid", id, key);
  return FALSE;
}

/* A uid or gid: a decimal number below (uid_t) -1, nothing else. */
static gboolean
get_id (GKeyFile *info, const char *key, guint32 *out)
{
  g_autofree char *text = g_key_file_get_value (info, "Enter", key, NULL);
  guint64 value = 0;
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32 - 1, &value, NULL))
    return FALSE;
  *out = (guint32) value;
  return TRUE;
}

static gboolean
parse_rlimits (const char *text, SboxSandbox *sandbox)
{
  g_auto (GStrv) entries = g_strsplit (text, ";", -1);
  for (char **entry = entries; *entry; entry++)
    {
      SboxRlimit limit = { 0 };
      int used = 0;
      if (**entry == '\0')
        continue;
      if (sscanf (*entry, "%d:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT "%n", &limit.resource,
                  &limit.soft, &limit.hard, &used)
              != 3
          || (*entry)[used] != '\0')
        return FALSE;
      g_array_append_val (sandbox->limits.rlimits, limit);
    }
  return TRUE;
}

static gboolean
parse_seccomp (GKeyFile *info, SboxEnterLimits *out, const char **failed_key, char **key_out)
{
  g_autofree char *count = g_key_file_get_value (info, "Enter", "seccomp-programs", NULL);
  guint64 programs = 0;
  if (count == NULL
      || !g_ascii_string_to_unsigned (count, 10, 0, G_N_ELEMENTS (out->seccomp.programs), &programs,
                                      NULL))
    {
      *failed_key = "seccomp-programs";
      return FALSE;
    }
  for (guint n = 0; n < programs; n++)
    {
      g_autofree char *key = g_strdup_printf ("seccomp-%u", n);
      g_autofree char *text = g_key_file_get_value (info, "Enter", key, NULL);
      gsize len = 0;
      guchar *bytes = text ? g_base64_decode (text, &len) : NULL;
      if (bytes == NULL || len == 0 || len % sizeof (struct sock_filter) != 0
          || len / sizeof (struct sock_filter) > G_MAXUINT16)
        {
          g_free (bytes);
          *key_out = g_steal_pointer (&key);
          return FALSE;
        }
      out->seccomp.programs[n].filter = (struct sock_filter *) bytes;
      out->seccomp.programs[n].len = (unsigned short) (len / sizeof (struct sock_filter));
      out->seccomp.count = (int) n + 1;
    }
  return TRUE;
}

gboolean
sbox_enter_data_parse (GKeyFile *info, const char *id, SboxEnterLimits *out, GError **error)
{
  g_autofree char *mode = g_key_file_get_string (info, "Enter", "mode", NULL);
  if (mode && g_str_equal (mode, "confine"))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "sandbox %s runs in the confinement mode: it has no namespaces to join, and "
                   "--enter does not rebuild its Landlock rules",
                   id);
      return FALSE;
    }
  static const char *const required[] = { "uid",        "gid",     "landlock", "seccomp-programs",
                                          "namespaces", "environ", "rlimits",  NULL };
  for (const char *const *key = required; *key; key++)
    if (!g_key_file_has_key (info, "Enter", *key, NULL))
      {
        g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s: [Enter] has no %s", id,
                     *key);
        return FALSE;
      }
  SboxSandbox *sandbox = out->sandbox = sbox_sandbox_new ();
  guint32 uid = 0, gid = 0;
  if (!get_id (info, "uid", &uid))
    return bad (error, id, "uid");
  if (!get_id (info, "gid", &gid))
    return bad (error, id, "gid");
  sandbox->ids.uid = uid;
  sandbox->ids.gid = gid;
  g_free (sandbox->landlock);
  sandbox->landlock = g_key_file_get_string (info, "Enter", "landlock", NULL);
  g_autofree char *network = g_key_file_get_string (info, "Enter", "network", NULL);
  if (network)
    {
      g_free (sandbox->network);
      sandbox->network = g_steal_pointer (&network);
    }
  g_auto (GStrv) writable = g_key_file_get_string_list (info, "Enter", "writable", NULL, NULL);
  for (char **dest = writable; dest && *dest; dest++)
    sbox_sandbox_add_fs (sandbox, SBOX_FS_BIND, 0, *dest, *dest);
  sandbox->home = g_key_file_get_string (info, "Enter", "home", NULL);
  g_autofree char *rlimits = g_key_file_get_value (info, "Enter", "rlimits", NULL);
  if (rlimits == NULL || !parse_rlimits (rlimits, sandbox))
    return bad (error, id, "rlimits");
  out->cgroup = g_key_file_get_string (info, "Enter", "cgroup", NULL);
  out->namespaces = g_key_file_get_string_list (info, "Enter", "namespaces", NULL, NULL);
  if (out->namespaces == NULL)
    return bad (error, id, "namespaces");
  out->new_session = g_key_file_get_boolean (info, "Enter", "new-session", NULL);
  const char *failed_key = NULL;
  g_autofree char *failed_program = NULL;
  if (!parse_seccomp (info, out, &failed_key, &failed_program))
    return bad (error, id, failed_key ? failed_key : failed_program);
  /* Values are read raw (g_key_file_get_value): the environment is
   * base64, and a non-UTF-8 value must be refused, not half-read. */
  g_autofree char *env64 = g_key_file_get_value (info, "Enter", "environ", NULL);
  gsize env_len = 0;
  g_autofree char *env = env64 ? (char *) g_base64_decode (env64, &env_len) : NULL;
  if (env == NULL)
    return bad (error, id, "environ");
  out->env = g_ptr_array_new_with_free_func (g_free);
  for (gsize at = 0; at < env_len; at += strnlen (env + at, env_len - at) + 1)
    g_ptr_array_add (out->env, g_strndup (env + at, env_len - at));
  g_ptr_array_add (out->env, NULL);
  return TRUE;
}
