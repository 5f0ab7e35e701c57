/* config-file.c — sbox.conf: the administrator's file in $(sysconfdir)/sbox, then
 * the user's in $XDG_CONFIG_HOME/sbox. The user's file may change the
 * defaults but only tighten the administrator's restrictions. */
#include "config.h"
#include "installdirs.h"

#include <errno.h>
#include <string.h>

#include "config-file.h"
#include "error.h"
#include "profile.h"

#define GROUP "sbox"

typedef enum
{
  VALUE_NAME,
  VALUE_PATH,
  VALUE_POLICY,
  VALUE_BOOLEAN,
  VALUE_DOORS,
  VALUE_FALLBACK,
} ValueKind;

/* The doors whose absence can be made an error (RequireDoors=). */
static const char *const requirable_doors[] = { "wayland",    "x11",      "fallback-x11",
                                                "pulseaudio", "pipewire", "session-bus",
                                                "system-bus", "ssh-auth", "gpg-agent",
                                                NULL };

static const struct
{
  const char *key;
  ValueKind kind;
} known_keys[] = {
  { "DefaultProfile", VALUE_NAME },  { "DBusProxy", VALUE_PATH },
  { "Seccomp", VALUE_POLICY },       { "RequireLandlock", VALUE_BOOLEAN },
  { "AllowNetwork", VALUE_BOOLEAN }, { "RequireDoors", VALUE_DOORS },
  { "Fallback", VALUE_FALLBACK },    { "BwrapHarden", VALUE_BOOLEAN },
};

void
sbox_config_init (SboxConfig *config)
{
  memset (config, 0, sizeof *config);
  config->default_profile = g_strdup ("default");
  config->dbus_proxy = g_strdup (XDG_DBUS_PROXY);
  config->seccomp = g_strdup ("default");
  config->fallback = g_strdup ("refuse");
}

void
sbox_config_clear (SboxConfig *config)
{
  g_clear_pointer (&config->default_profile, g_free);
  g_clear_pointer (&config->dbus_proxy, g_free);
  g_clear_pointer (&config->seccomp, g_free);
  g_clear_pointer (&config->landlock_required_by, g_free);
  g_clear_pointer (&config->network_forbidden_by, g_free);
  g_clear_pointer (&config->bwrap_harden_by, g_free);
  g_clear_pointer (&config->required_doors, g_hash_table_unref);
  g_clear_pointer (&config->fallback, g_free);
  g_clear_pointer (&config->fallback_origin, g_free);
  g_clear_pointer (&config->fallback_forbidden_by, g_free);
}

static const char *
check_value (ValueKind kind, const char *value)
{
  switch (kind)
    {
    case VALUE_NAME:
      return *value && !strchr (value, '/') ? NULL : "expected a profile name";
    case VALUE_PATH:
      return g_path_is_absolute (value) ? NULL : "expected an absolute path";
    case VALUE_POLICY:
      return g_str_equal (value, "default") || g_str_equal (value, "strict")
                     || g_str_equal (value, "none") || g_path_is_absolute (value)
                 ? NULL
                 : "expected default, strict, none or an absolute path";
    case VALUE_BOOLEAN:
      return g_str_equal (value, "true") || g_str_equal (value, "false") ? NULL
                                                                         : "expected true or false";
    case VALUE_FALLBACK:
      return g_str_equal (value, "refuse") || g_str_equal (value, "confine")
                 ? NULL
                 : "expected refuse or confine";
    case VALUE_DOORS:
      {
        g_auto (GStrv) doors = g_strsplit (value, ";", -1);
        for (char **door = doors; *door; door++)
          if (**door && !g_strv_contains (requirable_doors, g_strstrip (*door)))
            return "expected a ;-list of wayland, x11, fallback-x11, pulseaudio, pipewire, "
                   "session-bus, system-bus, ssh-auth, gpg-agent";
        return NULL;
      }
    }
  return "unknown value kind";
}

static void
replace_string (char **slot, const char *value)
{
  g_free (*slot);
  *slot = g_strdup (value);
}

/* A restriction either file may impose, which only the administrator's
 * file may lift. */
static void
set_restriction (char **imposed_by, gboolean imposes, const char *key, const char *value,
                 const char *origin, gboolean system_file, GPtrArray *problems)
{
  if (imposes)
    replace_string (imposed_by, origin);
  else if (*imposed_by && !system_file)
    g_ptr_array_add (problems, g_strdup_printf ("%s: [sbox] %s=%s cannot undo %s", origin, key,
                                                value, *imposed_by));
  else
    g_clear_pointer (imposed_by, g_free);
}

static void
set_value (SboxConfig *config, const char *key, const char *value, const char *origin,
           gboolean system_file, GPtrArray *problems)
{
  gboolean yes = g_str_equal (value, "true");
  if (g_str_equal (key, "DefaultProfile"))
    replace_string (&config->default_profile, value);
  else if (g_str_equal (key, "DBusProxy"))
    replace_string (&config->dbus_proxy, value);
  else if (g_str_equal (key, "Seccomp"))
    replace_string (&config->seccomp, value);
  else if (g_str_equal (key, "RequireLandlock"))
    set_restriction (&config->landlock_required_by, yes, key, value, origin, system_file, problems);
  else if (g_str_equal (key, "RequireDoors"))
    {
      /* Both files add: a user can require more, never less. */
      if (config->required_doors == NULL)
        config->required_doors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_auto (GStrv) doors = g_strsplit (value, ";", -1);
      for (char **door = doors; *door; door++)
        if (*g_strstrip (*door) && !g_hash_table_contains (config->required_doors, *door))
          g_hash_table_insert (config->required_doors, g_strdup (*door), g_strdup (origin));
    }
  else if (g_str_equal (key, "Fallback") && g_str_equal (value, "confine")
           && config->fallback_forbidden_by && !system_file)
    g_ptr_array_add (problems, g_strdup_printf ("%s: [sbox] Fallback=confine cannot undo %s",
                                                origin, config->fallback_forbidden_by));
  else if (g_str_equal (key, "Fallback"))
    {
      /* The administrator's refuse forbids the confinement mode. */
      replace_string (&config->fallback, value);
      replace_string (&config->fallback_origin, origin);
      if (system_file)
        replace_string (&config->fallback_forbidden_by,
                        g_str_equal (value, "refuse") ? origin : NULL);
    }
  else if (g_str_equal (key, "BwrapHarden"))
    set_restriction (&config->bwrap_harden_by, yes, key, value, origin, system_file, problems);
  else if (g_str_equal (key, "AllowNetwork"))
    set_restriction (&config->network_forbidden_by, !yes, key, value, origin, system_file,
                     problems);
}

static void
load_file (SboxConfig *config, const char *path, gboolean system_file, GPtrArray *problems)
{
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_ptr_array_add (problems, g_strdup_printf ("%s: %s", path, error->message));
      return;
    }
  guint before = problems->len;
  g_autoptr (GHashTable) lines = sbox_keyfile_index_lines (contents, problems, path);
  g_autoptr (GKeyFile) file = g_key_file_new ();
  if (problems->len > before
      || !g_key_file_load_from_data (file, contents, -1, G_KEY_FILE_NONE, &error))
    {
      if (problems->len == before)
        g_ptr_array_add (problems, g_strdup_printf ("%s: %s", path, error->message));
      return;
    }
  g_auto (GStrv) groups = g_key_file_get_groups (file, NULL);
  for (char **group = groups; *group; group++)
    {
      if (!g_str_equal (*group, GROUP))
        {
          g_autofree char *origin = sbox_keyfile_origin (lines, path, *group, NULL);
          g_ptr_array_add (problems, g_strdup_printf ("%s: unknown section [%s] (only [" GROUP "])",
                                                      origin, *group));
          continue;
        }
      g_auto (GStrv) keys = g_key_file_get_keys (file, *group, NULL, NULL);
      for (char **key = keys; key && *key; key++)
        {
          g_autofree char *origin = sbox_keyfile_origin (lines, path, *group, *key);
          g_autofree char *value = g_key_file_get_value (file, *group, *key, NULL);
          gsize k = 0;
          while (k < G_N_ELEMENTS (known_keys) && !g_str_equal (known_keys[k].key, *key))
            k++;
          const char *bad = k == G_N_ELEMENTS (known_keys)
                                ? "unknown key"
                                : check_value (known_keys[k].kind, value);
          if (bad)
            g_ptr_array_add (problems, g_strdup_printf ("%s: [" GROUP "] %s=%s: %s", origin, *key,
                                                        value, bad));
          else
            set_value (config, *key, value, origin, system_file, problems);
        }
    }
}

char *
sbox_config_user_path (const char *const *envp)
{
  const char *config = g_environ_getenv ((char **) envp, "XDG_CONFIG_HOME");
  const char *home = g_environ_getenv ((char **) envp, "HOME");
  if (config && g_path_is_absolute (config))
    return g_build_filename (config, "sbox", "sbox.conf", NULL);
  if (home && g_path_is_absolute (home))
    return g_build_filename (home, ".config", "sbox", "sbox.conf", NULL);
  return NULL;
}

gboolean
sbox_config_load (const char *const *envp, SboxConfig *config, GError **error)
{
  g_autofree char *user = sbox_config_user_path (envp);
  return sbox_config_load_files (SBOX_SYSCONFDIR "/sbox.conf", user, config, error);
}

gboolean
sbox_config_load_files (const char *system_path, const char *user_path, SboxConfig *config,
                        GError **error)
{
  sbox_config_init (config);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  if (system_path)
    load_file (config, system_path, TRUE, problems);
  if (user_path)
    load_file (config, user_path, FALSE, problems);
  if (problems->len == 0)
    return TRUE;
  g_ptr_array_add (problems, NULL);
  g_autofree char *text = g_strjoinv ("\nsbox: ", (char **) problems->pdata);
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s", text);
  return FALSE;
}

gboolean
sbox_config_check_plan (const SboxConfig *config, SboxPlan *plan, GError **error)
{
  if (config->landlock_required_by)
    {
      if (g_str_equal (plan->sandbox.landlock, "false"))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "Landlock cannot be turned off: %s requires it (RequireLandlock=true)",
                       config->landlock_required_by);
          return FALSE;
        }
      g_free (plan->sandbox.landlock);
      plan->sandbox.landlock = g_strdup ("required");
    }
  /* isolated and filtered reach the network too, through a helper. */
  const char *network = sbox_sandbox_network (&plan->sandbox);
  if (config->network_forbidden_by
      && (g_str_equal (network, "host") || g_str_equal (network, "isolated")
          || g_str_equal (network, "filtered")))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "network access is not allowed: %s forbids it (AllowNetwork=false)%s%s",
                   config->network_forbidden_by,
                   g_str_equal (network, "host") ? "" : ", and Network=",
                   g_str_equal (network, "host") ? "" : network);
      return FALSE;
    }
  for (guint i = 0; config->required_doors && i < plan->missing_doors->len; i++)
    {
      const SboxPlanItem *door = g_ptr_array_index (plan->missing_doors, i);
      const char *origin = g_hash_table_lookup (config->required_doors, door->value);
      if (origin == NULL)
        continue;
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "the %s door is required by %s (RequireDoors=) but cannot open: %s: %s",
                   door->value, origin, door->value, door->origin ? door->origin : "absent");
      return FALSE;
    }
  return TRUE;
}
