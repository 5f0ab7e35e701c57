/* desktop-list.c — the list command: which applications are wrapped (and
 * whether their copies are current), which others have a profile, printed
 * as aligned tables or as JSON. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "desktop-list.h"
#include "desktop-profiles.h"
#include "desktop-sources.h"
#include "desktop-wrappers.h"

static void
json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const unsigned char *p = (const unsigned char *) (s ? s : ""); *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_printf (out, "\\%c", *p);
      else if (*p < 0x20)
        g_string_append_printf (out, "\\u%04x", *p);
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* Rows (arrays of strings) as a JSON array of objects with these keys. */
static void
json_rows (GString *out, GPtrArray *rows, const char *const *keys, guint nkeys)
{
  g_string_append_c (out, '[');
  for (guint r = 0; r < rows->len; r++)
    {
      const char **row = g_ptr_array_index (rows, r);
      g_string_append (out, r ? ", {" : "{");
      for (guint k = 0; k < nkeys; k++)
        {
          g_string_append (out, k ? ", " : "");
          json_string (out, keys[k]);
          g_string_append (out, ": ");
          json_string (out, row[k]);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* Orders table rows (arrays of strings) by their first column. */
static gint
compare_rows (gconstpointer a, gconstpointer b)
{
  return strcmp ((*(const char *const *const *) a)[0], (*(const char *const *const *) b)[0]);
}

/* Prints ROWS (arrays of NCOLS strings) under HEADER with aligned columns. */
static void
print_table (const char *title, const char *const *header, guint ncols, GPtrArray *rows)
{
  int width[8] = { 0 };

  printf ("%s\n", title);
  if (rows->len == 0)
    {
      printf ("  (none)\n");
      return;
    }
  for (guint c = 0; c < ncols; c++)
    width[c] = strlen (header[c]);
  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < ncols; c++)
      width[c] = MAX (width[c], (int) strlen (((char **) g_ptr_array_index (rows, r))[c]));
  /* The last column is not padded, so that no line ends in blanks. */
  for (guint r = 0; r <= rows->len; r++)
    {
      const char *const *row = r == 0 ? header : g_ptr_array_index (rows, r - 1);
      printf (" ");
      for (guint c = 0; c + 1 < ncols; c++)
        printf (" %-*s", width[c], row[c]);
      printf (" %s\n", row[ncols - 1]);
    }
}

void
sbox_desktop_list_show (SboxDesktopRun *run)
{
  g_autoptr (GPtrArray) wrappers = sbox_desktop_wrappers_scan (run->user_dir);
  g_autoptr (GPtrArray) sources = sbox_desktop_sources_scan (run->user_dir);
  g_autoptr (GPtrArray) wrapped_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) other_rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) wrapped_ids = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *const wrapped_header[] = { "ID", "PROFILE", "STATE", "SOURCE" };
  static const char *const other_header[] = { "ID", "PROFILE", "SOURCE" };

  for (guint i = 0; i < wrappers->len; i++)
    {
      SboxDesktopWrapper *w = g_ptr_array_index (wrappers, i);
      const char **row = g_new0 (const char *, 4);
      row[0] = w->id;
      row[1] = w->profile ? w->profile : "";
      row[2] = sbox_desktop_wrappers_state (w);
      row[3] = w->source ? w->source : "";
      g_ptr_array_add (wrapped_rows, row);
      g_hash_table_add (wrapped_ids, w->id);
    }
  /* Loaded even when no source would ask, so that an sbox that cannot list
   * its profiles is reported whatever is installed. */
  sbox_desktop_profiles_load (run);
  for (guint i = 0; i < sources->len; i++)
    {
      SboxDesktopSource *s = g_ptr_array_index (sources, i);
      const char *profile = s->is_app ? sbox_desktop_profiles_match (run, s->program, s->id) : NULL;
      const char **row;

      /* The same choice as enable --all: these are what it would wrap. */
      if (profile == NULL || g_str_equal (profile, "default")
          || g_hash_table_contains (wrapped_ids, s->id))
        continue;
      row = g_new0 (const char *, 3);
      row[0] = s->id;
      row[1] = profile;
      row[2] = s->path;
      g_ptr_array_add (other_rows, row);
    }
  g_ptr_array_sort (other_rows, compare_rows);

  if (run->json)
    {
      static const char *const wrapped_keys[] = { "id", "profile", "state", "source" };
      static const char *const other_keys[] = { "id", "profile", "source" };
      g_autoptr (GString) out = g_string_new ("{\"wrapped\": ");
      json_rows (out, wrapped_rows, wrapped_keys, G_N_ELEMENTS (wrapped_keys));
      g_string_append (out, ", \"unwrapped\": ");
      json_rows (out, other_rows, other_keys, G_N_ELEMENTS (other_keys));
      g_string_append (out, "}\n");
      fputs (out->str, stdout);
      return;
    }
  print_table ("Wrapped:", wrapped_header, 4, wrapped_rows);
  print_table ("Not wrapped, with a profile:", other_header, 3, other_rows);
}
