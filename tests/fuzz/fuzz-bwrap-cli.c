/* fuzz-bwrap-cli.c — the bubblewrap front end's command line: the input is
 * argv, NUL-separated words after argv[0]. Options that consume a
 * descriptor get one that is not open, so the parse reads none of the
 * fuzzer's own. */
#include "config.h"

#include <string.h>

#include "bwrap-cli.h"
#include "fuzz-common.h"

static gboolean
takes_fd (const char *option)
{
  static const char *const options[] = {
    "--args",           "--file",     "--bind-data",       "--ro-bind-data", "--seccomp",
    "--add-seccomp-fd", "--block-fd", "--userns-block-fd", "--info-fd",      "--json-status-fd",
    "--sync-fd",        "--userns",   "--userns2",         "--pidns",        NULL
  };
  for (const char *const *o = options; *o; o++)
    if (strcmp (option, *o) == 0)
      return TRUE;
  return FALSE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  g_autoptr (GPtrArray) words = fuzz_split (data, size, '\0');
  for (guint i = 0; i + 1 < words->len; i++)
    if (takes_fd (g_ptr_array_index (words, i)))
      {
        g_free (g_ptr_array_index (words, i + 1));
        g_ptr_array_index (words, i + 1) = g_strdup ("1000000");
      }
  g_ptr_array_insert (words, 0, g_strdup ("bwrap"));
  g_ptr_array_add (words, NULL);
  static const char *const envp[] = { "HOME=/home/fuzz", "PATH=/usr/bin:/bin", NULL };
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  if (!sbox_bwrap_cli_parse ((int) words->len - 1, (char *const *) words->pdata, envp, &cli, &error)
      && error == NULL)
    abort ();
  return 0;
}
