/* error.c — the SBOX_ERROR domain and errno helpers. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "error.h"

G_DEFINE_QUARK (sbox-error-quark, sbox_error)

gboolean
sbox_error_set_errno (GError **error, int errsv, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "%s: %s", what, g_strerror (errsv));
  return FALSE;
}

void
sbox_error_print (const char *message)
{
  /* Several problems (a profile's) are one per line, each its own message. */
  g_auto (GStrv) lines = g_strsplit (message, "\n", -1);
  for (char **l = lines; *l; l++)
    if (**l)
      fprintf (stderr, "sbox: %s\n", *l);
}
