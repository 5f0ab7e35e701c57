/* grammar.h — the entry grammars and name tables that the profile loader,
 * the composer and context.c all read: filesystems=, persistent=, caches=,
 * Mounts= entries, errno names and environment variable names. A leaf: it
 * includes only the plan's types and the error domain. */
#pragma once

#include "plan.h"

/* The origin of settings given as options, in messages and in the plan. */
#define SBOX_ORIGIN_COMMAND_LINE "command line"

typedef enum
{
  SBOX_GRANT_RW,
  SBOX_GRANT_RO,
  SBOX_GRANT_CREATE,
} SboxGrantMode;

/* host, host-os, host-etc, home: the filesystems= names that are no path. */
extern const char *const sbox_grammar_plain_filesystems[];

/* Split "[!]NAME[/SUB][:MODE]" into the path part and the mode. */
gboolean sbox_grammar_parse_filesystem (const char *entry, char **path, SboxGrantMode *mode,
                                        GError **error);

/* "~/.x:ro" → "~/.x": what makes two filesystem entries the same grant. */
char *sbox_grammar_filesystem_identity (const char *entry);

/* TRUE when a component of path is "..". */
gboolean sbox_grammar_has_dotdot (const char *path);

/* Syntax checks of the list entries (profile.c at load time). */
gboolean sbox_grammar_check_filesystem (const char *entry, GError **error);
gboolean sbox_grammar_check_persistent (const char *entry, GError **error);
gboolean sbox_grammar_check_cache (const char *entry, GError **error);
gboolean sbox_grammar_check_mount (const char *entry, GError **error);

/* Mounts= kinds: KIND:SRC:DEST or KIND:DEST. */
typedef struct
{
  const char *name;
  SboxFsKind kind;
  int paths; /* 1: DEST only, 2: SRC:DEST */
  SboxFsFlags flags;
} SboxMountKind;

extern const SboxMountKind sbox_grammar_mount_kinds[];

/* The index in sbox_grammar_mount_kinds of entry's kind, with the entry
 * split at ':' in *parts_out; -1 when it is none. */
int sbox_grammar_find_mount (const char *entry, char ***parts_out);

/* "EACCES" → 13; -1 for an unknown name. */
int sbox_grammar_errno_from_name (const char *name);

/* A variable name for every way of setting or removing one (--env,
 * --setenv, --unset-env, --unsetenv, [Environment]): letters, digits and
 * '_', not starting with a digit. FALSE with *why saying what is wrong. */
gboolean sbox_grammar_check_env_name (const char *name, char **why);
