/* desktop-sources.c — the system's installed .desktop files: finding them
 * the way launchers do (XDG data directories, ids from relative paths) and
 * reading what each one runs. */
#include "config.h"

#include <string.h>

#include "desktop-exec.h"
#include "desktop-keys.h"
#include "desktop-sources.h"

static void
source_free (SboxDesktopSource *s)
{
  g_free (s->id);
  g_free (s->path);
  g_free (s->program);
  g_free (s);
}

char *
sbox_desktop_sources_id (const char *name)
{
  return g_str_has_suffix (name, ".desktop") ? g_strdup (name)
                                             : g_strconcat (name, ".desktop", NULL);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Reads the two facts every source needs; failures just make it unusable. */
static void
source_probe (SboxDesktopSource *s)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *type = NULL;
  g_autofree char *exec = NULL;
  g_autoptr (GPtrArray) argv = NULL;

  if (!g_key_file_load_from_file (kf, s->path, G_KEY_FILE_NONE, NULL))
    return;
  type = g_key_file_get_string (kf, GROUP, "Type", NULL);
  exec = g_key_file_get_string (kf, GROUP, "Exec", NULL);
  if (exec == NULL || (argv = sbox_desktop_exec_split (exec, NULL)) == NULL)
    return;
  s->program = sbox_desktop_exec_program (argv, 0);
  /* A copy of ours installed system-wide already starts its application in
   * sbox; wrapping it again would nest two sandboxes. */
  s->is_app = type != NULL && g_str_equal (type, "Application") && s->program != NULL
              && !g_key_file_has_key (kf, GROUP, KEY_PROFILE, NULL);
}

/* Walks BASE/REL; ids are relative paths with '/' turned into '-', as the
 * specification says, and the first directory to hold an id wins.  The
 * depth bound stops a symlink that points back up (g_file_test follows
 * links) from recursing forever. */
static void
scan_dir (const char *base, const char *rel, int depth, GHashTable *seen, GPtrArray *out)
{
  g_autofree char *dir_path = rel ? g_build_filename (base, rel, NULL) : g_strdup (base);
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL || depth > 8)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  /* Sorted, so that neither which of a-b.desktop and a/b.desktop wins the
   * id a-b.desktop nor the order enable --all writes in depends on the
   * order the file system lists names in. */
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir_path, n, NULL);
      g_autofree char *sub = rel ? g_build_filename (rel, n, NULL) : g_strdup (n);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        scan_dir (base, sub, depth + 1, seen, out);
      else if (g_str_has_suffix (n, ".desktop"))
        {
          g_autofree char *id = g_strdelimit (g_strdup (sub), "/", '-');
          SboxDesktopSource *s;

          if (g_hash_table_contains (seen, id))
            continue;
          s = g_new0 (SboxDesktopSource, 1);
          s->id = g_steal_pointer (&id);
          s->path = g_steal_pointer (&path);
          source_probe (s);
          g_hash_table_add (seen, g_strdup (s->id));
          g_ptr_array_add (out, s);
        }
    }
}

/* The user's own directory is never a source: that is where our copies
 * live.  XDG_DATA_DIRS may name it too, hence the comparison. */
GPtrArray *
sbox_desktop_sources_scan (const char *user_dir)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  const char *const *dirs = g_get_system_data_dirs ();

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (dirs[i], NULL);
      g_autofree char *apps = g_build_filename (abs, "applications", NULL);
      if (g_str_equal (apps, user_dir))
        continue;
      scan_dir (apps, NULL, 0, seen, out);
    }
  return out;
}

char *
sbox_desktop_sources_dirs_text (void)
{
  const char *const *dirs = g_get_system_data_dirs ();
  g_autoptr (GString) s = g_string_new (NULL);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *apps = g_build_filename (dirs[i], "applications", NULL);
      g_string_append_printf (s, "%s%s", i ? ", " : "", apps);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* An id wins over a program name: "enable foo" means foo.desktop when there
 * is one, whatever other entries run a program called foo. */
SboxDesktopSource *
sbox_desktop_sources_find (GPtrArray *sources, const char *name)
{
  g_autofree char *id = sbox_desktop_sources_id (name);

  for (guint i = 0; i < sources->len; i++)
    {
      SboxDesktopSource *s = g_ptr_array_index (sources, i);
      if (g_str_equal (s->id, id))
        return s;
    }
  for (guint i = 0; i < sources->len; i++)
    {
      SboxDesktopSource *s = g_ptr_array_index (sources, i);
      if (s->is_app && g_str_equal (s->program, name))
        return s;
    }
  return NULL;
}
