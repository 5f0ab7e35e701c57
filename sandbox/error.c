/* error.c — the SBOX_ERROR domain, the exit-code rule, the error reporter. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "error.h"

G_DEFINE_QUARK (sbox - error - quark, sbox_error)

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

gboolean
sbox_error_usage (GError **error, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_USAGE, message);
  return FALSE;
}

static const char *program_name = "sbox";
static const char *level_prefix = "";

void
sbox_error_set_level_prefix (gboolean on)
{
  level_prefix = on ? "<3>" : ""; /* syslog's LOG_ERR, as bwrap --level-prefix writes */
}

void
sbox_error_set_program (const char *name)
{
  program_name = name;
}

void
sbox_error_print (const char *message)
{
  /* Several problems (a profile's) are one per line, each its own message. */
  g_auto (GStrv) lines = g_strsplit (message, "\n", -1);
  for (char **l = lines; *l; l++)
    if (**l)
      fprintf (stderr, "%s%s: %s\n", level_prefix, program_name, *l);
}

char *
sbox_error_one_line (const char *text)
{
  GString *out = g_string_new (NULL);
  for (const unsigned char *c = (const unsigned char *) text; *c; c++)
    if (*c == '\n')
      g_string_append (out, "\\n");
    else if (*c == '\t')
      g_string_append (out, "\\t");
    else if (*c < 0x20 || *c == 0x7f)
      g_string_append_printf (out, "\\x%02x", *c);
    else
      g_string_append_c (out, (char) *c);
  return g_string_free (out, FALSE);
}

void
sbox_error_printf (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  sbox_error_print (message);
}

int
sbox_error_exit_for_kind (int kind)
{
  switch (kind)
    {
    case SBOX_ERROR_EXEC:
      return SBOX_EXIT_CANNOT_RUN;
    case SBOX_ERROR_NOT_FOUND:
      return SBOX_EXIT_NOT_FOUND;
    default:
      return SBOX_EXIT_FAILURE;
    }
}

int
sbox_error_exit_for (const GError *error)
{
  if (error == NULL || error->domain != SBOX_ERROR)
    return SBOX_EXIT_FAILURE;
  return sbox_error_exit_for_kind (error->code);
}

int
sbox_error_exit_for_end (gboolean signalled, int number)
{
  return signalled ? SBOX_EXIT_SIGNAL_BASE + number : number;
}

int
sbox_error_exit_for_wait (int wait_status)
{
  if (WIFEXITED (wait_status))
    return sbox_error_exit_for_end (FALSE, WEXITSTATUS (wait_status));
  if (WIFSIGNALED (wait_status))
    return sbox_error_exit_for_end (TRUE, WTERMSIG (wait_status));
  return SBOX_EXIT_FAILURE;
}
