/* desktop-profiles.c — the profiles sbox knows, as sbox itself lists them
 * (SBOX_PROFILE_PATH and all): asking the binary written into Exec= keeps
 * the names sbox-desktop offers the ones that sbox will find. */
#include "config.h"

#include <string.h>

#include "desktop-profiles.h"

gboolean
sbox_desktop_profiles_load (SboxDesktopRun *run)
{
  if (run->profiles_avail != NULL)
    return TRUE;
  /* Declared after the early return: gcc 12's analyser takes cleanups of
   * variables declared before one for uninitialised. */
  const char *argv[] = { run->sbox, "--list-profiles", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) lines = NULL;
  int wait_status;
  /* Set before the attempt: a failure is reported once, and later lookups
   * find an empty list instead of spawning sbox again. */
  run->profiles_avail = g_ptr_array_new_with_free_func (g_free);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &wait_status, &error)
      || !g_spawn_check_exit_status (wait_status, &error))
    {
      if (err != NULL)
        g_strstrip (err);
      sbox_desktop_run_fail (run, run->sbox, "cannot list profiles: %s%s%s", error->message,
                             err && *err ? ": " : "", err ? err : "");
      return FALSE;
    }
  /* One profile a line; the name is the first word, the rest describes it. */
  lines = g_strsplit (out, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    {
      g_auto (GStrv) words = g_strsplit_set (g_strstrip (*l), " \t", 2);
      if (words[0] != NULL && *words[0] != '\0')
        g_ptr_array_add (run->profiles_avail, g_strdup (words[0]));
    }
  return TRUE;
}

const char *
sbox_desktop_profiles_lookup (SboxDesktopRun *run, const char *name)
{
  guint i;

  if (name == NULL || !sbox_desktop_profiles_load (run)
      || !g_ptr_array_find_with_equal_func (run->profiles_avail, name, g_str_equal, &i))
    return NULL;
  return g_ptr_array_index (run->profiles_avail, i);
}

/* The profile sbox would pick by name: the program's, else the id's. */
const char *
sbox_desktop_profiles_match (SboxDesktopRun *run, const char *program, const char *id)
{
  g_autofree char *stem = g_strndup (id, strlen (id) - strlen (".desktop"));
  const char *found = sbox_desktop_profiles_lookup (run, program);

  return found ? found : sbox_desktop_profiles_lookup (run, stem);
}
