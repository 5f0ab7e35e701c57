/* paths.c — path normalisation for plan destinations and sources. */
#include "config.h"

#include <string.h>

#include "error.h"
#include "paths.h"

gboolean
sbox_paths_is_clean_absolute (const char *path)
{
  if (path == NULL || path[0] != '/')
    return FALSE;
  if (path[1] == '\0')
    return TRUE;
  g_auto (GStrv) parts = g_strsplit (path + 1, "/", -1);
  for (char **p = parts; *p; p++)
    if (**p == '\0' || g_str_equal (*p, ".") || g_str_equal (*p, ".."))
      return FALSE;
  return TRUE;
}

static char *
clean_absolute (const char *what, const char *path, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);
  for (char **p = parts; *p; p++)
    {
      if (**p == '\0' || g_str_equal (*p, "."))
        continue;
      if (g_str_equal (*p, ".."))
        {
          g_string_free (out, TRUE);
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s %s must not contain '..'", what,
                       path);
          return NULL;
        }
      g_string_append_c (out, '/');
      g_string_append (out, *p);
    }
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

char *
sbox_paths_clean_dest (const char *path, GError **error)
{
  if (path == NULL || path[0] != '/')
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "destination %s must be an absolute path", path ? path : "(null)");
      return NULL;
    }
  return clean_absolute ("destination", path, error);
}

char *
sbox_paths_absolute_source (const char *path, GError **error)
{
  if (path == NULL || path[0] == '\0')
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "empty source path");
      return NULL;
    }
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  /* g_canonicalize_filename resolves ".." lexically, which is what a shell
   * user means by "../dir" relative to the current directory. */
  return clean_absolute ("source", absolute, error);
}
