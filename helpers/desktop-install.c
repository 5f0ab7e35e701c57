/* desktop-install.c — enable, refresh and disable: writing wrappers (and
 * their PROGRAM links) into the user's applications directory, where they
 * shadow the system entries of the same id, and removing them again.
 * Nothing in that directory that sbox-desktop did not write is replaced or
 * removed. */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include <glib/gstdio.h>

#include "desktop-entry.h"
#include "desktop-install.h"
#include "desktop-profiles.h"
#include "desktop-sources.h"
#include "desktop-symlinks.h"
#include "desktop-wrappers.h"

/* Writes the wrapper for SOURCE_PATH as ID; PROFILE NULL picks by name.
 * OLD is the wrapper refresh rewrites (its link and marker choice stay). */
static void
wrap_one (SboxDesktopRun *run, const char *id, const char *source_path, const char *profile,
          const SboxDesktopWrapper *old)
{
  gboolean refresh = old != NULL;
  g_autofree char *link = NULL;
  g_autofree char *target = g_build_filename (run->user_dir, id, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxDesktopEntry) e = NULL;
  g_autofree char *data = NULL;

  if (sbox_desktop_wrappers_file_state (target) == SBOX_DESKTOP_FILE_FOREIGN)
    {
      sbox_desktop_run_fail (run, target, "exists and was not written by " ME "; left alone");
      return;
    }
  e = sbox_desktop_entry_load (source_path, &error);
  if (e == NULL)
    {
      sbox_desktop_run_fail (run, source_path, "%s", error->message);
      return;
    }
  if (profile == NULL)
    profile = sbox_desktop_profiles_match (run, e->program, id);
  if (profile == NULL)
    profile = "default";
  if (refresh)
    link = g_strdup (old->symlink);
  else if (run->symlinks != NULL && e->program != NULL)
    link = g_build_filename (run->symlinks, e->program, NULL);
  data = sbox_desktop_entry_wrap (e, run->sbox, profile, link,
                                  refresh ? old->no_marker : run->no_marker, &error);
  if (data == NULL)
    {
      sbox_desktop_run_fail (run, source_path, "%s", error->message);
      return;
    }
  if (g_mkdir_with_parents (run->user_dir, 0755) != 0)
    {
      sbox_desktop_run_fail (run, run->user_dir, "cannot create: %s", g_strerror (errno));
      return;
    }
  /* Replaced whole (a new file renamed over the old one): a launcher
   * reading the directory meanwhile never sees half an entry. */
  if (!g_file_set_contents (target, data, -1, &error))
    {
      sbox_desktop_run_fail (run, target, "%s", error->message);
      return;
    }
  run->changed = TRUE;
  if (refresh)
    printf ("rewrote %s (%s changed)\n", id, source_path);
  else
    printf ("enabled %s (profile %s)\n", id, profile);
  if (run->symlinks != NULL && e->program != NULL)
    sbox_desktop_symlinks_add (run, e->program);
}

void
sbox_desktop_install_enable (SboxDesktopRun *run)
{
  g_autoptr (GPtrArray) sources = sbox_desktop_sources_scan (run->user_dir);

  if (!sbox_desktop_profiles_load (run))
    return;
  if (run->all)
    {
      for (guint i = 0; i < sources->len; i++)
        {
          SboxDesktopSource *s = g_ptr_array_index (sources, i);
          const char *profile = s->is_app ? sbox_desktop_profiles_match (run, s->program, s->id)
                                          : NULL;
          /* "default" is the fallback for anything, not a profile written
           * for this application. */
          if (profile != NULL && !g_str_equal (profile, "default"))
            wrap_one (run, s->id, s->path, profile, NULL);
        }
      return;
    }
  for (guint i = 0; i < run->names->len; i++)
    {
      const char *name = g_ptr_array_index (run->names, i);
      SboxDesktopSource *s = sbox_desktop_sources_find (sources, name);
      if (s == NULL)
        {
          g_autofree char *dirs = sbox_desktop_sources_dirs_text ();
          g_autofree char *id = sbox_desktop_sources_id (name);
          sbox_desktop_run_fail (
              run, name, "not installed: no menu entry %s and none whose Exec= runs %s (in %s)", id,
              name, dirs);
        }
      else
        wrap_one (run, s->id, s->path, run->profile, NULL);
    }
}

void
sbox_desktop_install_refresh (SboxDesktopRun *run)
{
  g_autoptr (GPtrArray) wrappers = sbox_desktop_wrappers_scan (run->user_dir);

  for (guint i = 0; i < wrappers->len; i++)
    {
      SboxDesktopWrapper *w = g_ptr_array_index (wrappers, i);
      const char *state = sbox_desktop_wrappers_state (w);

      if (g_str_equal (state, "orphaned"))
        {
          if (g_unlink (w->path) != 0)
            sbox_desktop_run_fail (run, w->path, "cannot remove: %s", g_strerror (errno));
          else
            {
              run->changed = TRUE;
              printf ("removed %s (%s is gone)\n", w->id, w->source ? w->source : "source");
            }
        }
      else if (g_str_equal (state, "stale"))
        /* The profile recorded at enable time, which --profile may have set. */
        wrap_one (run, w->id, w->source, w->profile, w);
    }
}

static void
unwrap_one (SboxDesktopRun *run, SboxDesktopWrapper *w)
{
  if (g_unlink (w->path) != 0)
    {
      sbox_desktop_run_fail (run, w->path, "cannot remove: %s", g_strerror (errno));
      return;
    }
  run->changed = TRUE;
  printf ("disabled %s\n", w->id);
  /* --symlinks given now names the directory to clean; without it, the
   * link enable recorded in the wrapper. */
  if (run->symlinks != NULL && w->program != NULL)
    sbox_desktop_symlinks_remove (run, w->program);
  else if (w->symlink != NULL)
    sbox_desktop_symlinks_remove_path (run, w->symlink);
}

void
sbox_desktop_install_disable (SboxDesktopRun *run)
{
  g_autoptr (GPtrArray) wrappers = sbox_desktop_wrappers_scan (run->user_dir);

  if (run->all)
    {
      g_autoptr (GDir) dir = NULL;
      const char *name;

      for (guint i = 0; i < wrappers->len; i++)
        unwrap_one (run, g_ptr_array_index (wrappers, i));
      /* Links whose wrapper is already gone go too. */
      if (run->symlinks != NULL && (dir = g_dir_open (run->symlinks, 0, NULL)) != NULL)
        while ((name = g_dir_read_name (dir)) != NULL)
          {
            g_autofree char *path = g_build_filename (run->symlinks, name, NULL);
            if (sbox_desktop_symlinks_is_ours (run, path))
              sbox_desktop_symlinks_remove (run, name);
          }
      return;
    }
  for (guint i = 0; i < run->names->len; i++)
    {
      const char *name = g_ptr_array_index (run->names, i);
      g_autofree char *id = sbox_desktop_sources_id (name);
      g_autofree char *path = g_build_filename (run->user_dir, id, NULL);
      gboolean found = FALSE;

      if (sbox_desktop_wrappers_file_state (path) == SBOX_DESKTOP_FILE_FOREIGN)
        {
          sbox_desktop_run_fail (run, path, "was not written by " ME "; left alone");
          continue;
        }
      /* A command name may match several wrappers (one program, several
       * entries): all of them go. */
      for (guint j = 0; j < wrappers->len; j++)
        {
          SboxDesktopWrapper *w = g_ptr_array_index (wrappers, j);
          if (g_str_equal (w->id, id) || (w->program && g_str_equal (w->program, name)))
            {
              unwrap_one (run, w);
              found = TRUE;
            }
        }
      if (found)
        continue;
      /* No wrapper, but a link left by an earlier run still counts as
       * something to disable. */
      if (run->symlinks != NULL)
        {
          g_autofree char *link = g_build_filename (run->symlinks, name, NULL);
          if (sbox_desktop_symlinks_is_ours (run, link))
            {
              sbox_desktop_symlinks_remove (run, name);
              continue;
            }
        }
      sbox_desktop_run_fail (run, name, "no wrapper in %s", run->user_dir);
    }
}

/* The directory's mimeinfo.cache tells launchers which of its entries open
 * which MIME types; it is rebuilt after any change so that it matches
 * the entries there.  The tool is optional (desktop-file-utils): without
 * it nothing is rebuilt and that is no failure. */
void
sbox_desktop_install_update_database (SboxDesktopRun *run)
{
  g_autofree char *prog = g_find_program_in_path ("update-desktop-database");
  const char *argv[] = { prog, "-q", run->user_dir, NULL };
  g_autoptr (GError) error = NULL;
  int wait_status;

  if (!run->changed || prog == NULL || !g_file_test (run->user_dir, G_FILE_TEST_IS_DIR))
    return;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                     &wait_status, &error)
      || !g_spawn_check_exit_status (wait_status, &error))
    sbox_desktop_run_fail (run, "update-desktop-database", "%s", error->message);
}
