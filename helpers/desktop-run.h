/* desktop-run.h — one run of sbox-desktop: what the command line asked for,
 * the paths derived from it, and the exit status failures leave behind. */
#pragma once

#include <glib.h>

#define ME "sbox-desktop"

enum
{
  EXIT_DONE = 0,
  EXIT_SOME_FAILED = 1,
  EXIT_USAGE = 2,
};

typedef struct
{
  /* Command line. */
  const char *command;
  GPtrArray *names;
  gboolean all;
  gboolean json;
  char *profile;
  char *symlinks;
  char *sbox_opt;
  gboolean no_marker;
  /* Derived. */
  char *sbox;                /* absolute path written into Exec= */
  char *user_dir;            /* $XDG_DATA_HOME/applications */
  GPtrArray *profiles_avail; /* from sbox --list-profiles; NULL until loaded */
  gboolean changed;          /* the user directory changed: update its database */
  int status;
} SboxDesktopRun;

/* Prints "sbox-desktop: WHAT: WHY" and marks the run as partly failed; the
 * caller goes on with the next name. */
void sbox_desktop_run_fail (SboxDesktopRun *run, const char *what, const char *fmt, ...)
    G_GNUC_PRINTF (3, 4);

/* Frees what RUN holds (not RUN itself). */
void sbox_desktop_run_clear (SboxDesktopRun *run);
