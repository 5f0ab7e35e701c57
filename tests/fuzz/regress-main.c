/* regress-main.c — a fuzz target without libFuzzer: each file named on the
 * command line (or each file of a directory named) is one input, so every
 * make check replays the corpus and the crashes found before. */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static int
run_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &data, &len, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return 0;
}

int
main (int argc, char **argv)
{
  int failed = 0, inputs = 0;
  for (int i = 1; i < argc; i++)
    {
      if (!g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        {
          failed |= run_file (argv[i]);
          inputs++;
          continue;
        }
      g_autoptr (GDir) dir = g_dir_open (argv[i], 0, NULL);
      for (const char *name; dir && (name = g_dir_read_name (dir));)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          failed |= run_file (path);
          inputs++;
        }
    }
  printf ("%d inputs\n", inputs);
  return failed;
}
