/* Unit tests for the layering of sandbox/: no file's includes lead back to
 * it (a file is its .c and .h together), and the leaves that every side
 * shares (the plan's types, the entry grammars, the caller type) include
 * nothing above them. The checker is first shown to find a planted cycle. */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

/* stem → GHashTable of stems it includes (quoted includes of files that are
 * in dir; "foo.c" including "foo.h" is no edge). */
static GHashTable *
read_graph (const char *dir)
{
  GHashTable *graph = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_hash_table_unref);
  g_autoptr (GRegex) include = g_regex_new ("^\\s*#\\s*include\\s+\"([^\"/]+)\\.h\"", 0, 0, NULL);
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (d);
  for (const char *name; (name = g_dir_read_name (d));)
    {
      if (!g_str_has_suffix (name, ".c") && !g_str_has_suffix (name, ".h"))
        continue;
      g_autofree char *stem = g_strndup (name, strlen (name) - 2);
      GHashTable *edges = g_hash_table_lookup (graph, stem);
      if (edges == NULL)
        {
          edges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (graph, g_strdup (stem), edges);
        }
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
      for (char **line = lines; *line; line++)
        {
          g_autoptr (GMatchInfo) match = NULL;
          if (!g_regex_match (include, *line, 0, &match))
            continue;
          g_autofree char *target = g_match_info_fetch (match, 1);
          g_autofree char *header = g_strconcat (target, ".h", NULL);
          g_autofree char *header_path = g_build_filename (dir, header, NULL);
          if (!g_str_equal (target, stem) && g_file_test (header_path, G_FILE_TEST_EXISTS))
            g_hash_table_add (edges, g_steal_pointer (&target));
        }
    }
  return graph;
}

typedef struct
{
  GHashTable *graph;
  GHashTable *state; /* stem → 1 on the path, 2 done */
  GPtrArray *path;
  GPtrArray *cycles; /* "a -> b -> a" */
} Walk;

static void
visit (Walk *w, const char *stem)
{
  g_hash_table_insert (w->state, (gpointer) stem, GINT_TO_POINTER (1));
  g_ptr_array_add (w->path, (gpointer) stem);
  GHashTable *edges = g_hash_table_lookup (w->graph, stem);
  g_autoptr (GList) targets = edges ? g_hash_table_get_keys (edges) : NULL;
  targets = g_list_sort (targets, (GCompareFunc) strcmp);
  for (GList *t = targets; t; t = t->next)
    {
      const char *target = NULL;
      gpointer key;
      if (!g_hash_table_lookup_extended (w->graph, t->data, &key, NULL))
        continue;
      target = key;
      int state = GPOINTER_TO_INT (g_hash_table_lookup (w->state, target));
      if (state == 1)
        {
          GString *cycle = g_string_new (NULL);
          guint from = 0;
          while (!g_str_equal (g_ptr_array_index (w->path, from), target))
            from++;
          for (guint i = from; i < w->path->len; i++)
            g_string_append_printf (cycle, "%s -> ", (char *) g_ptr_array_index (w->path, i));
          g_string_append (cycle, target);
          g_ptr_array_add (w->cycles, g_string_free (cycle, FALSE));
        }
      else if (state == 0)
        visit (w, target);
    }
  g_ptr_array_remove_index (w->path, w->path->len - 1);
  g_hash_table_insert (w->state, (gpointer) stem, GINT_TO_POINTER (2));
}

/* Every cycle a depth-first walk meets, one per back edge, joined by "; ". */
static char *
find_cycles (const char *dir)
{
  g_autoptr (GHashTable) graph = read_graph (dir);
  g_autoptr (GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) path = g_ptr_array_new ();
  g_autoptr (GPtrArray) cycles = g_ptr_array_new_with_free_func (g_free);
  Walk w = { graph, state, path, cycles };
  g_autoptr (GList) stems = g_hash_table_get_keys (graph);
  stems = g_list_sort (stems, (GCompareFunc) strcmp);
  for (GList *s = stems; s; s = s->next)
    if (g_hash_table_lookup (state, s->data) == NULL)
      visit (&w, s->data);
  g_ptr_array_add (cycles, NULL);
  return g_strjoinv ("; ", (char **) cycles->pdata);
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

/* The control: a planted cycle (a.h → b.h, b.c → a.h) is found, a chain
 * (c → d → e) is not. */
static void
test_checker_finds_a_cycle (void)
{
  g_autofree char *dir = g_dir_make_tmp ("sbox-layering-XXXXXX", NULL);
  g_assert_nonnull (dir);
  write_file (dir, "a.h", "#pragma once\n#include \"b.h\"\n");
  write_file (dir, "b.h", "#pragma once\n#include <glib.h>\n");
  write_file (dir, "b.c", "#include \"config.h\"\n#include \"b.h\"\n  #  include \"a.h\"\n");
  write_file (dir, "c.c", "#include \"c.h\"\n#include \"d.h\"\n");
  write_file (dir, "c.h", "#pragma once\n");
  write_file (dir, "d.h", "#pragma once\n#include \"e.h\"\n");
  write_file (dir, "e.h", "#pragma once\n");
  g_autofree char *cycles = find_cycles (dir);
  g_assert_cmpstr (cycles, ==, "a -> b -> a");
  for (const char *const *f = (const char *const[]){ "a.h", "b.h", "b.c", "c.c", "c.h", "d.h",
                                                     "e.h", NULL };
       *f; f++)
    {
      g_autofree char *path = g_build_filename (dir, *f, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_sandbox_has_no_include_cycle (void)
{
  g_autofree char *cycles = find_cycles (SBOX_SOURCE_DIR);
  g_assert_cmpstr (cycles, ==, "");
}

/* The shared leaves include nothing of sbox's above them. */
static void
test_leaves_stay_leaves (void)
{
  static const struct
  {
    const char *leaf;
    const char *const allowed[3];
  } leaves[] = {
    { "plan", { "error", NULL } },
    { "grammar", { "error", "plan", NULL } },
    { "caller", { NULL } },
    { "error", { NULL } },
  };
  g_autoptr (GHashTable) graph = read_graph (SBOX_SOURCE_DIR);
  for (gsize i = 0; i < G_N_ELEMENTS (leaves); i++)
    {
      GHashTable *edges = g_hash_table_lookup (graph, leaves[i].leaf);
      g_assert_nonnull (edges);
      GHashTableIter iter;
      gpointer target;
      g_hash_table_iter_init (&iter, edges);
      while (g_hash_table_iter_next (&iter, &target, NULL))
        if (!g_strv_contains (leaves[i].allowed, target))
          g_error ("%s includes %s.h, above it", leaves[i].leaf, (char *) target);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layering/checker-finds-a-cycle", test_checker_finds_a_cycle);
  g_test_add_func ("/layering/sandbox-has-no-include-cycle", test_sandbox_has_no_include_cycle);
  g_test_add_func ("/layering/leaves-stay-leaves", test_leaves_stay_leaves);
  return g_test_run ();
}
