/* profile.h — GKeyFile profiles: the search path, Include=, NAME.local,
 * list merging with !removal, and FILE:LINE errors. Builds settings only;
 * context.c turns them into a plan, reading them by the keys of
 * profile-keys.h. */
#pragma once

#include "plan.h"
#include "profile-keys.h"

/* A value and where it came from ("FILE:LINE" or "command line"). */
typedef SboxPlanItem SboxSetting;

typedef struct
{
  char *name;                           /* profile name, e.g. "firefox" */
  char *path;                           /* the file found; NULL for a built-in or no profile */
  GPtrArray *files;                     /* every file merged, in order */
  SboxSetting *scalars[SBOX_KEY_COUNT]; /* by key, for the keys that are no list; NULL: unset */
  GPtrArray *lists[SBOX_KEY_COUNT];     /* by key, for list keys; "!x" kept as revocation */
  GPtrArray *session_bus;               /* SboxSetting* "NAME=POLICY", one per name */
  GPtrArray *system_bus;
  GPtrArray *environment; /* SboxSetting* "VAR=VALUE"; empty VALUE removes */
  GPtrArray *problems;    /* error lines collected while loading */
  /* Merging in linear time: "LIST\nIDENTITY" → the live SboxSetting* of
   * that identity, and the replaced ones, dropped from their arrays in one
   * pass (sbox_profile_apply and sbox_profile_load end with the arrays
   * compact). */
  GHashTable *index;
  GHashTable *replaced;
} SboxProfile;

/* Sizes past which a profile file is refused, so a generated or corrupted
 * file gets a clear error instead of a long load. */
#define SBOX_PROFILE_MAX_BYTES (8 * 1024 * 1024)
#define SBOX_PROFILE_MAX_ENTRIES 100000 /* entries of one list key, keys of one section */

SboxProfile *sbox_profile_new (const char *name);
void sbox_profile_free (SboxProfile *profile);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxProfile, sbox_profile_free)

/* The directories searched, first hit wins. envp gives SBOX_PROFILE_PATH,
 * XDG_CONFIG_HOME and HOME. */
GPtrArray *sbox_profile_search_path (const char *const *envp);

/* Find NAME.profile on the search path (NULL when there is none). */
char *sbox_profile_find (const char *name, const char *const *envp);

/* Load NAME (or a path ending in .profile) with its includes and NAME.local.
 * Every problem found is collected; FALSE with error holding them all,
 * one per line, when there were any. */
SboxProfile *sbox_profile_load (const char *name_or_path, const char *const *envp, GError **error);

/* Layer one setting on top (command-line overrides use the same rules as
 * files). section/key as in a profile; value is one list entry or a scalar. */
gboolean sbox_profile_apply (SboxProfile *profile, const char *section, const char *key,
                             const char *value, const char *origin, GError **error);

/* A scalar key's value and where it was set; NULL when no layer sets it.
 * Asking for a list key here, or for a scalar one as a list, is a bug in
 * sbox and aborts rather than read nothing. */
const char *sbox_profile_get (SboxProfile *profile, SboxProfileKey key);
const SboxSetting *sbox_profile_get_setting (SboxProfile *profile, SboxProfileKey key);
/* The list's entries in order (revocations "!x" included); never NULL. */
GPtrArray *sbox_profile_get_list (SboxProfile *profile, SboxProfileKey key);

/* Installed profiles: "NAME\tDESCRIPTION\tPATH" lines, first hit per name. */
GPtrArray *sbox_profile_list_installed (const char *const *envp);

/* Line numbers for "[Section]" and "Section/Key", which GKeyFile does not
 * keep; malformed lines become "PATH:LINE: ..." entries of syntax_errors. */
GHashTable *sbox_keyfile_index_lines (const char *contents, GPtrArray *syntax_errors,
                                      const char *path);
/* "PATH:LINE" of a key (or of the [section] when key is NULL). */
char *sbox_keyfile_origin (GHashTable *lines, const char *path, const char *section,
                           const char *key);
