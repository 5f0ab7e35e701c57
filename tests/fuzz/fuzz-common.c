/* fuzz-common.c — see fuzz-common.h. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static GLogWriterOutput
fatal_or_drop (GLogLevelFlags level, const GLogField *fields, gsize n_fields, gpointer data)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    {
      g_log_writer_standard_streams (level, fields, n_fields, data);
      abort ();
    }
  return G_LOG_WRITER_HANDLED;
}

void
fuzz_init (void)
{
  static gboolean done;
  if (done)
    return;
  done = TRUE;
  g_log_set_writer_func (fatal_or_drop, NULL, NULL);
}

GPtrArray *
fuzz_split (const uint8_t *data, size_t size, char sep)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  size_t start = 0;
  for (size_t i = 0; i <= size; i++)
    if (i == size || data[i] == (uint8_t) sep)
      {
        g_ptr_array_add (out, g_strndup ((const char *) data + start, i - start));
        start = i + 1;
      }
  return out;
}

GPtrArray *
fuzz_split_parts (const uint8_t *data, size_t size, guint max)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  GString *part = g_string_new (NULL);
  size_t at = 0;
  while (at < size)
    {
      const uint8_t *nl = memchr (data + at, '\n', size - at);
      size_t end = nl ? (size_t) (nl - data) + 1 : size;
      size_t len = end - at;
      if (out->len + 1 < max && len >= 2 && memcmp (data + at, "--", 2) == 0
          && (len == 2 || (len == 3 && data[at + 2] == '\n')))
        {
          g_ptr_array_add (out, g_string_free (part, FALSE));
          part = g_string_new (NULL);
        }
      else
        g_string_append_len (part, (const char *) data + at, (gssize) len);
      at = end;
    }
  g_ptr_array_add (out, g_string_free (part, FALSE));
  return out;
}

const char *
fuzz_dir (void)
{
  static char *dir;
  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("sbox-fuzz-XXXXXX", NULL);
      if (dir == NULL)
        abort ();
    }
  return dir;
}

void
fuzz_write (const char *path, const char *data, gsize len)
{
  g_autofree char *parent = g_path_get_dirname (path);
  if (g_mkdir_with_parents (parent, 0700) != 0
      || !g_file_set_contents (path, data, (gssize) len, NULL))
    abort ();
}
