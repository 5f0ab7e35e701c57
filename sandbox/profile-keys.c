/* profile-keys.c — the one table of profile sections and keys
 * (profile-keys.h) and the checks of the values each takes: the loader
 * refuses what this table does not name. */
#include "config.h"

#include <seccomp.h>
#include <string.h>

#include "grammar.h"
#include "net-allow.h"
#include "profile-keys.h"
#include "protect.h"
#include "rlimits.h"

/* ---- checks: each explains what it expected ---- */

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

static const char *const bus_levels[] = { "see", "talk", "own", "call", "broadcast", NULL };

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
      g_autofree char *level = colon ? g_strndup (*entry, (gsize) (colon - *entry))
                                     : g_strdup (*entry);
      if (!one_of (level, bus_levels, why))
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
                                  "'*' as a wildcard)",
                                  rule);
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
check_text (const char *value, char **why)
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

/* Seccomp=: besides the named policies, a file of allowed calls. */
static gboolean
check_absolute (const char *value, char **why)
{
  if (value[0] == '/')
    return TRUE;
  *why = g_strdup_printf ("unknown value '%s' (expected one of default, strict, none or an "
                          "absolute path)",
                          value);
  return FALSE;
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
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
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

/* A TCP port forwarded into an isolated sandbox: HOSTPORT:SANDBOXPORT,
 * each 1-65535. */
static gboolean
check_publish (const char *value, char **why)
{
  g_auto (GStrv) ports = g_strsplit (value, ":", -1);
  gboolean ok = g_strv_length (ports) == 2;
  for (char **p = ports; ok && *p; p++)
    ok = g_ascii_string_to_unsigned (*p, 10, 1, 65535, NULL, NULL);
  if (!ok)
    *why = g_strdup_printf ("expected HOSTPORT:SANDBOXPORT, each a port 1-65535, got '%s'", value);
  return ok;
}

/* A host the filtered network's proxy may reach (net-allow.c). */
static gboolean
check_allow_host (const char *value, char **why)
{
  SboxNetPattern pattern;
  g_autoptr (GError) error = NULL;
  if (!sbox_net_allow_parse_pattern (value, &pattern, &error))
    {
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
      return FALSE;
    }
  sbox_net_pattern_clear (&pattern);
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
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
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
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
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
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
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
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
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
      /* The loader names the key itself. */
      const char *message = error->message;
      *why = g_strdup (g_str_has_prefix (message, "AllowHosts: ") ? message + 12 : message);
      return FALSE;
    }
  return TRUE;
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

/* ---- the values of the keys that take named ones ---- */

static const char *const shared_values[] = { "network", "ipc", NULL };
static const char *const socket_values[] = { "x11",      "fallback-x11", "wayland",    "pulseaudio",
                                             "pipewire", "session-bus",  "system-bus", "ssh-auth",
                                             "pcsc",     "cups",         "gpg-agent",  NULL };
static const char *const device_values[] = { "dri", "kvm", "input", "shm", "all", NULL };
static const char *const feature_values[] = { "devel", "multiarch", NULL };
static const char *const home_values[] = { "private", "tmpfs", "host-ro", "host", NULL };
static const char *const file_argument_values[] = { "ro", "rw", "none", NULL };
static const char *const seccomp_values[] = { "default", "strict", "none", NULL };
static const char *const landlock_values[] = { "true", "false", "required", NULL };
static const char *const fallback_values[] = { "refuse", "confine", NULL };
static const char *const network_values[] = { "loopback", "none",     "host",
                                              "isolated", "filtered", NULL };
static const char *const bool_values[] = { "true", "false", NULL };

/* ---- the tables ---- */

const SboxSectionSpec sbox_profile_keys_sections[] = {
  [SBOX_SECTION_PROFILE] = { SBOX_SECTION_PROFILE, "Profile", SBOX_SECTION_KIND_KEYS },
  [SBOX_SECTION_CONTEXT] = { SBOX_SECTION_CONTEXT, "Context", SBOX_SECTION_KIND_KEYS },
  [SBOX_SECTION_SANDBOX] = { SBOX_SECTION_SANDBOX, "Sandbox", SBOX_SECTION_KIND_KEYS },
  [SBOX_SECTION_SESSION_BUS] = { SBOX_SECTION_SESSION_BUS, "Session Bus Policy",
                                 SBOX_SECTION_KIND_BUS },
  [SBOX_SECTION_SYSTEM_BUS] = { SBOX_SECTION_SYSTEM_BUS, "System Bus Policy",
                                SBOX_SECTION_KIND_BUS },
  [SBOX_SECTION_ENVIRONMENT] = { SBOX_SECTION_ENVIRONMENT, "Environment", SBOX_SECTION_KIND_NAMED },
};
G_STATIC_ASSERT (G_N_ELEMENTS (sbox_profile_keys_sections) == SBOX_SECTION_COUNT);

#define KEY(ID, SECTION, NAME, KIND, VALUES, CHECK, MERGE)                                         \
  [SBOX_KEY_##ID] = { SBOX_KEY_##ID, SBOX_SECTION_##SECTION, NAME, SBOX_KEY_KIND_##KIND, VALUES,   \
                      CHECK,         SBOX_KEY_MERGE_##MERGE }

/* Designated rows: a row given twice is a -Woverride-init error, a missing
 * last one fails the count below, a missing middle one the unit test. */
const SboxKeySpec sbox_profile_keys_table[] = {
  KEY (PROFILE_DESCRIPTION, PROFILE, "Description", STRING, NULL, check_text, ENTRY),
  KEY (PROFILE_INCLUDE, PROFILE, "Include", LIST, NULL, check_name, ENTRY),
  KEY (PROFILE_COMMAND, PROFILE, "Command", LIST, NULL, check_command, ENTRY),
  KEY (PROFILE_APP_ID, PROFILE, "AppId", STRING, NULL, check_app_id, ENTRY),
  KEY (CONTEXT_SHARED, CONTEXT, "shared", LIST, shared_values, NULL, ENTRY),
  KEY (CONTEXT_SOCKETS, CONTEXT, "sockets", LIST, socket_values, NULL, ENTRY),
  KEY (CONTEXT_DEVICES, CONTEXT, "devices", LIST, device_values, NULL, ENTRY),
  KEY (CONTEXT_FILESYSTEMS, CONTEXT, "filesystems", LIST, NULL, check_filesystem, LOCATION),
  KEY (CONTEXT_PERSISTENT, CONTEXT, "persistent", LIST, NULL, check_persistent, ENTRY),
  KEY (CONTEXT_CACHES, CONTEXT, "caches", LIST, NULL, check_cache, ENTRY),
  KEY (CONTEXT_FEATURES, CONTEXT, "features", LIST, feature_values, NULL, ENTRY),
  KEY (SANDBOX_HOME, SANDBOX, "Home", STRING, home_values, NULL, ENTRY),
  KEY (SANDBOX_FILE_ARGUMENTS, SANDBOX, "FileArguments", STRING, file_argument_values, NULL, ENTRY),
  KEY (SANDBOX_SECCOMP, SANDBOX, "Seccomp", STRING, seccomp_values, check_absolute, ENTRY),
  KEY (SANDBOX_SECCOMP_ALLOW, SANDBOX, "SeccompAllow", LIST, NULL, check_syscall, NAME),
  KEY (SANDBOX_SECCOMP_DENY, SANDBOX, "SeccompDeny", LIST, NULL, check_syscall, NAME),
  KEY (SANDBOX_LANDLOCK, SANDBOX, "Landlock", STRING, landlock_values, NULL, ENTRY),
  KEY (SANDBOX_RLIMITS, SANDBOX, "Rlimits", LIST, NULL, check_rlimit, NAME),
  KEY (SANDBOX_TIMEOUT, SANDBOX, "Timeout", SECONDS, NULL, check_uint, ENTRY),
  KEY (SANDBOX_HOSTNAME, SANDBOX, "Hostname", STRING, NULL, check_hostname, ENTRY),
  KEY (SANDBOX_FALLBACK, SANDBOX, "Fallback", STRING, fallback_values, NULL, ENTRY),
  KEY (SANDBOX_NEW_SESSION, SANDBOX, "NewSession", BOOL, bool_values, NULL, ENTRY),
  KEY (SANDBOX_DIE_WITH_PARENT, SANDBOX, "DieWithParent", BOOL, bool_values, NULL, ENTRY),
  KEY (SANDBOX_KEEP_ENVIRONMENT, SANDBOX, "KeepEnvironment", LIST, NULL, check_env_glob, ENTRY),
  KEY (SANDBOX_MOUNTS, SANDBOX, "Mounts", LIST, NULL, check_mount, ENTRY),
  KEY (SANDBOX_PROTECT, SANDBOX, "Protect", LIST, NULL, check_protect, ENTRY),
  KEY (SANDBOX_NETWORK, SANDBOX, "Network", STRING, network_values, NULL, ENTRY),
  KEY (SANDBOX_PUBLISH, SANDBOX, "Publish", LIST, NULL, check_publish, ENTRY),
  KEY (SANDBOX_ALLOW_HOSTS, SANDBOX, "AllowHosts", LIST, NULL, check_allow_host, ENTRY),
};
G_STATIC_ASSERT (G_N_ELEMENTS (sbox_profile_keys_table) == SBOX_KEY_COUNT);

/* ---- lookups ---- */

const SboxSectionSpec *
sbox_profile_keys_find_section (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sbox_profile_keys_sections); i++)
    if (g_str_equal (sbox_profile_keys_sections[i].name, name))
      return &sbox_profile_keys_sections[i];
  return NULL;
}

const SboxKeySpec *
sbox_profile_keys_find (const char *section, const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sbox_profile_keys_table); i++)
    {
      const SboxKeySpec *spec = &sbox_profile_keys_table[i];
      if (g_str_equal (sbox_profile_keys_sections[spec->section].name, section)
          && g_str_equal (spec->name, name))
        return spec;
    }
  return NULL;
}

const char *
sbox_profile_keys_near (const char *section, const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (sbox_profile_keys_table); i++)
    {
      const SboxKeySpec *spec = &sbox_profile_keys_table[i];
      if (g_str_equal (sbox_profile_keys_sections[spec->section].name, section)
          && g_ascii_strcasecmp (spec->name, name) == 0)
        return spec->name;
    }
  return NULL;
}

gboolean
sbox_profile_keys_check (const SboxKeySpec *spec, const char *value, char **why)
{
  if (spec->values && g_strv_contains (spec->values, value))
    return TRUE;
  if (spec->check)
    return spec->check (value, why);
  return one_of (value, spec->values, why);
}

gboolean
sbox_profile_keys_check_named (const SboxSectionSpec *section, const char *name, const char *value,
                               char **why)
{
  if (section->kind == SBOX_SECTION_KIND_BUS)
    return check_bus_name (name, why) && check_bus_policy (value, why);
  return sbox_grammar_check_env_name (name, why);
}
