/* test-layout.c — the source tree keeps its map: every .c and .h file in
 * sandbox/ and helpers/ opens with "/" "* NAME — what it owns", and
 * README.md's Layout section names every .c file there. Reads the tree at
 * SBOX_TOP_SRCDIR (set by the build). */
#include "config.h"

#include <glib.h>
#include <string.h>

#ifndef SBOX_TOP_SRCDIR
#error "SBOX_TOP_SRCDIR must name the source tree"
#endif

/* Written by the build into an in-tree build's sandbox/; not source. */
/* Written by the build: the prebuilt seccomp programs, the kernel's types
 * and the tracer's skeleton (make puts them beside the sources in a build
 * in the source tree). */
static const char *const generated[] = { "seccomp-prebuilt.c", "vmlinux.h", "sbox-trace.skel.h",
                                         NULL };

/* The directories whose files must keep the map, and how many .c files each
 * holds at least (so that a wrong path cannot pass by finding nothing). */
static const struct
{
  const char *name;
  guint at_least;
} source_dirs[] = {
  { "sandbox", 10 },
  { "helpers", 5 },
};

/* The names of DIR's files ending in SUFFIX. */
static GPtrArray *
sources (const char *dir_name, const char *suffix)
{
  g_autofree char *dir_path = g_build_filename (SBOX_TOP_SRCDIR, dir_name, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (dir)) != NULL;)
    if (g_str_has_suffix (name, suffix) && !g_strv_contains (generated, name))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

static char *
read_source (const char *relative)
{
  g_autofree char *path = g_build_filename (SBOX_TOP_SRCDIR, relative, NULL);
  g_autoptr (GError) error = NULL;
  char *contents = NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

/* NULL when TEXT opens with the file's comment, else why not. */
static char *
opening_problem (const char *dir_name, const char *name, const char *text)
{
  g_autofree char *prefix = g_strdup_printf ("/* %s \xe2\x80\x94 ", name);
  if (!g_str_has_prefix (text, prefix))
    return g_strdup_printf ("%s/%s: the first line is not \"%s...\"", dir_name, name, prefix);
  const char *owns = text + strlen (prefix);
  if (*owns == '\0' || *owns == '\n' || g_str_has_prefix (owns, "*/"))
    return g_strdup_printf ("%s/%s: the first comment does not say what the file owns", dir_name,
                            name);
  return NULL;
}

static void
test_first_comments (void)
{
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  guint checked = 0;
  static const char *const suffixes[] = { ".c", ".h" };
  for (gsize d = 0; d < G_N_ELEMENTS (source_dirs); d++)
    for (gsize s = 0; s < G_N_ELEMENTS (suffixes); s++)
      {
        const char *dir_name = source_dirs[d].name;
        g_autoptr (GPtrArray) names = sources (dir_name, suffixes[s]);
        g_assert_cmpuint (names->len, >, source_dirs[d].at_least);
        for (guint i = 0; i < names->len; i++)
          {
            const char *name = g_ptr_array_index (names, i);
            g_autofree char *relative = g_build_filename (dir_name, name, NULL);
            g_autofree char *text = read_source (relative);
            char *problem = opening_problem (dir_name, name, text);
            if (problem)
              g_ptr_array_add (problems, problem);
            checked++;
          }
      }
  g_test_message ("%u files checked", checked);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The text of README.md's "## Layout" section. */
static char *
layout_section (void)
{
  g_autofree char *readme = read_source ("README.md");
  const char *start = strstr (readme, "\n## Layout\n");
  g_assert_nonnull (start);
  start += 1;
  const char *end = strstr (start + 3, "\n## ");
  return end ? g_strndup (start, (gsize) (end - start)) : g_strdup (start);
}

static void
test_readme_layout (void)
{
  g_autofree char *layout = layout_section ();
  guint missing = 0;
  for (gsize d = 0; d < G_N_ELEMENTS (source_dirs); d++)
    {
      g_autoptr (GPtrArray) names = sources (source_dirs[d].name, ".c");
      for (guint i = 0; i < names->len; i++)
        {
          const char *name = g_ptr_array_index (names, i);
          g_autofree char *quoted = g_strdup_printf ("`%s`", name);
          if (strstr (layout, quoted) == NULL)
            {
              g_test_message ("README.md's Layout section does not name %s/`%s`",
                              source_dirs[d].name, name);
              missing++;
            }
        }
    }
  g_assert_cmpuint (missing, ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/layout/first-comments", test_first_comments);
  g_test_add_func ("/layout/readme-names-every-file", test_readme_layout);
  return g_test_run ();
}
