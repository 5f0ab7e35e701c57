/* profile-keys.h — the one table of profile sections and keys: each key's
 * section, name, kind, the values it takes and how its list entries merge.
 * The loader checks files by it, context.c and doors.c read settings by its
 * enum (a misspelt key does not compile), and the unit tests hold the man
 * page, doc/profile-language.md and the shell completions to it. */
#pragma once

#include <glib.h>

typedef enum
{
  SBOX_SECTION_PROFILE,
  SBOX_SECTION_CONTEXT,
  SBOX_SECTION_SANDBOX,
  SBOX_SECTION_SESSION_BUS,
  SBOX_SECTION_SYSTEM_BUS,
  SBOX_SECTION_ENVIRONMENT,
  SBOX_SECTION_COUNT,
} SboxProfileSection;

typedef enum
{
  SBOX_SECTION_KIND_KEYS,  /* the keys of the key table, nothing else */
  SBOX_SECTION_KIND_BUS,   /* BUS.NAME=POLICY, one per name */
  SBOX_SECTION_KIND_NAMED, /* VAR=VALUE, one per variable */
} SboxSectionKind;

typedef struct
{
  SboxProfileSection id;
  const char *name; /* as written between the brackets */
  SboxSectionKind kind;
} SboxSectionSpec;

typedef enum
{
  SBOX_KEY_PROFILE_DESCRIPTION,
  SBOX_KEY_PROFILE_INCLUDE,
  SBOX_KEY_PROFILE_COMMAND,
  SBOX_KEY_PROFILE_APP_ID,
  SBOX_KEY_CONTEXT_SHARED,
  SBOX_KEY_CONTEXT_SOCKETS,
  SBOX_KEY_CONTEXT_DEVICES,
  SBOX_KEY_CONTEXT_FILESYSTEMS,
  SBOX_KEY_CONTEXT_PERSISTENT,
  SBOX_KEY_CONTEXT_CACHES,
  SBOX_KEY_CONTEXT_FEATURES,
  SBOX_KEY_SANDBOX_HOME,
  SBOX_KEY_SANDBOX_FILE_ARGUMENTS,
  SBOX_KEY_SANDBOX_SECCOMP,
  SBOX_KEY_SANDBOX_SECCOMP_ALLOW,
  SBOX_KEY_SANDBOX_SECCOMP_DENY,
  SBOX_KEY_SANDBOX_LANDLOCK,
  SBOX_KEY_SANDBOX_RLIMITS,
  SBOX_KEY_SANDBOX_TIMEOUT,
  SBOX_KEY_SANDBOX_HOSTNAME,
  SBOX_KEY_SANDBOX_FALLBACK,
  SBOX_KEY_SANDBOX_NEW_SESSION,
  SBOX_KEY_SANDBOX_DIE_WITH_PARENT,
  SBOX_KEY_SANDBOX_KEEP_ENVIRONMENT,
  SBOX_KEY_SANDBOX_MOUNTS,
  SBOX_KEY_SANDBOX_PROTECT,
  SBOX_KEY_SANDBOX_NETWORK,
  SBOX_KEY_SANDBOX_PUBLISH,
  SBOX_KEY_SANDBOX_ALLOW_HOSTS,
  SBOX_KEY_COUNT,
} SboxProfileKey;

typedef enum
{
  SBOX_KEY_KIND_STRING,  /* one value; the last layer's counts */
  SBOX_KEY_KIND_BOOL,    /* true or false */
  SBOX_KEY_KIND_SECONDS, /* a number of seconds */
  SBOX_KEY_KIND_LIST,    /* ';'-separated entries that accumulate; "!x" removes x */
} SboxKeyKind;

/* Which list entries name the same thing, so that a later one replaces an
 * earlier one and "!x" removes it. */
typedef enum
{
  SBOX_KEY_MERGE_ENTRY,    /* the whole entry */
  SBOX_KEY_MERGE_LOCATION, /* the location without :MODE; "!x" stays as a revocation */
  SBOX_KEY_MERGE_NAME,     /* the name before '=' or ':' (a resource, a system call) */
} SboxKeyMerge;

typedef gboolean (*SboxKeyCheck) (const char *value, char **why);

typedef struct
{
  SboxProfileKey id;
  SboxProfileSection section;
  const char *name;
  SboxKeyKind kind;
  /* The named values (of each entry, for a list); NULL when none. A value
   * outside them is refused unless `check` takes it. */
  const char *const *values;
  SboxKeyCheck check; /* NULL: only `values` */
  SboxKeyMerge merge;
} SboxKeySpec;

/* Indexed by SboxProfileSection and SboxProfileKey. */
extern const SboxSectionSpec sbox_profile_keys_sections[];
extern const SboxKeySpec sbox_profile_keys_table[];

static inline const SboxKeySpec *
sbox_profile_keys_get (SboxProfileKey key)
{
  g_assert ((guint) key < SBOX_KEY_COUNT);
  return &sbox_profile_keys_table[key];
}

static inline const char *
sbox_profile_keys_section_name (SboxProfileKey key)
{
  return sbox_profile_keys_sections[sbox_profile_keys_get (key)->section].name;
}

static inline gboolean
sbox_profile_keys_is_list (SboxProfileKey key)
{
  return sbox_profile_keys_get (key)->kind == SBOX_KEY_KIND_LIST;
}

/* NULL when there is no such section or key (names are case-sensitive). */
const SboxSectionSpec *sbox_profile_keys_find_section (const char *name);
const SboxKeySpec *sbox_profile_keys_find (const char *section, const char *name);

/* Check one value (one entry without its "!", for a list); FALSE with *why
 * saying what was expected. */
gboolean sbox_profile_keys_check (const SboxKeySpec *spec, const char *value, char **why);

/* Check a key of a bus policy or [Environment] section with its value. */
gboolean sbox_profile_keys_check_named (const SboxSectionSpec *section, const char *name,
                                        const char *value, char **why);

/* The name a key of section goes by when it differs from name only in
 * case (for "did you mean"), or NULL. */
const char *sbox_profile_keys_near (const char *section, const char *name);
