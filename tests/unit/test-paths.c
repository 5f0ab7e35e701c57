/* Unit tests for paths.c: destination and source normalisation. */
#include "config.h"

#include "error.h"
#include "paths.h"

static void
test_clean_absolute (void)
{
  g_assert_true (sbox_paths_is_clean_absolute ("/"));
  g_assert_true (sbox_paths_is_clean_absolute ("/usr/bin"));
  g_assert_false (sbox_paths_is_clean_absolute ("usr"));
  g_assert_false (sbox_paths_is_clean_absolute ("/usr/"));
  g_assert_false (sbox_paths_is_clean_absolute ("/usr//bin"));
  g_assert_false (sbox_paths_is_clean_absolute ("/usr/./bin"));
  g_assert_false (sbox_paths_is_clean_absolute ("/usr/../etc"));
  g_assert_false (sbox_paths_is_clean_absolute (""));
  g_assert_false (sbox_paths_is_clean_absolute (NULL));
}

static void
test_clean_dest (void)
{
  struct
  {
    const char *in, *out;
  } cases[] = {
    { "/", "/" },           { "//", "/" },           { "/a/", "/a" },
    { "/a//b/./c", "/a/b/c" }, { "/a/b/", "/a/b" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = sbox_paths_clean_dest (cases[i].in, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

static void
test_clean_dest_rejects (void)
{
  const char *bad[] = { "relative", "", "/a/../b", "/..", "./x" };
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *out = sbox_paths_clean_dest (bad[i], &error);
      g_assert_null (out);
      g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
      g_assert_nonnull (strstr (error->message, bad[i]));
    }
}

static void
test_absolute_source (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *rel = sbox_paths_absolute_source ("some/dir/", &error);
  g_assert_no_error (error);
  g_autofree char *expected = g_build_filename (cwd, "some/dir", NULL);
  g_assert_cmpstr (rel, ==, expected);

  g_autofree char *abs = sbox_paths_absolute_source ("/usr//lib/./x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (abs, ==, "/usr/lib/x");

  g_autofree char *up = sbox_paths_absolute_source ("/usr/lib/../share", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (up, ==, "/usr/share");

  g_autofree char *empty = sbox_paths_absolute_source ("", &error);
  g_assert_null (empty);
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/paths/clean-absolute", test_clean_absolute);
  g_test_add_func ("/paths/clean-dest", test_clean_dest);
  g_test_add_func ("/paths/clean-dest-rejects", test_clean_dest_rejects);
  g_test_add_func ("/paths/absolute-source", test_absolute_source);
  return g_test_run ();
}
