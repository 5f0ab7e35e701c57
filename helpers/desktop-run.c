/* desktop-run.c — one run of sbox-desktop: reporting its failures and
 * freeing its state. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "desktop-run.h"

/* One line per failure and the run goes on: a name that cannot be wrapped
 * must not stop the others, so only the exit status tells. */
void
sbox_desktop_run_fail (SboxDesktopRun *run, const char *what, const char *fmt, ...)
{
  va_list ap;
  g_autofree char *why = NULL;

  va_start (ap, fmt);
  why = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (stderr, ME ": %s: %s\n", what, why);
  run->status = EXIT_SOME_FAILED;
}

void
sbox_desktop_run_clear (SboxDesktopRun *run)
{
  g_clear_pointer (&run->names, g_ptr_array_unref);
  g_clear_pointer (&run->profile, g_free);
  g_clear_pointer (&run->symlinks, g_free);
  g_clear_pointer (&run->sbox_opt, g_free);
  g_clear_pointer (&run->sbox, g_free);
  g_clear_pointer (&run->user_dir, g_free);
  g_clear_pointer (&run->profiles_avail, g_ptr_array_unref);
}
