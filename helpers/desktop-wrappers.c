/* desktop-wrappers.c — sbox-desktop's own copies in the user's
 * applications directory: telling them from the user's files, reading back
 * what enable recorded in them, and whether their source has changed. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "desktop-exec.h"
#include "desktop-keys.h"
#include "desktop-wrappers.h"

static void
wrapper_free (SboxDesktopWrapper *w)
{
  g_free (w->id);
  g_free (w->path);
  g_free (w->profile);
  g_free (w->source);
  g_free (w->checksum);
  g_free (w->program);
  g_free (w->symlink);
  g_free (w);
}

/* Only a regular file carrying X-Sbox-Profile is ours to replace or remove;
 * a symlink there is the user's doing even if it points at one of ours, and
 * a file that cannot be examined counts as someone else's, so that nothing
 * is overwritten on a guess. */
SboxDesktopFileState
sbox_desktop_wrappers_file_state (const char *path)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return errno == ENOENT ? SBOX_DESKTOP_FILE_ABSENT : SBOX_DESKTOP_FILE_FOREIGN;
  if (!S_ISREG (st.st_mode) || !g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return SBOX_DESKTOP_FILE_FOREIGN;
  return g_key_file_has_key (kf, GROUP, KEY_PROFILE, NULL) ? SBOX_DESKTOP_FILE_OURS
                                                           : SBOX_DESKTOP_FILE_FOREIGN;
}

static SboxDesktopWrapper *
wrapper_load (const char *dir, const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *exec = NULL;
  g_autoptr (GPtrArray) argv = NULL;
  SboxDesktopWrapper *w;

  if (sbox_desktop_wrappers_file_state (path) != SBOX_DESKTOP_FILE_OURS
      || !g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  w = g_new0 (SboxDesktopWrapper, 1);
  w->id = g_strdup (name);
  w->path = g_steal_pointer (&path);
  w->profile = g_key_file_get_string (kf, GROUP, KEY_PROFILE, NULL);
  w->source = g_key_file_get_string (kf, GROUP, KEY_SOURCE, NULL);
  w->checksum = g_key_file_get_string (kf, GROUP, KEY_CHECKSUM, NULL);
  w->symlink = g_key_file_get_string (kf, GROUP, KEY_SYMLINK, NULL);
  /* enable writes the key only with --no-marker: absent, the names were
   * marked. */
  w->no_marker = g_key_file_has_key (kf, GROUP, KEY_MARKER, NULL)
                 && !g_key_file_get_boolean (kf, GROUP, KEY_MARKER, NULL);
  /* The original program follows the first "--" of our Exec=. */
  exec = g_key_file_get_string (kf, GROUP, "Exec", NULL);
  if (exec != NULL && (argv = sbox_desktop_exec_split (exec, NULL)) != NULL)
    for (guint i = 1; i < argv->len; i++)
      if (g_str_equal (g_ptr_array_index (argv, i), "--"))
        {
          w->program = sbox_desktop_exec_program (argv, i + 1);
          break;
        }
  return w;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
sbox_desktop_wrappers_scan (const char *user_dir)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) wrapper_free);
  g_autoptr (GDir) dir = g_dir_open (user_dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return out;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".desktop"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      SboxDesktopWrapper *w = wrapper_load (user_dir, g_ptr_array_index (names, i));
      if (w != NULL)
        g_ptr_array_add (out, w);
    }
  return out;
}

static char *
checksum_file (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

const char *
sbox_desktop_wrappers_state (const SboxDesktopWrapper *w)
{
  g_autofree char *sum = NULL;

  if (w->source == NULL || !g_file_test (w->source, G_FILE_TEST_EXISTS))
    return "orphaned";
  sum = checksum_file (w->source, NULL);
  if (sum == NULL || w->checksum == NULL || !g_str_equal (sum, w->checksum))
    return "stale";
  return "ok";
}
