/* profile.c — profile files: where they are found, how they merge, and the
 * checking that names FILE:LINE and the key for every problem (which keys
 * exist and what each takes is profile-keys.c's table). */
#include "config.h"
#include "installdirs.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "error.h"
#include "grammar.h"
#include "profile.h"

#define MAX_INCLUDE_DEPTH 16

/* ---- the profile object ---- */

SboxProfile *
sbox_profile_new (const char *name)
{
  SboxProfile *profile = g_new0 (SboxProfile, 1);
  profile->name = g_strdup (name);
  profile->files = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    if (sbox_profile_keys_is_list (k))
      profile->lists[k] = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  profile->session_bus = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  profile->system_bus = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  profile->environment = g_ptr_array_new_with_free_func (sbox_plan_item_free);
  profile->problems = g_ptr_array_new_with_free_func (g_free);
  profile->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  profile->replaced = g_hash_table_new (g_direct_hash, g_direct_equal);
  return profile;
}

void
sbox_profile_free (SboxProfile *profile)
{
  if (profile == NULL)
    return;
  g_free (profile->name);
  g_free (profile->path);
  g_ptr_array_unref (profile->files);
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    {
      if (profile->scalars[k])
        sbox_plan_item_free (profile->scalars[k]);
      if (profile->lists[k])
        g_ptr_array_unref (profile->lists[k]);
    }
  g_ptr_array_unref (profile->session_bus);
  g_ptr_array_unref (profile->system_bus);
  g_ptr_array_unref (profile->environment);
  g_ptr_array_unref (profile->problems);
  g_hash_table_unref (profile->index);
  g_hash_table_unref (profile->replaced);
  g_free (profile);
}

static char *
table_key (const char *section, const char *key)
{
  return g_strconcat (section, "/", key, NULL);
}

const SboxSetting *
sbox_profile_get_setting (SboxProfile *profile, SboxProfileKey key)
{
  if (sbox_profile_keys_is_list (key))
    g_error ("[%s] %s is a list, not a single value", sbox_profile_keys_section_name (key),
             sbox_profile_keys_get (key)->name);
  return profile->scalars[key];
}

const char *
sbox_profile_get (SboxProfile *profile, SboxProfileKey key)
{
  const SboxSetting *setting = sbox_profile_get_setting (profile, key);
  return setting ? setting->value : NULL;
}

GPtrArray *
sbox_profile_get_list (SboxProfile *profile, SboxProfileKey key)
{
  if (!sbox_profile_keys_is_list (key))
    g_error ("[%s] %s is a single value, not a list", sbox_profile_keys_section_name (key),
             sbox_profile_keys_get (key)->name);
  return profile->lists[key];
}

/* Entries that name the same thing replace each other: "~/.x:ro" and
 * "~/.x:rw" are one grant, and "!~/.x" revokes both. */
static char *
list_identity (const SboxKeySpec *spec, const char *entry)
{
  if (entry[0] == '!')
    entry++;
  switch (spec->merge)
    {
    case SBOX_KEY_MERGE_LOCATION:
      return sbox_grammar_filesystem_identity (entry);
    case SBOX_KEY_MERGE_NAME:
      {
        const char *sep = strpbrk (entry, "=:");
        return sep ? g_strndup (entry, (gsize) (sep - entry)) : g_strdup (entry);
      }
    case SBOX_KEY_MERGE_ENTRY:
      break;
    }
  return g_strdup (entry);
}

/* Forget the live entry of this identity in list `where`, if any; it
 * leaves its array at the next compaction. */
static void
replace_identity (SboxProfile *profile, const char *where, const char *identity,
                  SboxSetting *successor)
{
  char *k = g_strconcat (where, "\n", identity, NULL);
  SboxSetting *old = g_hash_table_lookup (profile->index, k);
  if (old)
    g_hash_table_add (profile->replaced, old);
  if (successor)
    g_hash_table_insert (profile->index, k, successor);
  else
    {
      g_hash_table_remove (profile->index, k);
      g_free (k);
    }
}

static void
compact_array (SboxProfile *profile, GPtrArray *array)
{
  guint kept = 0;
  for (guint i = 0; i < array->len; i++)
    {
      SboxSetting *item = g_ptr_array_index (array, i);
      if (g_hash_table_remove (profile->replaced, item))
        sbox_plan_item_free (item);
      else
        array->pdata[kept++] = item;
    }
  g_ptr_array_set_free_func (array, NULL);
  g_ptr_array_set_size (array, kept);
  g_ptr_array_set_free_func (array, sbox_plan_item_free);
}

/* Drop replaced entries: one pass over every array, only when needed. */
static void
compact (SboxProfile *profile)
{
  if (g_hash_table_size (profile->replaced) == 0)
    return;
  for (guint k = 0; k < SBOX_KEY_COUNT; k++)
    if (profile->lists[k])
      compact_array (profile, profile->lists[k]);
  compact_array (profile, profile->session_bus);
  compact_array (profile, profile->system_bus);
  compact_array (profile, profile->environment);
  g_hash_table_remove_all (profile->replaced);
}

static void
apply_list_entry (SboxProfile *profile, const SboxKeySpec *spec, const char *entry,
                  const char *origin)
{
  g_autofree char *identity = list_identity (spec, entry);
  g_autofree char *where = table_key (sbox_profile_keys_sections[spec->section].name, spec->name);
  /* Revocations of locations stay: a broader grant may still cover the path. */
  if (entry[0] != '!' || spec->merge == SBOX_KEY_MERGE_LOCATION)
    {
      SboxSetting *item = sbox_plan_item_new (entry, origin);
      g_ptr_array_add (profile->lists[spec->id], item);
      replace_identity (profile, where, identity, item);
    }
  else
    replace_identity (profile, where, identity, NULL);
}

static void
set_named (SboxProfile *profile, GPtrArray *entries, const char *where, const char *name,
           const char *value, const char *origin)
{
  g_autofree char *entry = g_strconcat (name, "=", value, NULL);
  SboxSetting *item = sbox_plan_item_new (entry, origin);
  g_ptr_array_add (entries, item);
  replace_identity (profile, where, name, item);
}

static gboolean
apply_setting (SboxProfile *profile, const char *section, const char *key, const char *value,
               const char *origin, GError **error)
{
  g_autofree char *why = NULL;
  const SboxSectionSpec *where = sbox_profile_keys_find_section (section);
  if (where == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s: [%s]: unknown section", origin,
                   section);
      return FALSE;
    }
  if (where->kind != SBOX_SECTION_KIND_KEYS)
    {
      if (!sbox_profile_keys_check_named (where, key, value, &why))
        goto bad;
      GPtrArray *entries = where->id == SBOX_SECTION_SESSION_BUS  ? profile->session_bus
                           : where->id == SBOX_SECTION_SYSTEM_BUS ? profile->system_bus
                                                                  : profile->environment;
      set_named (profile, entries, section, key, value, origin);
      return TRUE;
    }
  const SboxKeySpec *spec = sbox_profile_keys_find (section, key);
  if (spec == NULL)
    {
      const char *near = sbox_profile_keys_near (section, key);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s: [%s] %s: unknown key%s%s%s", origin,
                   section, key, near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
      return FALSE;
    }
  gboolean list = spec->kind == SBOX_KEY_KIND_LIST;
  const char *bare = (list && value[0] == '!') ? value + 1 : value;
  if (!sbox_profile_keys_check (spec, bare, &why))
    goto bad;
  if (!list)
    {
      if (profile->scalars[spec->id])
        sbox_plan_item_free (profile->scalars[spec->id]);
      profile->scalars[spec->id] = sbox_plan_item_new (value, origin);
    }
  else
    apply_list_entry (profile, spec, value, origin);
  return TRUE;

bad:
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s: [%s] %s: %s", origin, section, key,
               why ? why : "invalid value");
  return FALSE;
}

gboolean
sbox_profile_apply (SboxProfile *profile, const char *section, const char *key, const char *value,
                    const char *origin, GError **error)
{
  gboolean ok = apply_setting (profile, section, key, value, origin, error);
  compact (profile);
  return ok;
}

/* ---- files ---- */

GPtrArray *
sbox_profile_search_path (const char *const *envp)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *extra = g_environ_getenv ((char **) envp, "SBOX_PROFILE_PATH");
  if (extra)
    {
      g_auto (GStrv) parts = g_strsplit (extra, ":", -1);
      for (char **p = parts; *p; p++)
        if (**p)
          g_ptr_array_add (dirs, g_strdup (*p));
    }
  const char *config = g_environ_getenv ((char **) envp, "XDG_CONFIG_HOME");
  const char *home = g_environ_getenv ((char **) envp, "HOME");
  if (config && g_path_is_absolute (config))
    g_ptr_array_add (dirs, g_build_filename (config, "sbox", "profiles", NULL));
  else if (home && g_path_is_absolute (home))
    g_ptr_array_add (dirs, g_build_filename (home, ".config", "sbox", "profiles", NULL));
  g_ptr_array_add (dirs, g_build_filename (SBOX_SYSCONFDIR, "profiles", NULL));
  g_ptr_array_add (dirs, g_build_filename (SBOX_PKGDATADIR, "profiles", NULL));
  return dirs;
}

static char *
find_on_path (const char *relative, const char *const *envp)
{
  g_autoptr (GPtrArray) dirs = sbox_profile_search_path (envp);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), relative, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }
  return NULL;
}

char *
sbox_profile_find (const char *name, const char *const *envp)
{
  g_autofree char *file = g_strconcat (name, ".profile", NULL);
  if (strchr (name, '/'))
    return NULL;
  return find_on_path (file, envp);
}

GHashTable *
sbox_keyfile_index_lines (const char *contents, GPtrArray *syntax_errors, const char *path)
{
  GHashTable *lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* g_strsplit_set, not g_strsplit: the latter's strstr per line measures
   * the rest of the text each time under a sanitizer (quadratic). */
  g_auto (GStrv) split = g_strsplit_set (contents, "\n", -1);
  g_autofree char *section = NULL;
  gboolean bad_header = FALSE;
  guint keys_in_section = 0;
  for (guint n = 0; split[n]; n++)
    {
      /* Checked here, where the line is known: GLib's own message shows
       * the raw bytes and no line. */
      if (!g_utf8_validate (split[n], -1, NULL))
        {
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: not UTF-8 text (profiles and sbox.conf are "
                                            "UTF-8)",
                                            path, n + 1));
          continue;
        }
      char *line = g_strstrip (split[n]);
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '[' && line[strlen (line) - 1] == ']')
        {
          g_free (section);
          section = g_strndup (line + 1, strlen (line) - 2);
          keys_in_section = 0;
          g_hash_table_insert (lines, g_strconcat ("[", section, "]", NULL),
                               GUINT_TO_POINTER (n + 1));
          bad_header = FALSE;
          continue;
        }
      if (*line == '[')
        {
          /* The keys below belong to this header: one message, not one
           * per key. */
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: section header %s %s", path, n + 1, line,
                                            strchr (line, ']') ? "has text after its ']'"
                                                               : "has no closing ']'"));
          bad_header = TRUE;
          continue;
        }
      if (bad_header)
        continue;
      char *eq = strchr (line, '=');
      if (eq == NULL || eq == line || section == NULL)
        {
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: %s", path, n + 1,
                                            section ? "expected KEY=VALUE"
                                                    : "expected a [Section] before the first key"));
          continue;
        }
      g_autofree char *key = g_strstrip (g_strndup (line, (gsize) (eq - line)));
      char *k = table_key (section, key);
      guint first = GPOINTER_TO_UINT (g_hash_table_lookup (lines, k));
      if (first)
        {
          /* GKeyFile would keep the last silently: an uncommented second
           * filesystems= line would drop the first's grants. */
          const SboxKeySpec *spec = sbox_profile_keys_find (section, key);
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: [%s] %s: duplicate key, first set at %s:%u "
                                            "(only the last would count%s)",
                                            path, n + 1, section, key, path, first,
                                            spec && spec->kind == SBOX_KEY_KIND_LIST
                                                ? ": write one key, entries separated by ';'"
                                                : ""));
          g_free (k);
          continue;
        }
      g_hash_table_insert (lines, k, GUINT_TO_POINTER (n + 1));
      if (++keys_in_section > SBOX_PROFILE_MAX_ENTRIES)
        {
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: [%s]: more than %d keys in one section", path,
                                            n + 1, section, SBOX_PROFILE_MAX_ENTRIES));
          break;
        }
    }
  return lines;
}

char *
sbox_keyfile_origin (GHashTable *lines, const char *path, const char *section, const char *key)
{
  g_autofree char *k = key ? table_key (section, key) : g_strconcat ("[", section, "]", NULL);
  guint line = GPOINTER_TO_UINT (g_hash_table_lookup (lines, k));
  return g_strdup_printf ("%s:%u", path, line);
}

static void load_file (SboxProfile *profile, const char *path, const char *const *envp,
                       GPtrArray *stack);

static void
load_includes (SboxProfile *profile, GKeyFile *file, GHashTable *lines, const char *path,
               const char *const *envp, GPtrArray *stack)
{
  const SboxKeySpec *spec = sbox_profile_keys_get (SBOX_KEY_PROFILE_INCLUDE);
  const char *section = sbox_profile_keys_section_name (SBOX_KEY_PROFILE_INCLUDE);
  g_auto (GStrv) includes = g_key_file_get_string_list (file, section, spec->name, NULL, NULL);
  for (char **inc = includes; inc && *inc; inc++)
    {
      g_autofree char *origin = sbox_keyfile_origin (lines, path, section, spec->name);
      g_autofree char *why = NULL;
      char *name = g_strstrip (*inc);
      if (*name == '\0')
        continue;
      if (!sbox_profile_keys_check (spec, name, &why))
        {
          g_ptr_array_add (profile->problems,
                           g_strdup_printf ("%s: [%s] %s: %s", origin, section, spec->name, why));
          continue;
        }
      g_autofree char *relative = g_strconcat ("include/", name, ".inc", NULL);
      /* A profile given by path finds its abstractions beside it first. */
      g_autofree char *beside = NULL;
      if (profile->path)
        {
          g_autofree char *dir = g_path_get_dirname (profile->path);
          beside = g_build_filename (dir, relative, NULL);
        }
      g_autofree char *found = beside && g_file_test (beside, G_FILE_TEST_IS_REGULAR)
                                   ? g_strdup (beside)
                                   : find_on_path (relative, envp);
      if (found == NULL)
        {
          g_ptr_array_add (profile->problems,
                           g_strdup_printf ("%s: [%s] %s: %s not found on the profile "
                                            "search path",
                                            origin, section, spec->name, relative));
          continue;
        }
      gboolean cycle = FALSE;
      for (guint i = 0; i < stack->len; i++)
        cycle |= g_str_equal (g_ptr_array_index (stack, i), found);
      if (cycle || stack->len >= MAX_INCLUDE_DEPTH)
        {
          g_ptr_array_add (profile->problems,
                           g_strdup_printf ("%s: [%s] %s: %s includes itself (cycle)", origin,
                                            section, spec->name, name));
          continue;
        }
      load_file (profile, found, envp, stack);
    }
}

static void
load_keys (SboxProfile *profile, GKeyFile *file, GHashTable *lines, const char *path)
{
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);
  for (char **group = groups; *group; group++)
    {
      if (sbox_profile_keys_find_section (*group) == NULL)
        {
          g_autofree char *origin = sbox_keyfile_origin (lines, path, *group, NULL);
          g_ptr_array_add (profile->problems,
                           g_strdup_printf ("%s: [%s]: unknown section", origin, *group));
          continue;
        }
      g_auto (GStrv) keys = g_key_file_get_keys (file, *group, NULL, NULL);
      for (char **key = keys; key && *key; key++)
        {
          g_autoptr (GError) error = NULL;
          g_autofree char *origin = sbox_keyfile_origin (lines, path, *group, *key);
          const SboxKeySpec *spec = sbox_profile_keys_find (*group, *key);
          if (spec && spec->id == SBOX_KEY_PROFILE_INCLUDE)
            continue; /* load_includes took them */
          if (spec && spec->kind == SBOX_KEY_KIND_LIST)
            {
              gsize count = 0;
              g_auto (GStrv) values = g_key_file_get_string_list (file, *group, *key, &count,
                                                                  &error);
              if (count > SBOX_PROFILE_MAX_ENTRIES)
                {
                  g_ptr_array_add (profile->problems,
                                   g_strdup_printf ("%s: [%s] %s: %" G_GSIZE_FORMAT
                                                    " entries, more than %d",
                                                    origin, *group, *key, count,
                                                    SBOX_PROFILE_MAX_ENTRIES));
                  continue;
                }
              for (char **v = values; v && *v; v++)
                {
                  char *entry = g_strstrip (*v);
                  if (*entry && !apply_setting (profile, *group, *key, entry, origin, &error))
                    {
                      g_ptr_array_add (profile->problems, g_strdup (error->message));
                      g_clear_error (&error);
                    }
                }
            }
          else
            {
              /* A bad escape gives a value and an error: the error wins. */
              g_autofree char *value = g_key_file_get_string (file, *group, *key, &error);
              if (error)
                g_prefix_error (&error, "%s: [%s] %s: ", origin, *group, *key);
              else if (value)
                apply_setting (profile, *group, *key, g_strstrip (value), origin, &error);
            }
          if (error)
            g_ptr_array_add (profile->problems, g_strdup (error->message));
        }
    }
}

static void
load_file (SboxProfile *profile, const char *path, const char *const *envp, GPtrArray *stack)
{
  GStatBuf st;
  if (g_stat (path, &st) == 0 && st.st_size > SBOX_PROFILE_MAX_BYTES)
    {
      g_ptr_array_add (profile->problems,
                       g_strdup_printf ("%s: %lld bytes: a profile is at most %d MiB", path,
                                        (long long) st.st_size,
                                        SBOX_PROFILE_MAX_BYTES / (1024 * 1024)));
      return;
    }
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_ptr_array_add (profile->problems, g_strdup_printf ("%s: %s", path, error->message));
      return;
    }
  if (length > SBOX_PROFILE_MAX_BYTES) /* it grew meanwhile */
    {
      g_ptr_array_add (profile->problems, g_strdup_printf ("%s: a profile is at most %d MiB", path,
                                                           SBOX_PROFILE_MAX_BYTES / (1024 * 1024)));
      return;
    }
  g_ptr_array_add (profile->files, g_strdup (path));
  guint problems_before = profile->problems->len;
  g_autoptr (GHashTable) lines = sbox_keyfile_index_lines (contents, profile->problems, path);
  if (profile->problems->len > problems_before)
    return;
  g_autoptr (GKeyFile) file = g_key_file_new ();
  if (!g_key_file_load_from_data (file, contents, (gsize) -1, G_KEY_FILE_NONE, &error))
    {
      g_ptr_array_add (profile->problems, g_strdup_printf ("%s: %s", path, error->message));
      return;
    }
  g_ptr_array_add (stack, g_strdup (path));
  load_includes (profile, file, lines, path, envp, stack);
  load_keys (profile, file, lines, path);
  g_free (g_ptr_array_steal_index (stack, stack->len - 1));
}

static char *
profile_name_of (const char *name_or_path)
{
  g_autofree char *base = g_path_get_basename (name_or_path);
  if (g_str_has_suffix (base, ".profile"))
    base[strlen (base) - strlen (".profile")] = '\0';
  return g_steal_pointer (&base);
}

SboxProfile *
sbox_profile_load (const char *name_or_path, const char *const *envp, GError **error)
{
  g_autofree char *name = profile_name_of (name_or_path);
  g_autofree char *path = NULL;
  if (strchr (name_or_path, '/'))
    path = g_strdup (name_or_path);
  else
    path = sbox_profile_find (name_or_path, envp);
  if (path && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "profile %s is a directory, not a profile file", name_or_path);
      return NULL;
    }
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *shown = sbox_error_one_line (name_or_path);
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "profile %s not found%s", shown,
                   path ? "" : " on the profile search path (see sbox --list-profiles)");
      return NULL;
    }

  g_autoptr (SboxProfile) profile = sbox_profile_new (name);
  profile->path = g_strdup (path);
  g_autoptr (GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  load_file (profile, path, envp, stack);

  /* NAME.local beside the profile, then in every directory of the search
   * path from the system's to the user's, so ~/.config/sbox/profiles/NAME.local
   * adjusts an installed profile without copying it. Only for a profile
   * that lies in a directory of the search path (found by name there): one
   * elsewhere is used as it is, for a profile kept in a project's tree
   * would otherwise take its .local from whatever the project's last
   * sandboxed build wrote beside it. */
  g_autofree char *local_name = g_strconcat (name, ".local", NULL);
  g_autoptr (GPtrArray) locals = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *dir_clean = g_canonicalize_filename (dir, NULL);
  g_autoptr (GPtrArray) dirs = sbox_profile_search_path (envp);
  gboolean on_path = FALSE;
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *search = g_canonicalize_filename (g_ptr_array_index (dirs, i), NULL);
      on_path |= g_str_equal (search, dir_clean);
    }
  if (on_path)
    g_ptr_array_add (locals, g_build_filename (dir, local_name, NULL));
  for (guint i = on_path ? dirs->len : 0; i > 0; i--)
    {
      g_autofree char *candidate = g_build_filename (g_ptr_array_index (dirs, i - 1), local_name,
                                                     NULL);
      gboolean seen = FALSE;
      for (guint j = 0; j < locals->len; j++)
        seen |= g_str_equal (g_ptr_array_index (locals, j), candidate);
      if (!seen)
        g_ptr_array_add (locals, g_steal_pointer (&candidate));
    }
  for (guint i = 0; i < locals->len; i++)
    if (g_file_test (g_ptr_array_index (locals, i), G_FILE_TEST_IS_REGULAR))
      load_file (profile, g_ptr_array_index (locals, i), envp, stack);
  compact (profile);

  if (profile->problems->len > 0)
    {
      g_ptr_array_add (profile->problems, NULL);
      g_autofree char *all = g_strjoinv ("\n", (char **) profile->problems->pdata);
      g_ptr_array_remove_index (profile->problems, profile->problems->len - 1);
      g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_INVALID, all);
      return NULL;
    }
  return g_steal_pointer (&profile);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

GPtrArray *
sbox_profile_list_installed (const char *const *envp)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) dirs = sbox_profile_search_path (envp);
  for (guint i = 0; i < dirs->len; i++)
    {
      const char *dirname = g_ptr_array_index (dirs, i);
      g_autoptr (GDir) dir = g_dir_open (dirname, 0, NULL);
      const char *entry;
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      while (dir && (entry = g_dir_read_name (dir)))
        if (g_str_has_suffix (entry, ".profile"))
          g_ptr_array_add (names, g_strdup (entry));
      g_ptr_array_sort (names, compare_strings);
      for (guint n = 0; n < names->len; n++)
        {
          const char *file = g_ptr_array_index (names, n);
          g_autofree char *name = profile_name_of (file);
          if (g_hash_table_contains (seen, name))
            continue;
          g_autofree char *path = g_build_filename (dirname, file, NULL);
          g_autoptr (GKeyFile) kf = g_key_file_new ();
          g_autofree char *description = NULL;
          GStatBuf st;
          if (g_stat (path, &st) == 0 && st.st_size <= SBOX_PROFILE_MAX_BYTES
              && g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, NULL))
            description = g_key_file_get_string (
                kf, sbox_profile_keys_section_name (SBOX_KEY_PROFILE_DESCRIPTION),
                sbox_profile_keys_get (SBOX_KEY_PROFILE_DESCRIPTION)->name, NULL);
          g_ptr_array_add (out, g_strdup_printf ("%s\t%s\t%s", name, description ? description : "",
                                                 path));
          g_hash_table_add (seen, g_steal_pointer (&name));
        }
    }
  return out;
}
