/* dispatch.c — sbox under another name: a link `firefox -> sbox` in a
 * directory early in PATH makes `firefox ARGS` run `sbox -- /usr/bin/firefox
 * ARGS`, the real program found further along PATH. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dispatch.h"
#include "env.h"
#include "error.h"

gboolean
sbox_dispatch_is_alias (const char *argv0)
{
  g_autofree char *name = g_path_get_basename (argv0 ? argv0 : "sbox");
  return !g_str_has_prefix (name, "sbox");
}

/* The first NAME in PATH that is not this very binary (links to it and
 * hard links alike are skipped by comparing the files themselves). */
static char *
find_real_program (const char *name, const char *path)
{
  struct stat self, candidate;
  if (stat ("/proc/self/exe", &self) != 0)
    return NULL;
  g_auto (GStrv) dirs = g_strsplit (path, ":", -1);
  for (char **dir = dirs; *dir; dir++)
    {
      if (!g_path_is_absolute (*dir))
        continue; /* a relative PATH entry would depend on the cwd */
      g_autofree char *file = g_build_filename (*dir, name, NULL);
      if (stat (file, &candidate) != 0 || !S_ISREG (candidate.st_mode) || access (file, X_OK) != 0)
        continue;
      if (candidate.st_dev == self.st_dev && candidate.st_ino == self.st_ino)
        continue;
      return g_steal_pointer (&file);
    }
  return NULL;
}

char **
sbox_dispatch_argv (int argc, char *const *argv, const char *const *envp, GError **error)
{
  g_autofree char *name = g_path_get_basename (argv[0]);
  const char *path = g_environ_getenv ((char **) envp, "PATH");
  g_autofree char *real = find_real_program (name, path ? path : SBOX_SAFE_PATH);
  if (real == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_NOT_FOUND,
                   "%s: command not found (sbox was started as %s, and PATH holds no other %s)",
                   name, name, name);
      return NULL;
    }
  /* Everything after the name is the program's: no sbox option can be
   * smuggled in through it. */
  char **out = g_new0 (char *, (gsize) argc + 3);
  out[0] = g_strdup ("sbox");
  out[1] = g_strdup ("--");
  out[2] = g_steal_pointer (&real);
  for (int i = 1; i < argc; i++)
    out[i + 2] = g_strdup (argv[i]);
  return out;
}
