/* fuzz-enter.c — the data a launcher records for --enter, read back as a
 * joining process reads it. */
#include "config.h"

#include "enter-data.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GKeyFile) info = g_key_file_new ();
  if (!g_key_file_load_from_data (info, (const char *) data, size, G_KEY_FILE_NONE, NULL))
    return 0;
  g_auto (SboxEnterLimits) limits = { 0 };
  g_autoptr (GError) error = NULL;
  if (sbox_enter_data_parse (info, "fuzz", &limits, &error))
    {
      if (limits.env == NULL || limits.namespaces == NULL || limits.sandbox == NULL)
        abort ();
    }
  else if (error == NULL)
    abort ();
  return 0;
}
