/* paths.h — path normalisation for plan destinations and sources. */
#pragma once

#include <glib.h>

/* TRUE when path is absolute and has no "." or ".." components, no empty
 * components and no trailing slash (except "/" itself). */
gboolean sbox_paths_is_clean_absolute (const char *path);

/* Normalise an absolute destination: collapse "//" and "/./", drop a trailing
 * slash. ".." is refused rather than resolved: inside the sandbox there is no
 * directory to resolve it against yet. */
char *sbox_paths_clean_dest (const char *path, GError **error);

/* Make a host source absolute against the caller's cwd and clean it. */
char *sbox_paths_absolute_source (const char *path, GError **error);

/* What ~, ${VAR} and xdg-* names expand from: the caller's world. */
typedef struct
{
  const char *const *envp;
  const char *home;
  const char *user;
  const char *cwd;
  guint uid;
} SboxExpandContext;

/* Expand a leading ~ and ${HOME}, ${USER}, ${UID}, ${PWD}, ${XDG_RUNTIME_DIR},
 * ${XDG_CONFIG_HOME}, ${XDG_CACHE_HOME}, ${XDG_DATA_HOME} and
 * ${XDG_<NAME>_DIR}; an unknown variable is an error. */
char *sbox_paths_expand (const char *text, const SboxExpandContext *ctx, GError **error);

/* The host directory of an xdg-* name ("xdg-download", "xdg-config"), or
 * NULL when the name is unknown or the directory is not configured. */
char *sbox_paths_xdg_dir (const char *name, const SboxExpandContext *ctx);
