/* fuzz-desktop-exec.c — the .desktop Exec= splitter, and its quoting read
 * back: whatever the split gives, quoted and split again, is the same. */
#include "config.h"

#include <string.h>

#include "desktop-exec.h"
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  if (memchr (data, '\0', size))
    return 0; /* a key file value holds no NUL */
  g_autofree char *exec = g_strndup ((const char *) data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) argv = sbox_desktop_exec_split (exec, &error);
  if (argv == NULL)
    {
      if (error == NULL)
        abort ();
      return 0;
    }
  g_free (sbox_desktop_exec_program (argv, 0));
  g_autoptr (GString) quoted = g_string_new (NULL);
  for (guint i = 0; i < argv->len; i++)
    sbox_desktop_exec_append_quoted (quoted, g_ptr_array_index (argv, i));
  g_autoptr (GError) again_error = NULL;
  g_autoptr (GPtrArray) again = sbox_desktop_exec_split (quoted->str, &again_error);
  if (again == NULL || again->len != argv->len)
    abort ();
  for (guint i = 0; i < argv->len; i++)
    if (strcmp (g_ptr_array_index (argv, i), g_ptr_array_index (again, i)) != 0)
      abort ();
  return 0;
}
