/* error.h — the SBOX_ERROR domain, the one rule for exit codes, the one
 * reporter of error lines, errno helpers. */
#pragma once

#include <glib.h>

#define SBOX_ERROR (sbox_error_quark ())
GQuark sbox_error_quark (void);

/* One enum for every exit status sbox itself chooses; the command's own
 * status passes through unchanged. */
typedef enum
{
  SBOX_EXIT_OK = 0,
  SBOX_EXIT_TIMEOUT = 124,
  SBOX_EXIT_FAILURE = 125, /* sbox itself failed (bad input, setup error) */
  SBOX_EXIT_CANNOT_RUN = 126,
  SBOX_EXIT_NOT_FOUND = 127,
  SBOX_EXIT_SIGNAL_BASE = 128, /* + N when killed by signal N */
} SboxExit;

typedef enum
{
  SBOX_ERROR_USAGE,     /* bad option or value */
  SBOX_ERROR_INVALID,   /* plan fails validation */
  SBOX_ERROR_SETUP,     /* a kernel step failed */
  SBOX_ERROR_EXEC,      /* the command was found but could not be started */
  SBOX_ERROR_NOT_FOUND, /* the command was not found */
} SboxErrorCode;

/* The one rule for the status sbox exits with. A failure's kind decides
 * it: 126 for SBOX_ERROR_EXEC, 127 for SBOX_ERROR_NOT_FOUND, 125 (sbox
 * itself failed) for every other kind and every other domain. */
int sbox_error_exit_for_kind (int kind);
int sbox_error_exit_for (const GError *error);
/* A process that ended: its own exit status, or 128+N when signal N
 * killed it. From waitpid's status, or from waitid's siginfo. */
int sbox_error_exit_for_wait (int wait_status);
int sbox_error_exit_for_end (gboolean signalled, int number);

/* Set error from errno with "WHAT: strerror". Always returns FALSE. */
gboolean sbox_error_set_errno (GError **error, int errsv, const char *format, ...)
    G_GNUC_PRINTF (3, 4);

/* A usage error (exit 125 for sbox, 1 for sbox-bwrap): FALSE, to return. */
gboolean sbox_error_usage (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The one reporter: print message on stderr, each of its lines as one
 * "sbox: LINE". Allocates, so not for a vfork-like child (it sends its
 * text over the sync channel instead). */
void sbox_error_print (const char *message);

/* TEXT with control characters escaped (\n, \t, \xNN), for a value a
 * message or a table quotes: one with a newline must not print as two. */
char *sbox_error_one_line (const char *text);
/* The name the reporter's lines start with ("sbox" unless a front end that
 * speaks for another program, sbox-bwrap, sets its own); name is kept. */
void sbox_error_set_program (const char *name);
/* The same for a formatted message (warnings, notices, --verbose steps). */
void sbox_error_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);
/* Messages start with "<3>" (syslog's error level), as bwrap --level-prefix's do. */
void sbox_error_set_level_prefix (gboolean on);
