/* fuzz-cli.c — sbox's command line: the input is argv, NUL-separated
 * words after argv[0]. Only parsed: nothing is started. */
#include "config.h"

#include "cli.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GPtrArray) words = fuzz_split (data, size, '\0');
  g_ptr_array_insert (words, 0, g_strdup ("sbox"));
  g_ptr_array_add (words, NULL);
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  if (!sbox_cli_parse ((int) words->len - 1, (char *const *) words->pdata, &cli, &error)
      && error == NULL)
    abort (); /* a failure always says why */
  return 0;
}
