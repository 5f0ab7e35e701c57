/* fuzz-config.c — sbox.conf: the input is the system file, then (after a
 * line "--") the user's, which may only tighten it. */
#include "config.h"

#include <string.h>

#include "config-file.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GPtrArray) parts = fuzz_split_parts (data, size, 2);
  g_autofree char *system = g_build_filename (fuzz_dir (), "system.conf", NULL);
  g_autofree char *user = g_build_filename (fuzz_dir (), "user.conf", NULL);
  const char *first = g_ptr_array_index (parts, 0);
  fuzz_write (system, first, strlen (first));
  if (parts->len > 1)
    {
      const char *second = g_ptr_array_index (parts, 1);
      fuzz_write (user, second, strlen (second));
    }
  SboxConfig config; /* sbox_config_load_files initializes it */
  g_autoptr (GError) error = NULL;
  if (!sbox_config_load_files (system, parts->len > 1 ? user : NULL, &config, &error)
      && error == NULL)
    abort ();
  sbox_config_clear (&config);
  return 0;
}
