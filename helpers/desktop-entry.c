/* desktop-entry.c — one application's .desktop file: reading the source
 * and rewriting it into a copy whose every Exec= starts the application
 * inside sbox, the rest of the entry kept as it was. */
#include "config.h"

#include "desktop-entry.h"
#include "desktop-exec.h"
#include "desktop-keys.h"

void
sbox_desktop_entry_free (SboxDesktopEntry *e)
{
  g_free (e->path);
  g_free (e->checksum);
  if (e->kf)
    g_key_file_unref (e->kf);
  g_free (e->program);
  g_free (e);
}

SboxDesktopEntry *
sbox_desktop_entry_load (const char *path, GError **error)
{
  g_autoptr (SboxDesktopEntry) e = g_new0 (SboxDesktopEntry, 1);
  g_autofree char *data = NULL;
  g_autofree char *type = NULL;
  g_autofree char *exec = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  gsize len;

  e->path = g_strdup (path);
  e->kf = g_key_file_new ();
  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  /* The checksum is of the bytes parsed here, so that refresh compares the
   * source against exactly what the copy was made from. */
  e->checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
  /* Comments and translations stay: the copy takes the system entry's
   * place in the menu, so it differs from it only where it must. */
  if (!g_key_file_load_from_data (e->kf, data, len,
                                  G_KEY_FILE_KEEP_COMMENTS | G_KEY_FILE_KEEP_TRANSLATIONS, error))
    return NULL;
  type = g_key_file_get_string (e->kf, GROUP, "Type", error);
  if (type == NULL)
    return NULL;
  if (!g_str_equal (type, "Application"))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "Type=%s, not an application", type);
      return NULL;
    }
  if (g_key_file_has_key (e->kf, GROUP, KEY_PROFILE, NULL))
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                   "already starts its application in sbox");
      return NULL;
    }
  exec = g_key_file_get_string (e->kf, GROUP, "Exec", NULL);
  if (exec == NULL)
    {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_KEY_NOT_FOUND,
                   "no Exec= to wrap (D-Bus activation only)");
      return NULL;
    }
  argv = sbox_desktop_exec_split (exec, error);
  if (argv == NULL)
    return NULL;
  e->program = sbox_desktop_exec_program (argv, 0);
  return g_steal_pointer (&e);
}

static gboolean
program_found (const char *name)
{
  g_autofree char *found = NULL;

  if (g_path_is_absolute (name))
    return g_file_test (name, G_FILE_TEST_IS_EXECUTABLE);
  found = g_find_program_in_path (name);
  return found != NULL;
}

/* Name= and each translated Name[LL]= get the marker; a value that already
 * ends in it keeps one. */
static void
mark_names (GKeyFile *kf)
{
  g_auto (GStrv) keys = g_key_file_get_keys (kf, GROUP, NULL, NULL);

  for (char **k = keys; k && *k; k++)
    {
      g_autofree char *value = NULL;
      g_autofree char *marked = NULL;

      if (!g_str_equal (*k, "Name") && !g_str_has_prefix (*k, "Name["))
        continue;
      value = g_key_file_get_value (kf, GROUP, *k, NULL);
      if (value == NULL || g_str_has_suffix (value, NAME_MARKER))
        continue;
      marked = g_strconcat (value, NAME_MARKER, NULL);
      g_key_file_set_value (kf, GROUP, *k, marked);
    }
}

char *
sbox_desktop_entry_wrap (SboxDesktopEntry *e, const char *sbox, const char *profile,
                         const char *link, gboolean no_marker, GError **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (e->kf, NULL);
  g_autofree char *profile_arg = g_strconcat ("--profile=", profile, NULL);
  g_autofree char *try_exec = NULL;

  /* The actions (right-click entries such as "New Window") have Exec= of
   * their own; left alone they would start the application unconfined. */
  for (char **g = groups; *g != NULL; g++)
    {
      g_autofree char *old = NULL;
      g_autoptr (GPtrArray) argv = NULL;
      g_autoptr (GString) out = g_string_new (NULL);

      if (!g_str_equal (*g, GROUP) && !g_str_has_prefix (*g, ACTION_PREFIX))
        continue;
      old = g_key_file_get_string (e->kf, *g, "Exec", NULL);
      if (old == NULL)
        continue;
      argv = sbox_desktop_exec_split (old, error);
      if (argv == NULL)
        {
          g_prefix_error (error, "[%s]: ", *g);
          return NULL;
        }
      sbox_desktop_exec_append_literal (out, sbox);
      sbox_desktop_exec_append_literal (out, profile_arg);
      /* "--" ends sbox's options, whatever the application's first word
       * looks like; desktop-wrappers.c finds the program again after it. */
      g_string_append (out, " --");
      for (guint i = 0; i < argv->len; i++)
        sbox_desktop_exec_append_quoted (out, g_ptr_array_index (argv, i));
      /* set_string adds the key-file escaping (\\ for each backslash). */
      g_key_file_set_string (e->kf, *g, "Exec", out->str);
    }

  /* Launchers prefer D-Bus activation, which would start the application
   * outside the sandbox. */
  g_key_file_remove_key (e->kf, GROUP, "DBusActivatable", NULL);

  /* TryExec still hides the entry once the application is uninstalled; drop
   * it only where it would hide an entry whose program is there. */
  try_exec = g_key_file_get_string (e->kf, GROUP, "TryExec", NULL);
  if (try_exec != NULL && !program_found (try_exec))
    {
      g_autoptr (GKeyFile) orig = g_key_file_new ();
      g_autofree char *orig_exec = NULL;
      g_autoptr (GPtrArray) argv = NULL;

      if (g_key_file_load_from_file (orig, e->path, G_KEY_FILE_NONE, NULL)
          && (orig_exec = g_key_file_get_string (orig, GROUP, "Exec", NULL)) != NULL
          && (argv = sbox_desktop_exec_split (orig_exec, NULL)) != NULL
          && program_found (g_ptr_array_index (argv, 0)))
        g_key_file_remove_key (e->kf, GROUP, "TryExec", NULL);
    }

  if (no_marker)
    g_key_file_set_boolean (e->kf, GROUP, KEY_MARKER, FALSE);
  else
    mark_names (e->kf);
  if (link != NULL)
    g_key_file_set_string (e->kf, GROUP, KEY_SYMLINK, link);
  g_key_file_set_string (e->kf, GROUP, KEY_PROFILE, profile);
  g_key_file_set_string (e->kf, GROUP, KEY_SOURCE, e->path);
  g_key_file_set_string (e->kf, GROUP, KEY_CHECKSUM, e->checksum);
  return g_key_file_to_data (e->kf, NULL, error);
}
