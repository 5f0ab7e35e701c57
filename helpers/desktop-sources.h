/* desktop-sources.h — the system's installed .desktop files, the sources
 * sbox-desktop copies from. */
#pragma once

#include <glib.h>

/* One installed (system) desktop file, the one that wins for its id. */
typedef struct
{
  char *id;      /* "org.gnome.Evince.desktop" */
  char *path;    /* absolute */
  char *program; /* basename of the Exec program; NULL if unusable */
  gboolean is_app;
} SboxDesktopSource;

/* NAME as a desktop id: NAME itself if it ends in ".desktop". */
char *sbox_desktop_sources_id (const char *name);

/* The installed desktop files of every system data directory except
 * USER_DIR, in priority order, each id once (SboxDesktopSource *). */
GPtrArray *sbox_desktop_sources_scan (const char *user_dir);

/* The source NAME means: a desktop id (with or without .desktop), else an
 * application whose Exec= runs the program NAME; NULL when none. */
SboxDesktopSource *sbox_desktop_sources_find (GPtrArray *sources, const char *name);

/* The directories scan looks in, for messages: "DIR/applications, ...". */
char *sbox_desktop_sources_dirs_text (void);
