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
