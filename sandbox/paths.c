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

static const struct
{
  const char *xdg_name;  /* filesystems= name */
  const char *variable;  /* ${...} name */
  int special;           /* GUserDirectory, or -1 for the base directories */
  const char *fallback;  /* relative to home, for base directories */
} xdg_table[] = {
  { "xdg-desktop", "XDG_DESKTOP_DIR", G_USER_DIRECTORY_DESKTOP, NULL },
  { "xdg-documents", "XDG_DOCUMENTS_DIR", G_USER_DIRECTORY_DOCUMENTS, NULL },
  { "xdg-download", "XDG_DOWNLOAD_DIR", G_USER_DIRECTORY_DOWNLOAD, NULL },
  { "xdg-music", "XDG_MUSIC_DIR", G_USER_DIRECTORY_MUSIC, NULL },
  { "xdg-pictures", "XDG_PICTURES_DIR", G_USER_DIRECTORY_PICTURES, NULL },
  { "xdg-public-share", "XDG_PUBLICSHARE_DIR", G_USER_DIRECTORY_PUBLIC_SHARE, NULL },
  { "xdg-templates", "XDG_TEMPLATES_DIR", G_USER_DIRECTORY_TEMPLATES, NULL },
  { "xdg-videos", "XDG_VIDEOS_DIR", G_USER_DIRECTORY_VIDEOS, NULL },
  { "xdg-config", "XDG_CONFIG_HOME", -1, ".config" },
  { "xdg-cache", "XDG_CACHE_HOME", -1, ".cache" },
  { "xdg-data", "XDG_DATA_HOME", -1, ".local/share" },
};

static char *
xdg_lookup (gsize i, const SboxExpandContext *ctx)
{
  if (xdg_table[i].special < 0)
    {
      const char *value = g_environ_getenv ((char **) ctx->envp, xdg_table[i].variable);
      if (value && g_path_is_absolute (value))
        return g_strdup (value);
      return g_build_filename (ctx->home, xdg_table[i].fallback, NULL);
    }
  /* GLib reads user-dirs.dirs for the process, which runs as the caller. */
  const char *dir = g_get_user_special_dir ((GUserDirectory) xdg_table[i].special);
  if (dir == NULL || g_str_equal (dir, ctx->home) || g_str_equal (dir, g_get_home_dir ()))
    return NULL; /* unset entries point at $HOME: never grant the whole home by accident */
  return g_strdup (dir);
}

char *
sbox_paths_xdg_dir (const char *name, const SboxExpandContext *ctx)
{
  for (gsize i = 0; i < G_N_ELEMENTS (xdg_table); i++)
    if (g_str_equal (xdg_table[i].xdg_name, name))
      return xdg_lookup (i, ctx);
  return NULL;
}

static char *
expand_variable (const char *name, const SboxExpandContext *ctx)
{
  if (g_str_equal (name, "HOME"))
    return g_strdup (ctx->home);
  if (g_str_equal (name, "USER"))
    return g_strdup (ctx->user);
  if (g_str_equal (name, "UID"))
    return g_strdup_printf ("%u", ctx->uid);
  if (g_str_equal (name, "PWD"))
    return g_strdup (ctx->cwd);
  if (g_str_equal (name, "XDG_RUNTIME_DIR"))
    {
      const char *value = g_environ_getenv ((char **) ctx->envp, "XDG_RUNTIME_DIR");
      return value ? g_strdup (value) : g_strdup_printf ("/run/user/%u", ctx->uid);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (xdg_table); i++)
    if (g_str_equal (xdg_table[i].variable, name))
      return xdg_lookup (i, ctx);
  return NULL;
}

char *
sbox_paths_expand (const char *text, const SboxExpandContext *ctx, GError **error)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  if (p[0] == '~' && (p[1] == '\0' || p[1] == '/'))
    {
      g_string_append (out, ctx->home);
      p++;
    }
  while (*p)
    {
      if (p[0] == '$' && p[1] == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = end ? g_strndup (p + 2, (gsize) (end - p - 2)) : NULL;
          g_autofree char *value = name ? expand_variable (name, ctx) : NULL;
          if (value == NULL)
            {
              g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                           "cannot expand %s in %s (known: HOME, USER, UID, PWD, "
                           "XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME, "
                           "XDG_<NAME>_DIR)",
                           name ? name : "an unterminated ${", text);
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append (out, value);
          p = end + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
