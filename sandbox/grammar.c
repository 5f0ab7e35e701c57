/* grammar.c — the entry grammars and name tables shared by the profile
 * loader, the composer and context.c (grammar.h): checked once, here, so
 * that loading a profile and building a plan cannot disagree. */
#include "config.h"

#include <string.h>

#include "error.h"
#include "grammar.h"

const char *const sbox_grammar_plain_filesystems[] = { "host", "host-os", "host-etc", "home",
                                                       NULL };

static gboolean
is_xdg_name (const char *name)
{
  static const char *const names[] = { "xdg-desktop", "xdg-documents", "xdg-download",
                                       "xdg-music",   "xdg-pictures",  "xdg-public-share",
                                       "xdg-videos",  "xdg-templates", "xdg-config",
                                       "xdg-cache",   "xdg-data",      "xdg-run",
                                       NULL };
  return g_strv_contains (names, name);
}

gboolean
sbox_grammar_has_dotdot (const char *path)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  for (char **p = parts; *p; p++)
    if (g_str_equal (*p, ".."))
      return TRUE;
  return FALSE;
}

/* Split "[!]NAME[/SUB][:MODE]" into the path part and the mode. */
gboolean
sbox_grammar_parse_filesystem (const char *entry, char **path, SboxGrantMode *mode, GError **error)
{
  const char *colon = strrchr (entry, ':');
  *mode = SBOX_GRANT_RW;
  if (colon)
    {
      const char *suffix = colon + 1;
      if (g_str_equal (suffix, "ro"))
        *mode = SBOX_GRANT_RO;
      else if (g_str_equal (suffix, "create"))
        *mode = SBOX_GRANT_CREATE;
      else if (!g_str_equal (suffix, "rw"))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                       "unknown mode ':%s' in '%s' (expected :ro, :rw or :create)", suffix, entry);
          return FALSE;
        }
    }
  *path = colon ? g_strndup (entry, (gsize) (colon - entry)) : g_strdup (entry);
  return TRUE;
}

char *
sbox_grammar_filesystem_identity (const char *entry)
{
  g_autofree char *path = NULL;
  SboxGrantMode mode;
  if (!sbox_grammar_parse_filesystem (entry, &path, &mode, NULL))
    return g_strdup (entry);
  /* "~/x/" and "~/x" are the same grant. */
  gsize len = strlen (path);
  while (len > 1 && path[len - 1] == '/')
    path[--len] = '\0';
  return g_steal_pointer (&path);
}

gboolean
sbox_grammar_check_filesystem (const char *entry, GError **error)
{
  g_autofree char *path = NULL;
  SboxGrantMode mode;
  if (!sbox_grammar_parse_filesystem (entry, &path, &mode, error))
    return FALSE;
  if (sbox_grammar_has_dotdot (path))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "'%s' escapes through '..'", entry);
      return FALSE;
    }
  if (g_strv_contains (sbox_grammar_plain_filesystems, path))
    return TRUE;
  if (path[0] == '/' || (path[0] == '~' && (path[1] == '\0' || path[1] == '/')))
    return TRUE;
  g_autofree char *head = g_strdup (path);
  char *slash = strchr (head, '/');
  if (slash)
    *slash = '\0';
  if (is_xdg_name (head) && (!g_str_equal (head, "xdg-run") || (slash && slash[1])))
    return TRUE;
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
               "unknown filesystem '%s' (expected host, host-os, host-etc, home, xdg-*, ~/PATH "
               "or /PATH)",
               entry);
  return FALSE;
}

gboolean
sbox_grammar_check_persistent (const char *entry, GError **error)
{
  if (entry[0] == '/' || entry[0] == '~' || sbox_grammar_has_dotdot (entry) || entry[0] == '\0'
      || g_str_equal (entry, "."))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                   "'%s' must be a directory relative to the home directory, without '..'", entry);
      return FALSE;
    }
  return TRUE;
}

gboolean
sbox_grammar_check_cache (const char *entry, GError **error)
{
  if (!(entry[0] == '/' || (entry[0] == '~' && entry[1] == '/')) || sbox_grammar_has_dotdot (entry)
      || g_str_equal (entry, "/") || g_str_equal (entry, "~/"))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                   "cache '%s' must be an absolute or ~/ path, without '..'", entry);
      return FALSE;
    }
  return TRUE;
}

const SboxMountKind sbox_grammar_mount_kinds[] = {
  { "ro-bind", SBOX_FS_RO_BIND, 2, SBOX_FS_FLAG_NONE },
  { "bind", SBOX_FS_BIND, 2, SBOX_FS_FLAG_NONE },
  { "dev-bind", SBOX_FS_DEV_BIND, 2, SBOX_FS_FLAG_NONE },
  { "ro-bind-try", SBOX_FS_RO_BIND, 2, SBOX_FS_FLAG_TRY },
  { "bind-try", SBOX_FS_BIND, 2, SBOX_FS_FLAG_TRY },
  { "dev-bind-try", SBOX_FS_DEV_BIND, 2, SBOX_FS_FLAG_TRY },
  { "symlink", SBOX_FS_SYMLINK, 2, SBOX_FS_FLAG_NONE },
  { "tmpfs", SBOX_FS_TMPFS, 1, SBOX_FS_FLAG_NONE },
  { "dir", SBOX_FS_DIR, 1, SBOX_FS_FLAG_NONE },
};

int
sbox_grammar_find_mount (const char *entry, char ***parts_out)
{
  g_auto (GStrv) parts = g_strsplit (entry, ":", 3);
  if (parts[0] == NULL)
    return -1; /* an empty entry ("!" alone) splits into nothing */
  for (gsize i = 0; i < G_N_ELEMENTS (sbox_grammar_mount_kinds); i++)
    if (g_str_equal (parts[0], sbox_grammar_mount_kinds[i].name)
        && (gint) g_strv_length (parts) == sbox_grammar_mount_kinds[i].paths + 1)
      {
        *parts_out = g_steal_pointer (&parts);
        return (int) i;
      }
  return -1;
}

gboolean
sbox_grammar_check_mount (const char *entry, GError **error)
{
  g_auto (GStrv) parts = NULL;
  int kind = sbox_grammar_find_mount (entry, &parts);
  if (kind < 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                   "bad mount '%s' (expected ro-bind:SRC:DEST, bind:SRC:DEST, dev-bind:SRC:DEST, "
                   "ro-bind-try:SRC:DEST, bind-try:SRC:DEST, symlink:TARGET:DEST, tmpfs:DEST or "
                   "dir:DEST)",
                   entry);
      return FALSE;
    }
  for (char **p = parts + 1; *p; p++)
    if (**p == '\0' || sbox_grammar_has_dotdot (*p))
      {
        g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "bad path '%s' in mount '%s'", *p,
                     entry);
        return FALSE;
      }
  const char *dest = parts[sbox_grammar_mount_kinds[kind].paths];
  if (dest[0] != '/' && dest[0] != '~' && dest[0] != '$')
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                   "destination '%s' in mount '%s' must be absolute", dest, entry);
      return FALSE;
    }
  return TRUE;
}

int
sbox_grammar_errno_from_name (const char *name)
{
  for (int e = 1; e < 200; e++)
    {
      const char *known = strerrorname_np (e);
      if (known && g_str_equal (known, name))
        return e;
    }
  return -1;
}

gboolean
sbox_grammar_check_env_name (const char *name, char **why)
{
  gboolean ok = *name != '\0' && !g_ascii_isdigit (*name);
  for (const char *p = name; ok && *p; p++)
    ok = g_ascii_isalnum (*p) || *p == '_';
  if (!ok)
    {
      g_autofree char *shown = sbox_error_one_line (name);
      *why = g_strdup_printf ("invalid variable name '%s' (letters, digits and '_', not starting "
                              "with a digit)",
                              shown);
    }
  return ok;
}
