/* desktop-wrappers.h — sbox-desktop's own copies in the user's
 * applications directory: which files are ours, and what each records. */
#pragma once

#include <glib.h>

/* A file in the user directory, as far as removing or replacing it goes. */
typedef enum
{
  SBOX_DESKTOP_FILE_ABSENT,
  SBOX_DESKTOP_FILE_OURS,
  SBOX_DESKTOP_FILE_FOREIGN,
} SboxDesktopFileState;

/* One of our files in the user directory. */
typedef struct
{
  char *id;
  char *path;
  char *profile;
  char *source;
  char *checksum;
  char *program;
  char *symlink;      /* the link --symlinks made, or NULL */
  gboolean no_marker; /* written with --no-marker */
} SboxDesktopWrapper;

SboxDesktopFileState sbox_desktop_wrappers_file_state (const char *path);

/* Our wrappers in USER_DIR, sorted by id (SboxDesktopWrapper *). */
GPtrArray *sbox_desktop_wrappers_scan (const char *user_dir);

/* "ok", "stale" (the source changed since the copy was written) or
 * "orphaned" (the source is gone). */
const char *sbox_desktop_wrappers_state (const SboxDesktopWrapper *w);
