/* paths.h — path normalisation for plan destinations and sources; the
 * safe opens of bind sources and the links a path passes through. */
#pragma once

#include <glib.h>

#include "caller.h"

/* TRUE when path is absolute and has no "." or ".." components, no empty
 * components and no trailing slash (except "/" itself). */
gboolean sbox_paths_is_clean_absolute (const char *path);

/* The caller's home: $HOME when set and not empty, else the password
 * database's (GLib's g_get_home_dir() returns an empty $HOME as it is). */
const char *sbox_paths_caller_home (const char *const *envp);

/* Normalise an absolute destination: collapse "//" and "/./", drop a trailing
 * slash. ".." is refused rather than resolved: inside the sandbox there is no
 * directory to resolve it against yet. */
char *sbox_paths_clean_dest (const char *path, GError **error);

/* Make a host source absolute against the caller's cwd and clean it. */
char *sbox_paths_absolute_source (const char *path, GError **error);

/* Expand a leading ~ and ${HOME}, ${USER}, ${UID}, ${PWD}, ${XDG_RUNTIME_DIR},
 * ${XDG_CONFIG_HOME}, ${XDG_CACHE_HOME}, ${XDG_DATA_HOME} and
 * ${XDG_<NAME>_DIR}; an unknown variable is an error. */
char *sbox_paths_expand (const char *text, const SboxExpandContext *ctx, GError **error);

/* The host directory of an xdg-* name ("xdg-download", "xdg-config"), or
 * NULL when the name is unknown or the directory is not configured (without
 * a user-dirs.dirs, the XDG default ~/Documents, ~/Downloads, … when it
 * exists), or
 * when user-dirs.dirs names a directory no grant may hand over (the home
 * or above, outside it, the home's secrets: sbox_guard_check_user_dir);
 * then *refused (when refused is not NULL) says so in one line. */
char *sbox_paths_xdg_dir (const char *name, const SboxExpandContext *ctx, char **refused);

/* How sbox_paths_open_source treats the symlinks on the way to a source. */
typedef enum
{
  SBOX_PATHS_FOLLOW = 0, /* the caller named the path: follow every link */
  /* A grant: a link that sits in a directory the caller can write (the
   * home included) is followed only when it leads to that directory or
   * below, so a link a sandbox planted where it could write reaches
   * nothing it could not reach already. The opened object is then judged
   * by where it lies: a path under the home must end in the home, and on
   * the home itself only when it names the home (sbox_paths_open_grant
   * adds sbox's own state). */
  SBOX_PATHS_CONFINED = 1 << 0,
  SBOX_PATHS_CREATE = 1 << 1, /* make missing directories (0700), never through a link */
} SboxPathsOpenFlags;

/* Open the absolute path as an O_PATH fd, resolved in the calling
 * process's own view; links are judged where they are met, so what is
 * returned is what was checked. -1 with errno and error set (the message
 * names the link): ENOENT for a missing path or a dangling link, EXDEV for
 * a link that leads out of its place. home is the caller's home or NULL. */
int sbox_paths_open_source (const char *path, SboxPathsOpenFlags flags, const char *home,
                            GError **error);

/* As sbox_paths_open_source; a confined open also refuses (EXDEV) an
 * object in or holding one of own_state (sbox's state directories, as
 * spelled; NULL-terminated, or NULL) unless path itself names it. */
int sbox_paths_open_grant (const char *path, SboxPathsOpenFlags flags, const char *home,
                           const char *const *own_state, GError **error);

/* The first symlink on the way to the absolute path that sits in a
 * directory the caller can write (the rule of SBOX_PATHS_CONFINED: a
 * sandbox that writes there may have planted it), or NULL when the walk
 * meets none. Links in other directories are followed, and the links on
 * their way judged in turn. */
char *sbox_paths_writable_link_on (const char *path);

/* Open the relative path beneath below the directory fd base without
 * following any symlink (ELOOP), creating missing parts (0700) when asked:
 * for storage the sandbox can write. -1 with errno on failure. */
int sbox_paths_open_beneath (int base, const char *beneath, gboolean create);

/* The path of what fd refers to, as /proc/self/fd shows it, or NULL. */
char *sbox_paths_fd_path (int fd);

/* Where a confined walk of path leads (the opened object's path), or NULL
 * with errno and error set as sbox_paths_open_grant sets them. */
char *sbox_paths_real_source (const char *path, const char *home, const char *const *own_state,
                              GError **error);
