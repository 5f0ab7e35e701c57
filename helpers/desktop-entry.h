/* desktop-entry.h — one application's .desktop file, read and rewritten
 * into a copy that starts the application inside sbox. */
#pragma once

#include <glib.h>

/* A parsed source file, ready to be turned into a wrapper. */
typedef struct
{
  char *path;
  char *checksum; /* SHA-256 of the bytes read, recorded in the copy */
  GKeyFile *kf;
  char *program; /* basename of the program its Exec= runs, or NULL */
} SboxDesktopEntry;

/* Reads PATH; NULL with an error unless it is an application with an
 * Exec= that is not already one of ours. */
SboxDesktopEntry *sbox_desktop_entry_load (const char *path, GError **error);

void sbox_desktop_entry_free (SboxDesktopEntry *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SboxDesktopEntry, sbox_desktop_entry_free)

/* Rewrites E's key file in place and returns the bytes to write: every
 * Exec= runs "SBOX --profile=PROFILE -- ...", and the X-Sbox- keys record
 * PROFILE, the source, LINK (may be NULL) and NO_MARKER. */
char *sbox_desktop_entry_wrap (SboxDesktopEntry *e, const char *sbox, const char *profile,
                               const char *link, gboolean no_marker, GError **error);
