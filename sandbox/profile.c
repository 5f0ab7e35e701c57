/* profile.c — profile files: where they are found, how they merge, and the
 * checking that names FILE:LINE and the key for every problem. */
#include "config.h"
#include "installdirs.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <seccomp.h>
#include <string.h>

#include "grammar.h"
#include "error.h"
#include "guard.h"
#include "protect.h"
#include "profile.h"
#include "rlimits.h"

#define MAX_INCLUDE_DEPTH 16

typedef enum
{
  KEY_SCALAR,
  KEY_LIST,
} KeyType;

typedef gboolean (*Validator) (const char *value, char **why);

typedef struct
{
  const char *section;
  const char *key;
  KeyType type;
  Validator validate;
} KeySpec;

/* ---- validators: each explains what it expected ---- */

static gboolean
one_of (const char *value, const char *const *allowed, char **why)
{
  for (const char *const *a = allowed; *a; a++)
    if (g_str_equal (value, *a))
      return TRUE;
  g_autofree char *list = g_strjoinv (", ", (char **) allowed);
  *why = g_strdup_printf ("unknown value '%s' (expected one of %s)", value, list);
  return FALSE;
}

#define ENUM_VALIDATOR(fn, ...)                                                                    \
  static gboolean fn (const char *value, char **why)                                               \
  {                                                                                                \
    static const char *const allowed[] = { __VA_ARGS__, NULL };                                    \
    return one_of (value, allowed, why);                                                           \
  }

ENUM_VALIDATOR (check_shared, "network", "ipc")
ENUM_VALIDATOR (check_socket, "x11", "fallback-x11", "wayland", "pulseaudio", "pipewire",
                "session-bus", "system-bus", "ssh-auth", "pcsc", "cups", "gpg-agent")
ENUM_VALIDATOR (check_device, "dri", "kvm", "input", "shm", "all")
ENUM_VALIDATOR (check_feature, "devel", "multiarch")
ENUM_VALIDATOR (check_home, "private", "tmpfs", "host-ro", "host")
ENUM_VALIDATOR (check_landlock, "true", "false", "required")
ENUM_VALIDATOR (check_bool, "true", "false")
ENUM_VALIDATOR (check_file_arguments, "ro", "rw", "none")
ENUM_VALIDATOR (check_bus_level, "see", "talk", "own", "call", "broadcast")

/* A bus policy: one level, or a ';' list in which call and broadcast may
 * narrow to one rule of xdg-dbus-proxy's form [INTERFACE.MEMBER][@/PATH]
 * ("call:org.freedesktop.login1.Manager.GetSession@/org/freedesktop/login1"). */
static gboolean
check_bus_policy (const char *value, char **why)
{
  g_auto (GStrv) entries = g_strsplit (value, ";", -1);
  guint count = 0;
  for (char **entry = entries; *entry; entry++)
    {
      if (**entry == '\0')
        continue;
      count++;
      const char *colon = strchr (*entry, ':');
      g_autofree char *level = colon ? g_strndup (*entry, (gsize) (colon - *entry)) : g_strdup (*entry);
      if (!check_bus_level (level, why))
        return FALSE;
      if (colon == NULL)
        continue;
      if (!g_str_equal (level, "call") && !g_str_equal (level, "broadcast"))
        {
          *why = g_strdup_printf ("'%s': only call and broadcast take a rule", *entry);
          return FALSE;
        }
      const char *rule = colon + 1;
      gboolean rule_ok = *rule != '\0';
      for (const char *c = rule; *c; c++)
        if (!g_ascii_isalnum (*c) && !strchr ("_.*@/-", *c))
          rule_ok = FALSE;
      if (!rule_ok)
        {
          *why = g_strdup_printf ("bad rule '%s' (expected INTERFACE.MEMBER, @/PATH or both; "
                                  "'*' as a wildcard)", rule);
          return FALSE;
        }
    }
  if (count == 0)
    {
      *why = g_strdup ("empty bus policy");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_any (const char *value, char **why)
{
  return TRUE;
}

static gboolean
check_name (const char *value, char **why)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("-_.", *p))
      {
        *why = g_strdup_printf ("invalid name '%s' (letters, digits, '-', '_', '.')", value);
        return FALSE;
      }
  if (*value == '\0' || *value == '.')
    {
      *why = g_strdup_printf ("invalid name '%s'", value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_command (const char *value, char **why)
{
  if (*value == '\0' || strchr (value, '/') || g_str_equal (value, ".."))
    {
      *why = g_strdup_printf ("invalid command '%s' (a program name, found in PATH)", value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_app_id (const char *value, char **why)
{
  if (!check_name (value, why))
    return FALSE;
  if (strchr (value, '.') == NULL)
    {
      *why = g_strdup_printf ("invalid app id '%s' (reverse DNS, such as org.example.App)", value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_seccomp (const char *value, char **why)
{
  static const char *const allowed[] = { "default", "strict", "none", NULL };
  if (value[0] == '/')
    return TRUE;
  return one_of (value, allowed, why);
}

static gboolean
check_syscall (const char *value, char **why)
{
  g_auto (GStrv) parts = g_strsplit (value, ":", 2);
  if (seccomp_syscall_resolve_name (parts[0]) == __NR_SCMP_ERROR)
    {
      *why = g_strdup_printf ("unknown syscall '%s'", parts[0]);
      return FALSE;
    }
  if (parts[1] && sbox_grammar_errno_from_name (parts[1]) < 0)
    {
      *why = g_strdup_printf ("unknown errno '%s' (such as EPERM, ENOSYS)", parts[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_rlimit (const char *value, char **why)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxPlan) scratch = sbox_plan_new ();
  if (!sbox_limits_add_rlimit (scratch, value, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_uint (const char *value, char **why)
{
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, NULL, NULL))
    {
      *why = g_strdup_printf ("'%s' is not a number of seconds", value);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_hostname (const char *value, char **why)
{
  if (*value == '\0' || strlen (value) > 64 || value[0] == '-')
    goto bad;
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.')
      goto bad;
  return TRUE;
bad:
  *why = g_strdup_printf ("invalid hostname '%s'", value);
  return FALSE;
}

static gboolean
check_env_glob (const char *value, char **why)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && !strchr ("_*?", *p))
      {
        *why = g_strdup_printf ("invalid variable name or glob '%s'", value);
        return FALSE;
      }
  if (*value == '\0')
    {
      *why = g_strdup ("empty variable name or glob");
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_filesystem (const char *value, char **why)
{
  g_autoptr (GError) error = NULL;
  if (!sbox_grammar_check_filesystem (value, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_persistent (const char *value, char **why)
{
  g_autoptr (GError) error = NULL;
  if (!sbox_grammar_check_persistent (value, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_cache (const char *value, char **why)
{
  g_autoptr (GError) error = NULL;
  if (!sbox_grammar_check_cache (value, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_protect (const char *value, char **why)
{
  g_autoptr (GError) error = NULL;
  if (!sbox_protect_check (value, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_mount (const char *value, char **why)
{
  g_autoptr (GError) error = NULL;
  if (!sbox_grammar_check_mount (value, &error))
    {
      *why = g_strdup (error->message);
      return FALSE;
    }
  return TRUE;
}

static const KeySpec key_table[] = {
  { "Profile", "Description", KEY_SCALAR, check_any },
  { "Profile", "Include", KEY_LIST, check_name },
  { "Profile", "Command", KEY_LIST, check_command },
  { "Profile", "AppId", KEY_SCALAR, check_app_id },
  { "Context", "shared", KEY_LIST, check_shared },
  { "Context", "sockets", KEY_LIST, check_socket },
  { "Context", "devices", KEY_LIST, check_device },
  { "Context", "filesystems", KEY_LIST, check_filesystem },
  { "Context", "persistent", KEY_LIST, check_persistent },
  { "Context", "caches", KEY_LIST, check_cache },
  { "Context", "features", KEY_LIST, check_feature },
  { "Sandbox", "Home", KEY_SCALAR, check_home },
  { "Sandbox", "FileArguments", KEY_SCALAR, check_file_arguments },
  { "Sandbox", "Seccomp", KEY_SCALAR, check_seccomp },
  { "Sandbox", "SeccompAllow", KEY_LIST, check_syscall },
  { "Sandbox", "SeccompDeny", KEY_LIST, check_syscall },
  { "Sandbox", "Landlock", KEY_SCALAR, check_landlock },
  { "Sandbox", "Rlimits", KEY_LIST, check_rlimit },
  { "Sandbox", "Timeout", KEY_SCALAR, check_uint },
  { "Sandbox", "Hostname", KEY_SCALAR, check_hostname },
  { "Sandbox", "NewSession", KEY_SCALAR, check_bool },
  { "Sandbox", "DieWithParent", KEY_SCALAR, check_bool },
  { "Sandbox", "KeepEnvironment", KEY_LIST, check_env_glob },
  { "Sandbox", "Mounts", KEY_LIST, check_mount },
  { "Sandbox", "Protect", KEY_LIST, check_protect },
};

#define SECTION_SESSION_BUS "Session Bus Policy"
#define SECTION_SYSTEM_BUS "System Bus Policy"
#define SECTION_ENVIRONMENT "Environment"

static const KeySpec *
find_key (const char *section, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (key_table); i++)
    if (g_str_equal (key_table[i].section, section) && g_str_equal (key_table[i].key, key))
      return &key_table[i];
  return NULL;
}

static gboolean
known_section (const char *section)
{
  return g_str_equal (section, "Profile") || g_str_equal (section, "Context")
         || g_str_equal (section, "Sandbox") || g_str_equal (section, SECTION_SESSION_BUS)
         || g_str_equal (section, SECTION_SYSTEM_BUS) || g_str_equal (section, SECTION_ENVIRONMENT);
}

/* ---- the profile object ---- */


SboxProfile *
sbox_profile_new (const char *name)
{
  SboxProfile *profile = g_new0 (SboxProfile, 1);
  profile->name = g_strdup (name);
  profile->files = g_ptr_array_new_with_free_func (g_free);
  profile->scalars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sbox_plan_item_free);
  profile->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
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
  g_hash_table_unref (profile->scalars);
  g_hash_table_unref (profile->lists);
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
sbox_profile_get_setting (SboxProfile *profile, const char *section, const char *key)
{
  g_autofree char *k = table_key (section, key);
  return g_hash_table_lookup (profile->scalars, k);
}

const char *
sbox_profile_get (SboxProfile *profile, const char *section, const char *key)
{
  const SboxSetting *setting = sbox_profile_get_setting (profile, section, key);
  return setting ? setting->value : NULL;
}

GPtrArray *
sbox_profile_get_list (SboxProfile *profile, const char *section, const char *key)
{
  g_autofree char *k = table_key (section, key);
  GPtrArray *list = g_hash_table_lookup (profile->lists, k);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (sbox_plan_item_free);
      g_hash_table_insert (profile->lists, g_steal_pointer (&k), list);
    }
  return list;
}

/* Entries that name the same thing replace each other: "~/.x:ro" and
 * "~/.x:rw" are one grant, and "!~/.x" revokes both. */
static char *
list_identity (const char *section, const char *key, const char *entry)
{
  if (entry[0] == '!')
    entry++;
  if (g_str_equal (key, "filesystems"))
    return sbox_grammar_filesystem_identity (entry);
  if (g_str_equal (key, "Rlimits") || g_str_equal (key, "SeccompAllow")
      || g_str_equal (key, "SeccompDeny"))
    {
      const char *sep = strpbrk (entry, "=:");
      return sep ? g_strndup (entry, (gsize) (sep - entry)) : g_strdup (entry);
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
  GHashTableIter iter;
  gpointer list;
  g_hash_table_iter_init (&iter, profile->lists);
  while (g_hash_table_iter_next (&iter, NULL, &list))
    compact_array (profile, list);
  compact_array (profile, profile->session_bus);
  compact_array (profile, profile->system_bus);
  compact_array (profile, profile->environment);
  g_hash_table_remove_all (profile->replaced);
}

static void
apply_list_entry (SboxProfile *profile, const char *section, const char *key, const char *entry,
                  const char *origin)
{
  g_autofree char *identity = list_identity (section, key, entry);
  g_autofree char *where = table_key (section, key);
  /* Revocations of filesystems stay: a broader grant may still cover the path. */
  if (entry[0] != '!' || g_str_equal (key, "filesystems"))
    {
      SboxSetting *item = sbox_plan_item_new (entry, origin);
      g_ptr_array_add (sbox_profile_get_list (profile, section, key), item);
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

/* A well-known D-Bus name (two or more dot-separated elements), optionally
 * ending in ".*" for a name and everything below it. */
static gboolean
check_bus_name (const char *name, char **why)
{
  gboolean wildcard = g_str_has_suffix (name, ".*");
  g_autofree char *bare = wildcard ? g_strndup (name, strlen (name) - 2) : g_strdup (name);
  g_auto (GStrv) elements = g_strsplit (bare, ".", -1);
  gboolean ok = g_strv_length (elements) >= 2 && strlen (bare) <= 255;
  for (char **e = elements; ok && *e; e++)
    {
      ok = **e != '\0' && !g_ascii_isdigit (**e);
      for (const char *p = *e; ok && *p; p++)
        ok = g_ascii_isalnum (*p) || *p == '_' || *p == '-';
    }
  if (!ok)
    *why = g_strdup_printf ("invalid bus name '%s'", name);
  return ok;
}

static gboolean
apply_setting (SboxProfile *profile, const char *section, const char *key, const char *value,
               const char *origin, GError **error)
{
  g_autofree char *why = NULL;
  gboolean is_bus = g_str_equal (section, SECTION_SESSION_BUS) || g_str_equal (section, SECTION_SYSTEM_BUS);
  if (is_bus)
    {
      if (!check_bus_name (key, &why) || !check_bus_policy (value, &why))
        goto bad;
      set_named (profile,
                 g_str_equal (section, SECTION_SESSION_BUS) ? profile->session_bus
                                                            : profile->system_bus,
                 section, key, value, origin);
      return TRUE;
    }
  if (g_str_equal (section, SECTION_ENVIRONMENT))
    {
      if (!sbox_grammar_check_env_name (key, &why))
        goto bad;
      set_named (profile, profile->environment, section, key, value, origin);
      return TRUE;
    }
  if (!known_section (section))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s: [%s]: unknown section", origin,
                   section);
      return FALSE;
    }
  const KeySpec *spec = find_key (section, key);
  if (spec == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "%s: [%s] %s: unknown key", origin,
                   section, key);
      return FALSE;
    }
  const char *bare = (spec->type == KEY_LIST && value[0] == '!') ? value + 1 : value;
  if (!spec->validate (bare, &why))
    goto bad;
  if (spec->type == KEY_SCALAR)
    g_hash_table_insert (profile->scalars, table_key (section, key), sbox_plan_item_new (value, origin));
  else
    apply_list_entry (profile, section, key, value, origin);
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
                                            "UTF-8)", path, n + 1));
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
          g_hash_table_insert (lines, g_strconcat ("[", section, "]", NULL), GUINT_TO_POINTER (n + 1));
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
          const KeySpec *spec = find_key (section, key);
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: [%s] %s: duplicate key, first set at %s:%u "
                                            "(only the last would count%s)",
                                            path, n + 1, section, key, path, first,
                                            spec && spec->type == KEY_LIST
                                                ? ": write one key, entries separated by ';'"
                                                : ""));
          g_free (k);
          continue;
        }
      g_hash_table_insert (lines, k, GUINT_TO_POINTER (n + 1));
      if (++keys_in_section > SBOX_PROFILE_MAX_ENTRIES)
        {
          g_ptr_array_add (syntax_errors,
                           g_strdup_printf ("%s:%u: [%s]: more than %d keys in one section",
                                            path, n + 1, section, SBOX_PROFILE_MAX_ENTRIES));
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
  g_auto (GStrv) includes = g_key_file_get_string_list (file, "Profile", "Include", NULL, NULL);
  for (char **inc = includes; inc && *inc; inc++)
    {
      g_autofree char *origin = sbox_keyfile_origin (lines, path, "Profile", "Include");
      g_autofree char *why = NULL;
      char *name = g_strstrip (*inc);
      if (*name == '\0')
        continue;
      if (!check_name (name, &why))
        {
          g_ptr_array_add (profile->problems,
                           g_strdup_printf ("%s: [Profile] Include: %s", origin, why));
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
                           g_strdup_printf ("%s: [Profile] Include: %s not found on the profile "
                                            "search path", origin, relative));
          continue;
        }
      gboolean cycle = FALSE;
      for (guint i = 0; i < stack->len; i++)
        cycle |= g_str_equal (g_ptr_array_index (stack, i), found);
      if (cycle || stack->len >= MAX_INCLUDE_DEPTH)
        {
          g_ptr_array_add (profile->problems,
                           g_strdup_printf ("%s: [Profile] Include: %s includes itself (cycle)",
                                            origin, name));
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
      if (!known_section (*group))
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
          if (g_str_equal (*group, "Profile") && g_str_equal (*key, "Include"))
            continue;
          const KeySpec *spec = find_key (*group, *key);
          if (spec && spec->type == KEY_LIST)
            {
              gsize count = 0;
              g_auto (GStrv) values
                  = g_key_file_get_string_list (file, *group, *key, &count, &error);
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
              g_autofree char *value = g_key_file_get_string (file, *group, *key, &error);
              if (value)
                apply_setting (profile, *group, *key, g_strstrip (value), origin, &error);
              else if (error)
                g_prefix_error (&error, "%s: [%s] %s: ", origin, *group, *key);
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
      g_ptr_array_add (profile->problems,
                       g_strdup_printf ("%s: a profile is at most %d MiB", path,
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
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "profile %s not found%s", name_or_path,
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
      g_autofree char *candidate = g_build_filename (g_ptr_array_index (dirs, i - 1), local_name, NULL);
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
            description = g_key_file_get_string (kf, "Profile", "Description", NULL);
          g_ptr_array_add (out, g_strdup_printf ("%s\t%s\t%s", name,
                                                 description ? description : "", path));
          g_hash_table_add (seen, g_steal_pointer (&name));
        }
    }
  return out;
}
