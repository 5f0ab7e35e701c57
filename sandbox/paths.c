/* paths.c — path normalisation for plan destinations and sources, and
 * the safe opens of bind sources: every source is opened in the caller's
 * own view of the filesystem, and the opened object is what is checked and
 * what is bound. The one judgement of a link met on the way (may a
 * sandbox have planted it?) serves grants and file arguments alike. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "error.h"
#include "guard.h"
#include "paths.h"

gboolean
sbox_paths_is_clean_absolute (const char *path)
{
  if (path == NULL || path[0] != '/')
    return FALSE;
  if (path[1] == '\0')
    return TRUE;
  g_auto (GStrv) parts = g_strsplit (path + 1, "/", -1);
  for (char **p = parts; *p; p++)
    if (**p == '\0' || g_str_equal (*p, ".") || g_str_equal (*p, ".."))
      return FALSE;
  return TRUE;
}

static char *
clean_absolute (const char *what, const char *path, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  GString *out = g_string_new (NULL);
  for (char **p = parts; *p; p++)
    {
      if (**p == '\0' || g_str_equal (*p, "."))
        continue;
      if (g_str_equal (*p, ".."))
        {
          g_string_free (out, TRUE);
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s %s must not contain '..'", what,
                       path);
          return NULL;
        }
      g_string_append_c (out, '/');
      g_string_append (out, *p);
    }
  if (out->len == 0)
    g_string_append_c (out, '/');
  return g_string_free (out, FALSE);
}

char *
sbox_paths_clean_dest (const char *path, GError **error)
{
  if (path == NULL || path[0] != '/')
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "destination %s must be an absolute path",
                   path ? path : "(null)");
      return NULL;
    }
  return clean_absolute ("destination", path, error);
}

char *
sbox_paths_absolute_source (const char *path, GError **error)
{
  if (path == NULL || path[0] == '\0')
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "empty source path");
      return NULL;
    }
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  /* g_canonicalize_filename resolves ".." lexically, which is what a shell
   * user means by "../dir" relative to the current directory. */
  return clean_absolute ("source", absolute, error);
}

static const struct
{
  const char *xdg_name; /* filesystems= name */
  const char *variable; /* ${...} name */
  int special;          /* GUserDirectory, or -1 for the base directories */
  const char *fallback; /* relative to home: the base directories' default, and the
                         * user directories' when there is no user-dirs.dirs
                         * (xdg-user-dirs' defaults in the C locale) */
} xdg_table[] = {
  { "xdg-desktop", "XDG_DESKTOP_DIR", G_USER_DIRECTORY_DESKTOP, "Desktop" },
  { "xdg-documents", "XDG_DOCUMENTS_DIR", G_USER_DIRECTORY_DOCUMENTS, "Documents" },
  { "xdg-download", "XDG_DOWNLOAD_DIR", G_USER_DIRECTORY_DOWNLOAD, "Downloads" },
  { "xdg-music", "XDG_MUSIC_DIR", G_USER_DIRECTORY_MUSIC, "Music" },
  { "xdg-pictures", "XDG_PICTURES_DIR", G_USER_DIRECTORY_PICTURES, "Pictures" },
  { "xdg-public-share", "XDG_PUBLICSHARE_DIR", G_USER_DIRECTORY_PUBLIC_SHARE, "Public" },
  { "xdg-templates", "XDG_TEMPLATES_DIR", G_USER_DIRECTORY_TEMPLATES, "Templates" },
  { "xdg-videos", "XDG_VIDEOS_DIR", G_USER_DIRECTORY_VIDEOS, "Videos" },
  { "xdg-config", "XDG_CONFIG_HOME", -1, ".config" },
  { "xdg-cache", "XDG_CACHE_HOME", -1, ".cache" },
  { "xdg-data", "XDG_DATA_HOME", -1, ".local/share" },
};

/* refused, when given, receives why a configured user directory is not
 * used: user-dirs.dirs is written by whatever runs as the user, a sandbox
 * granted ~/.config once included, so its value is judged (guard.c). */
static char *
xdg_lookup (gsize i, const SboxExpandContext *ctx, char **refused)
{
  if (xdg_table[i].special < 0)
    {
      const char *value = g_environ_getenv ((char **) ctx->envp, xdg_table[i].variable);
      if (value && g_path_is_absolute (value))
        return g_strdup (value);
      return g_build_filename (ctx->home, xdg_table[i].fallback, NULL);
    }
  /* GLib reads user-dirs.dirs for the process, which runs as the caller.
   * Minimal and window-manager desktops often have none: then the XDG
   * default, when that directory exists. */
  g_autofree char *dirs_file = g_build_filename (g_get_user_config_dir (), "user-dirs.dirs", NULL);
  g_autofree char *fallback = NULL;
  const char *dir;
  if (!g_file_test (dirs_file, G_FILE_TEST_EXISTS))
    {
      fallback = g_build_filename (ctx->home, xdg_table[i].fallback, NULL);
      if (!g_file_test (fallback, G_FILE_TEST_IS_DIR))
        return NULL;
      static gboolean noted[G_N_ELEMENTS (xdg_table)];
      if (ctx->verbose && !noted[i])
        g_printerr ("sbox: %s: no %s, using the XDG default %s\n", xdg_table[i].xdg_name, dirs_file,
                    fallback);
      noted[i] = TRUE;
      dir = fallback;
    }
  else
    dir = g_get_user_special_dir ((GUserDirectory) xdg_table[i].special);
  if (dir && dir[0] == '\0')
    dir = "/"; /* GLib drops the slash of "/" as it drops any trailing one */
  if (dir == NULL || g_str_equal (dir, ctx->home) || g_str_equal (dir, g_get_home_dir ()))
    return NULL; /* "$HOME/" is how xdg-user-dirs writes a removed directory */
  g_autofree char *why = NULL;
  if (!sbox_guard_check_user_dir (dir, ctx, &why))
    {
      if (refused && fallback)
        *refused = g_strdup_printf ("the XDG default %s (there is no %s) %s", dir, dirs_file, why);
      else if (refused)
        *refused = g_strdup_printf ("%s in %s is \"%s\", which %s", xdg_table[i].variable,
                                    dirs_file, dir, why);
      return NULL;
    }
  return g_strdup (dir);
}

char *
sbox_paths_xdg_dir (const char *name, const SboxExpandContext *ctx, char **refused)
{
  for (gsize i = 0; i < G_N_ELEMENTS (xdg_table); i++)
    if (g_str_equal (xdg_table[i].xdg_name, name))
      return xdg_lookup (i, ctx, refused);
  return NULL;
}

static char *
expand_variable (const char *name, const SboxExpandContext *ctx, char **refused)
{
  if (g_str_equal (name, "HOME"))
    return g_strdup (ctx->home);
  if (g_str_equal (name, "USER"))
    return g_strdup (ctx->user);
  if (g_str_equal (name, "UID"))
    return g_strdup_printf ("%u", ctx->uid);
  if (g_str_equal (name, "PWD"))
    return g_strdup (ctx->cwd);
  if (g_str_equal (name, "XDG_RUNTIME_DIR"))
    {
      const char *value = g_environ_getenv ((char **) ctx->envp, "XDG_RUNTIME_DIR");
      return value ? g_strdup (value) : g_strdup_printf ("/run/user/%u", ctx->uid);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (xdg_table); i++)
    if (g_str_equal (xdg_table[i].variable, name))
      return xdg_lookup (i, ctx, refused);
  return NULL;
}

char *
sbox_paths_expand (const char *text, const SboxExpandContext *ctx, GError **error)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  if (p[0] == '~' && (p[1] == '\0' || p[1] == '/'))
    {
      g_string_append (out, ctx->home);
      p++;
    }
  while (*p)
    {
      if (p[0] == '$' && p[1] == '{')
        {
          const char *end = strchr (p, '}');
          g_autofree char *name = end ? g_strndup (p + 2, (gsize) (end - p - 2)) : NULL;
          g_autofree char *refused = NULL;
          g_autofree char *value = name ? expand_variable (name, ctx, &refused) : NULL;
          if (refused)
            {
              g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID, "cannot expand %s in %s: %s",
                           name, text, refused);
              g_string_free (out, TRUE);
              return NULL;
            }
          if (value == NULL)
            {
              g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
                           "cannot expand %s in %s (known: HOME, USER, UID, PWD, "
                           "XDG_RUNTIME_DIR, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_DATA_HOME, "
                           "XDG_<NAME>_DIR)",
                           name ? name : "an unterminated ${", text);
              g_string_free (out, TRUE);
              return NULL;
            }
          g_string_append (out, value);
          p = end + 1;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* ---- opening bind sources ---- */

#define MAX_LINKS 40 /* as the kernel's own limit */

typedef struct
{
  SboxPathsOpenFlags flags;
  int links;
  /* Not NULL: stop at the first link in a directory the caller can
   * write, its path stored here (sbox_paths_writable_link_on). */
  char **writable_link;
} Walk;

char *
sbox_paths_fd_path (int fd)
{
  char proc[64], buf[PATH_MAX];
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  ssize_t n = readlink (proc, buf, sizeof buf - 1);
  if (n < 0)
    return NULL;
  buf[n] = '\0';
  return g_strdup (buf);
}

/* Only the first failure is reported: it is the most precise. */
static int walk_fail (GError **error, int errsv, const char *format, ...) G_GNUC_PRINTF (3, 4);

static int
walk_fail (GError **error, int errsv, const char *format, ...)
{
  if (error && *error == NULL)
    {
      va_list args;
      va_start (args, format);
      g_autofree char *text = g_strdup_vprintf (format, args);
      va_end (args);
      g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_SETUP, text);
    }
  errno = errsv;
  return -1;
}

static char *
shown (int dir, const char *name)
{
  g_autofree char *base = sbox_paths_fd_path (dir);
  if (base == NULL)
    return g_strdup (name);
  return g_str_equal (base, "/") ? g_strconcat ("/", name, NULL)
                                 : g_strconcat (base, "/", name, NULL);
}

/* A link here can only have been made by the user or the administrator:
 * a directory the caller cannot write (nothing running as the caller, no
 * sandbox, can plant a link there). The home is not one: a sandbox granted
 * it replaces ~/Downloads by a link to "/" as easily as it edits a file. */
static gboolean
is_trusted_dir (int dir)
{
  struct stat st;
  if (fstat (dir, &st) != 0)
    return FALSE;
  if (st.st_uid == geteuid ()) /* the owner may make it writable at will */
    return FALSE;
  if (syscall (SYS_faccessat2, dir, "", W_OK, AT_EMPTY_PATH | AT_EACCESS) == 0)
    return FALSE;
  if (errno != ENOSYS)
    return TRUE;
  return !(st.st_mode & (S_IWGRP | S_IWOTH));
}

static gboolean
is_at_or_below (int fd, int dir)
{
  g_autofree char *path = sbox_paths_fd_path (fd);
  g_autofree char *top = sbox_paths_fd_path (dir);
  if (path == NULL || top == NULL)
    return FALSE;
  if (g_str_equal (top, "/"))
    return TRUE;
  gsize len = strlen (top);
  return strncmp (path, top, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

static int walk (Walk *w, int start, const char *path, gboolean create, GError **error);

/* Follow the link (an O_PATH|O_NOFOLLOW fd) found in dir. */
static int
follow_link (Walk *w, int dir, int link, const char *name, GError **error)
{
  gboolean trusted = is_trusted_dir (dir);
  if (w->writable_link && !trusted)
    {
      *w->writable_link = shown (dir, name);
      return walk_fail (error, EXDEV, "the symlink %s is in a directory the caller can write",
                        *w->writable_link);
    }
  char target[PATH_MAX];
  ssize_t n = readlinkat (link, "", target, sizeof target - 1);
  if (n < 0)
    {
      g_autofree char *where = shown (dir, name);
      return walk_fail (error, errno, "cannot read the symlink %s: %s", where, g_strerror (errno));
    }
  target[n] = '\0';
  if (++w->links > MAX_LINKS)
    {
      g_autofree char *where = shown (dir, name);
      return walk_fail (error, ELOOP, "too many levels of symlinks at %s", where);
    }
  int fd = walk (w, dir, target, FALSE, error);
  if (fd < 0)
    {
      int errsv = errno;
      g_autofree char *where = shown (dir, name);
      if (errsv == ENOENT)
        return walk_fail (error, errsv, "the symlink %s leads to %s, which does not exist", where,
                          target);
      return walk_fail (error, errsv, "cannot follow the symlink %s: %s", where,
                        g_strerror (errsv));
    }
  if ((w->flags & SBOX_PATHS_CONFINED) && !trusted && !is_at_or_below (fd, dir))
    {
      g_autofree char *where = shown (dir, name);
      g_autofree char *top = sbox_paths_fd_path (dir);
      g_autofree char *to = sbox_paths_fd_path (fd);
      close (fd);
      return walk_fail (error, EXDEV, "the symlink %s leads out of %s (to %s)", where,
                        top ? top : "its directory", to ? to : target);
    }
  return fd;
}

/* Resolve path one component at a time from start (or from the root for
 * an absolute path), judging each link where it is met. */
static int
walk (Walk *w, int start, const char *path, gboolean create, GError **error)
{
  int cur = path[0] == '/' ? open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC)
                           : fcntl (start, F_DUPFD_CLOEXEC, 3);
  if (cur < 0)
    return walk_fail (error, errno, "cannot open %s: %s", path, g_strerror (errno));
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  for (char **p = parts; *p; p++)
    {
      const char *c = *p;
      if (*c == '\0' || g_str_equal (c, "."))
        continue;
      int next;
      struct stat st = { 0 };
      if (g_str_equal (c, ".."))
        next = openat (cur, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
      else
        {
          next = openat (cur, c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
          if (next < 0 && errno == ENOENT && create
              && (mkdirat (cur, c, 0700) == 0 || errno == EEXIST))
            next = openat (cur, c, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        }
      if (next >= 0 && fstat (next, &st) == 0 && S_ISLNK (st.st_mode))
        {
          int target = follow_link (w, cur, next, c, error);
          close (next);
          next = target;
          if (next >= 0 && fstat (next, &st) != 0)
            st.st_mode = 0;
        }
      else if (next < 0)
        {
          int errsv = errno;
          g_autofree char *where = shown (cur, c);
          walk_fail (error, errsv, "cannot open %s: %s", where, g_strerror (errsv));
        }
      if (next >= 0 && p[1] && !S_ISDIR (st.st_mode))
        {
          g_autofree char *where = shown (cur, c);
          close (next);
          next = walk_fail (error, ENOTDIR, "%s is not a directory", where);
        }
      int errsv = errno;
      close (cur);
      errno = errsv;
      if (next < 0)
        return -1;
      cur = next;
    }
  return cur;
}

/* TRUE when path is dir or below it, by name. */
static gboolean
is_at_or_under (const char *path, const char *dir)
{
  if (g_str_equal (dir, "/"))
    return TRUE;
  gsize len = strlen (dir);
  return strncmp (path, dir, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/* TRUE when spelled is dir or below it, or below what dir resolves to:
 * so "~/.config/sbox" names sbox's state even when ~/.config is the
 * user's own link to a dotfiles checkout. */
static gboolean
spelled_at_or_under (const char *spelled, const char *dir, const char *real_dir)
{
  return is_at_or_under (spelled, dir) || (real_dir && is_at_or_under (spelled, real_dir));
}

/* Takes text; the placement checks' refusals are EXDEV, as a link that
 * leads out of its place. */
static gboolean
refuse (GError **error, char *text)
{
  walk_fail (error, EXDEV, "%s", text);
  g_free (text);
  return FALSE;
}

/* Where the opened object of a grant lies, judged on the object itself (the
 * one that is bound), after the walk: a link swapped in since the plan was
 * made is caught here. A grant under the home stays in it, and is the home
 * itself only when it names the home; what lies in or holds sbox's own
 * state is bound only when the grant names that state by its path. */
static gboolean
check_placement (int fd, const char *path, const char *home, const char *const *own_state,
                 GError **error)
{
  g_autofree char *real = sbox_paths_fd_path (fd);
  if (real == NULL)
    return refuse (error, g_strdup_printf ("cannot tell where %s leads", path));
  g_autofree char *home_clean = home && home[0] == '/' ? clean_absolute ("home", home, NULL) : NULL;
  g_autofree char *real_home = home_clean ? realpath (home_clean, NULL) : NULL;
  if (real_home && spelled_at_or_under (path, home_clean, real_home))
    {
      gboolean names_home = g_str_equal (path, home_clean) || g_str_equal (path, real_home);
      if (!is_at_or_under (real, real_home))
        return refuse (error,
                       g_strdup_printf ("%s leads out of the home directory (to %s)", path, real));
      if (g_str_equal (real, real_home) && !names_home)
        return refuse (error,
                       g_strdup_printf ("%s leads to the home directory itself (%s)", path, real));
    }
  for (const char *const *s = own_state; s && *s; s++)
    {
      g_autofree char *real_state = realpath (*s, NULL);
      if (real_state == NULL)
        continue;
      gboolean names_state = spelled_at_or_under (path, *s, real_state);
      gboolean holds_state = is_at_or_under (*s, path) || is_at_or_under (real_state, path);
      if (is_at_or_under (real, real_state) && !names_state)
        return refuse (error,
                       g_strdup_printf ("%s leads into sbox's own state (to %s)", path, real));
      if (is_at_or_under (real_state, real) && !holds_state)
        return refuse (error, g_strdup_printf ("%s leads to %s, which holds sbox's own state", path,
                                               real));
    }
  return TRUE;
}

int
sbox_paths_open_grant (const char *path, SboxPathsOpenFlags flags, const char *home,
                       const char *const *own_state, GError **error)
{
  if (path == NULL || path[0] != '/')
    return walk_fail (error, EINVAL, "%s is not an absolute path", path ? path : "(null)");
  if (flags == SBOX_PATHS_FOLLOW)
    {
      int fd = open (path, O_PATH | O_CLOEXEC);
      if (fd < 0)
        return walk_fail (error, errno, "%s", g_strerror (errno));
      return fd;
    }
  Walk w = { .flags = flags };
  int fd = walk (&w, -1, path, (flags & SBOX_PATHS_CREATE) != 0, error);
  if (fd >= 0 && (flags & SBOX_PATHS_CONFINED)
      && !check_placement (fd, path, home, own_state, error))
    {
      close (fd);
      errno = EXDEV;
      return -1;
    }
  return fd;
}

int
sbox_paths_open_source (const char *path, SboxPathsOpenFlags flags, const char *home,
                        GError **error)
{
  return sbox_paths_open_grant (path, flags, home, NULL, error);
}

char *
sbox_paths_writable_link_on (const char *path)
{
  char *link = NULL;
  Walk w = { .flags = SBOX_PATHS_FOLLOW, .writable_link = &link };
  int fd = walk (&w, -1, path, FALSE, NULL);
  if (fd >= 0)
    close (fd);
  return link;
}

int
sbox_paths_open_beneath (int base, const char *beneath, gboolean create)
{
  int fd = fcntl (base, F_DUPFD_CLOEXEC, 3);
  g_auto (GStrv) parts = g_strsplit (beneath, "/", -1);
  for (char **p = parts; *p && fd >= 0; p++)
    {
      if (**p == '\0')
        continue;
      if (g_str_equal (*p, ".") || g_str_equal (*p, ".."))
        {
          close (fd);
          errno = EINVAL;
          return -1;
        }
      if (create && mkdirat (fd, *p, 0700) != 0 && errno != EEXIST)
        {
          int errsv = errno;
          close (fd);
          errno = errsv;
          return -1;
        }
      int next = openat (fd, *p, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int errsv = errno;
      close (fd);
      errno = errsv == ENOTDIR ? ELOOP : errsv;
      fd = next;
    }
  return fd;
}

char *
sbox_paths_real_source (const char *path, const char *home, const char *const *own_state,
                        GError **error)
{
  int fd = sbox_paths_open_grant (path, SBOX_PATHS_CONFINED, home, own_state, error);
  if (fd < 0)
    return NULL;
  char *real = sbox_paths_fd_path (fd);
  close (fd);
  errno = real ? 0 : ENOENT;
  return real;
}

const char *
sbox_paths_caller_home (const char *const *envp)
{
  const char *home = g_environ_getenv ((char **) envp, "HOME");
  if (home && *home)
    return home;
  struct passwd *pw = getpwuid (getuid ());
  return pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : "/";
}
