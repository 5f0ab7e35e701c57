/* test-confine-guard.c — the confinement mode's record of read-only parts
 * of writable trees (confine-guard.c), on real directories: what a
 * sandbox could do to a checkout's .git is put back, nothing is followed
 * out of the tree, and a killed launcher's record put back by the next
 * start leaves alone a checkout that is no longer the one recorded. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine-guard.h"

typedef struct
{
  char *tmp;  /* holds top */
  char *top;  /* the writable tree */
  char *git;  /* top/.git */
  char *file; /* a place for the saved record */
} Fixture;

static void
write_file (const char *path, const char *text, int mode)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static char *
read_file (const char *path)
{
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    return NULL;
  return text;
}

static char *
at (const Fixture *f, const char *rel)
{
  return g_build_filename (f->top, rel, NULL);
}

static void
setup (Fixture *f, gconstpointer data)
{
  (void) data;
  f->tmp = g_dir_make_tmp ("sbox-guard-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  f->top = g_build_filename (f->tmp, "proj", NULL);
  f->git = g_build_filename (f->top, ".git", NULL);
  f->file = g_build_filename (f->tmp, "record", NULL);
  g_autofree char *hooks = g_build_filename (f->git, "hooks", NULL);
  g_autofree char *objects = g_build_filename (f->git, "objects", NULL);
  g_assert_cmpint (g_mkdir_with_parents (hooks, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (objects, 0755), ==, 0);
  g_autofree char *head = at (f, ".git/HEAD");
  g_autofree char *config = at (f, ".git/config");
  g_autofree char *hook = at (f, ".git/hooks/pre-commit");
  g_autofree char *object = at (f, ".git/objects/ab");
  write_file (head, "ref: refs/heads/main\n", 0644);
  write_file (config, "[core]\n\tbare = false\n", 0644);
  write_file (hook, "#!/bin/sh\nexit 0\n", 0644);
  write_file (object, "blob", 0444);
}

static void
remove_tree (const char *path)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", path);
  g_assert_cmpint (system (cmd), ==, 0);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *cmd = g_strdup_printf ("chmod -R u+rwx '%s'", f->tmp);
  g_assert_cmpint (system (cmd), ==, 0);
  remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->top);
  g_free (f->git);
  g_free (f->file);
}

static SboxConfineGuard *
record (const Fixture *f)
{
  g_autoptr (GError) error = NULL;
  SboxConfineGuard *g = sbox_confine_guard_new ();
  g_assert_true (sbox_confine_guard_record (g, f->top, f->git, TRUE, &error));
  g_assert_no_error (error);
  return g;
}

static void
test_unchanged (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineGuard) g = record (f);
  /* What a build's git rewrites is left out. */
  g_autofree char *index = at (f, ".git/index");
  g_autofree char *object = at (f, ".git/objects/cd");
  write_file (index, "DIRC", 0644);
  write_file (object, "new blob", 0444);
  g_autoptr (GPtrArray) report = sbox_confine_guard_restore (g);
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_true (g_file_test (index, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (object, G_FILE_TEST_EXISTS));
}

static void
test_plants (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineGuard) g = record (f);
  g_autofree char *planted = at (f, ".git/hooks/post-checkout");
  g_autofree char *config = at (f, ".git/config");
  g_autofree char *hook = at (f, ".git/hooks/pre-commit");
  g_autofree char *kept = at (f, "keep");
  write_file (planted, "#!/bin/sh\ntouch /tmp/x\n", 0755);
  write_file (config, "[core]\n\tfsmonitor = evil\n", 0644);
  g_assert_cmpint (g_chmod (hook, 0755), ==, 0);
  /* A hard link to write through later. */
  g_assert_cmpint (link (hook, kept), ==, 0);
  g_autoptr (GPtrArray) report = sbox_confine_guard_restore (g);
  g_assert_cmpuint (report->len, ==, 3);
  g_assert_false (g_file_test (planted, G_FILE_TEST_EXISTS));
  g_autofree char *text = read_file (config);
  g_assert_cmpstr (text, ==, "[core]\n\tbare = false\n");
  struct stat st;
  g_assert_cmpint (stat (hook, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 07777, ==, 0644);
  g_assert_cmpint (st.st_nlink, ==, 1);
}

static void
test_symlinked_hooks (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (SboxConfineGuard) g = record (f);
  g_autofree char *hooks = at (f, ".git/hooks");
  g_autofree char *outside = g_build_filename (f->tmp, "mine", NULL);
  g_autofree char *outside_hook = g_build_filename (outside, "post-checkout", NULL);
  g_assert_cmpint (g_mkdir (outside, 0755), ==, 0);
  write_file (outside_hook, "#!/bin/sh\n", 0755);
  remove_tree (hooks);
  g_assert_cmpint (symlink (outside, hooks), ==, 0);
  g_autoptr (GPtrArray) report = sbox_confine_guard_restore (g);
  g_assert_cmpuint (report->len, ==, 1);
  struct stat st;
  g_assert_cmpint (lstat (hooks, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 07777, ==, 0755);
  g_autofree char *hook = at (f, ".git/hooks/pre-commit");
  g_assert_true (g_file_test (hook, G_FILE_TEST_IS_REGULAR));
  g_autofree char *post = at (f, ".git/hooks/post-checkout");
  g_assert_false (g_file_test (post, G_FILE_TEST_EXISTS));
  /* Where the link led is not touched. */
  g_assert_true (g_file_test (outside_hook, G_FILE_TEST_IS_EXECUTABLE));
}

static void
test_swapped_git (Fixture *f, gconstpointer data)
{
  (void) data;
  struct stat before, after;
  g_assert_cmpint (lstat (f->git, &before), ==, 0);
  g_autoptr (SboxConfineGuard) g = record (f);
  /* The original moved inside the new .git that takes its place. */
  g_autofree char *aside = at (f, "aside");
  g_autofree char *inner = at (f, ".git/old");
  g_autofree char *evil = at (f, ".git/hooks");
  g_assert_cmpint (rename (f->git, aside), ==, 0);
  g_assert_cmpint (g_mkdir (f->git, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (evil, 0755), ==, 0);
  g_assert_cmpint (rename (aside, inner), ==, 0);
  g_autoptr (GPtrArray) report = sbox_confine_guard_restore (g);
  g_assert_cmpuint (report->len, ==, 1);
  g_assert_cmpint (lstat (f->git, &after), ==, 0);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_autofree char *object = at (f, ".git/objects/ab");
  g_assert_true (g_file_test (object, G_FILE_TEST_EXISTS));
  g_autofree char *old = at (f, ".git/old");
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
}

static void
test_saved (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SboxConfineGuard) g = record (f);
    g_assert_true (sbox_confine_guard_save (g, f->file, &error));
    g_assert_no_error (error);
  } /* the launcher is gone, and its fds with it */
  g_autofree char *planted = at (f, ".git/hooks/post-checkout");
  g_autofree char *config = at (f, ".git/config");
  write_file (planted, "#!/bin/sh\n", 0755);
  write_file (config, "[core]\n\tfsmonitor = evil\n", 0644);
  /* A rename in place is found beside it. */
  g_autofree char *moved = at (f, ".git-moved");
  g_assert_cmpint (rename (f->git, moved), ==, 0);
  g_assert_cmpint (g_mkdir (f->git, 0755), ==, 0);
  sbox_confine_guard_restore_saved (f->file, "0000000001");
  g_assert_false (g_file_test (planted, G_FILE_TEST_EXISTS));
  g_autofree char *text = read_file (config);
  g_assert_cmpstr (text, ==, "[core]\n\tbare = false\n");
  g_assert_false (g_file_test (moved, G_FILE_TEST_EXISTS));
  g_autofree char *object = at (f, ".git/objects/ab");
  g_assert_true (g_file_test (object, G_FILE_TEST_EXISTS));
}

static void
test_saved_other_checkout (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autoptr (GError) error = NULL;
  {
    g_autoptr (SboxConfineGuard) g = record (f);
    g_assert_true (sbox_confine_guard_save (g, f->file, &error));
  }
  /* A fresh clone in the same place before the next start: not the
   * checkout recorded, so nothing of the record is written into it. */
  remove_tree (f->top);
  g_autofree char *hooks = at (f, ".git/hooks");
  g_assert_cmpint (g_mkdir_with_parents (hooks, 0755), ==, 0);
  g_autofree char *config = at (f, ".git/config");
  write_file (config, "[remote \"origin\"]\n", 0644);
  sbox_confine_guard_restore_saved (f->file, "0000000002");
  g_autofree char *text = read_file (config);
  g_assert_cmpstr (text, ==, "[remote \"origin\"]\n");
}

static void
test_corrupt_record (Fixture *f, gconstpointer data)
{
  (void) data;
  write_file (f->file, "not a record", 0600);
  sbox_confine_guard_restore_saved (f->file, "0000000003");
  g_autofree char *config = at (f, ".git/config");
  g_autofree char *text = read_file (config);
  g_assert_cmpstr (text, ==, "[core]\n\tbare = false\n");
}

static void
test_too_large (Fixture *f, gconstpointer data)
{
  (void) data;
  g_autofree char *dir = at (f, ".git/hooks/many");
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (int i = 0; i < 20001; i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/f%d", dir, i);
      int fd = open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (SboxConfineGuard) g = sbox_confine_guard_new ();
  g_assert_false (sbox_confine_guard_record (g, f->top, f->git, TRUE, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, f->git));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/confine-guard/unchanged", Fixture, NULL, setup, test_unchanged, teardown);
  g_test_add ("/confine-guard/plants", Fixture, NULL, setup, test_plants, teardown);
  g_test_add ("/confine-guard/symlinked-hooks", Fixture, NULL, setup, test_symlinked_hooks,
              teardown);
  g_test_add ("/confine-guard/swapped-git", Fixture, NULL, setup, test_swapped_git, teardown);
  g_test_add ("/confine-guard/saved", Fixture, NULL, setup, test_saved, teardown);
  g_test_add ("/confine-guard/saved-other-checkout", Fixture, NULL, setup,
              test_saved_other_checkout, teardown);
  g_test_add ("/confine-guard/corrupt-record", Fixture, NULL, setup, test_corrupt_record, teardown);
  g_test_add ("/confine-guard/too-large", Fixture, NULL, setup, test_too_large, teardown);
  return g_test_run ();
}
