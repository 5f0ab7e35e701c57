/* fuzz-profile.c — the profile loader with an include and a .local: the
 * input is the profile, then (after lines "--") include/fuzz.inc and
 * fuzz.local, all in one directory of the search path. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fuzz-common.h"
#include "profile.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  static const char *const names[] = { "fuzz.profile", "include/fuzz.inc", "fuzz.local" };
  g_autoptr (GPtrArray) parts = fuzz_split_parts (data, size, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fuzz_dir (), names[i], NULL);
      if (i < parts->len)
        {
          const char *text = g_ptr_array_index (parts, i);
          fuzz_write (path, text, strlen (text));
        }
      else
        g_unlink (path);
    }
  g_autofree char *search = g_strconcat ("SBOX_PROFILE_PATH=", fuzz_dir (), NULL);
  g_autofree char *home = g_strconcat ("HOME=", fuzz_dir (), NULL);
  const char *const envp[] = { search, home, "XDG_CONFIG_HOME=/nonexistent",
                               "XDG_DATA_DIRS=/nonexistent", NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxProfile) profile = sbox_profile_load ("fuzz", envp, &error);
  if (profile == NULL && error == NULL)
    abort ();
  return 0;
}
