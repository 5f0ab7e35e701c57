/* caller.h — the caller's world that ~, ${VAR} and xdg-* names expand
 * from, as a type only: paths.c expands with it, guard.c judges with it,
 * and neither has to include the other for it. */
#pragma once

#include <glib.h>

/* What ~, ${VAR} and xdg-* names expand from: the caller's world. */
typedef struct
{
  const char *const *envp;
  const char *home;
  const char *user;
  const char *cwd;
  guint uid;
  gboolean verbose; /* say which user directories came from the XDG defaults */
} SboxExpandContext;
