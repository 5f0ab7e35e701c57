/* dispatch.h — sbox started under a program's name (argv[0] dispatch). */
#pragma once

#include <glib.h>

/* TRUE when argv0's basename is not sbox's own. */
gboolean sbox_dispatch_is_alias (const char *argv0);

/* The sbox command line that runs the real program argv[0] names (found in
 * PATH, skipping sbox itself) with argv[1..]: "sbox -- /path/prog ARGS". */
char **sbox_dispatch_argv (int argc, char *const *argv, const char *const *envp, GError **error);
