/* desktop-symlinks.c — the PROGRAM -> sbox links of --symlinks: sbox,
 * started under a program's name, runs that program in its profile.  Only
 * links that lead to this sbox are ever touched. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "desktop-symlinks.h"

/* The link may name sbox by another path than RUN->sbox (through a linked
 * directory, say), so a different text still counts when both resolve to
 * the same file. */
gboolean
sbox_desktop_symlinks_is_ours (SboxDesktopRun *run, const char *path)
{
  g_autofree char *target = g_file_read_link (path, NULL);
  char a[PATH_MAX], b[PATH_MAX];

  if (target == NULL)
    return FALSE;
  if (g_str_equal (target, run->sbox))
    return TRUE;
  return realpath (path, a) != NULL && realpath (run->sbox, b) != NULL && strcmp (a, b) == 0;
}

void
sbox_desktop_symlinks_add (SboxDesktopRun *run, const char *program)
{
  g_autofree char *path = g_build_filename (run->symlinks, program, NULL);

  if (g_mkdir_with_parents (run->symlinks, 0755) != 0)
    {
      sbox_desktop_run_fail (run, run->symlinks, "cannot create: %s", g_strerror (errno));
      return;
    }
  if (symlink (run->sbox, path) == 0)
    {
      printf ("linked %s -> %s\n", path, run->sbox);
      return;
    }
  /* Our own link already there is success, silently: enable may run
   * again for the same program. */
  if (errno != EEXIST)
    sbox_desktop_run_fail (run, path, "cannot create the link: %s", g_strerror (errno));
  else if (!sbox_desktop_symlinks_is_ours (run, path))
    sbox_desktop_run_fail (run, path, "exists and is not a link to %s; left alone", run->sbox);
}

void
sbox_desktop_symlinks_remove_path (SboxDesktopRun *run, const char *path)
{
  GStatBuf st;

  /* Anything else by that name is not ours to report on or remove. */
  if (g_lstat (path, &st) != 0 || !sbox_desktop_symlinks_is_ours (run, path))
    return;
  if (g_unlink (path) != 0)
    sbox_desktop_run_fail (run, path, "cannot remove: %s", g_strerror (errno));
  else
    printf ("unlinked %s\n", path);
}

void
sbox_desktop_symlinks_remove (SboxDesktopRun *run, const char *program)
{
  g_autofree char *path = g_build_filename (run->symlinks, program, NULL);

  sbox_desktop_symlinks_remove_path (run, path);
}
