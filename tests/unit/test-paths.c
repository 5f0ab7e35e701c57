/* Unit tests for paths.c: destination and source normalisation, the safe
 * opens, and the places guard.c keeps paths from handing over. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "guard.h"
#include "paths.h"

/* A scratch directory (tmp) for each test, with home as a path in it. */
typedef struct
{
  char *tmp;
  char *home;
} Scratch;

static void
scratch_setup (Scratch *f, gconstpointer data)
{
  (void) data;
  f->tmp = g_dir_make_tmp ("sbox-paths-XXXXXX", NULL);
  g_assert_nonnull (f->tmp);
  f->home = g_build_filename (f->tmp, "home", NULL);
}

static void
scratch_teardown (Scratch *f, gconstpointer data)
{
  (void) data;
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->tmp);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->tmp);
  g_free (f->home);
}

/* A file at path, with its missing directories. */
static void
put_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "x", -1, NULL));
}

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
    { "/", "/" }, { "//", "/" }, { "/a/", "/a" }, { "/a//b/./c", "/a/b/c" }, { "/a/b/", "/a/b" },
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

/* The opened object's path, or the errno of the refusal. */
static char *
open_source (const char *path, SboxPathsOpenFlags flags, const char *home, int *errsv)
{
  g_autoptr (GError) error = NULL;
  int fd = sbox_paths_open_source (path, flags, home, &error);
  *errsv = fd < 0 ? errno : 0;
  if (fd < 0)
    {
      g_assert_nonnull (error);
      return NULL;
    }
  g_assert_no_error (error);
  char *real = sbox_paths_fd_path (fd);
  close (fd);
  return real;
}

static void
test_open_source (Scratch *f, gconstpointer data)
{
  (void) data;
  const char *home = f->home;
  g_autofree char *ssh = g_build_filename (home, ".ssh", NULL);
  g_autofree char *sub = g_build_filename (home, "dl", "sub", NULL);
  g_assert_cmpint (g_mkdir_with_parents (ssh, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  struct
  {
    const char *link, *target;
  } links[] = {
    { "dl/out", "../.ssh" },     /* planted where a sandbox could write */
    { "dl/abs", NULL },          /* -> $HOME/.ssh, absolute */
    { "dl/in", "sub" },          /* stays in its directory */
    { "dl/gone", "../missing" }, /* dangling */
    { "mine", "dl/sub" },        /* the user's own, directly in the home */
  };
  for (gsize i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *at = g_build_filename (home, links[i].link, NULL);
      g_assert_cmpint (symlink (links[i].target ? links[i].target : ssh, at), ==, 0);
    }
  int errsv;
  g_autofree char *out = g_build_filename (home, "dl/out", NULL);
  g_autofree char *abs = g_build_filename (home, "dl/abs", NULL);
  g_autofree char *in = g_build_filename (home, "dl/in", NULL);
  g_autofree char *gone = g_build_filename (home, "dl/gone", NULL);
  g_autofree char *mine = g_build_filename (home, "mine", NULL);

  g_autofree char *r1 = open_source (out, SBOX_PATHS_CONFINED, home, &errsv);
  g_assert_null (r1);
  g_assert_cmpint (errsv, ==, EXDEV);
  g_autofree char *r2 = open_source (abs, SBOX_PATHS_CONFINED, home, &errsv);
  g_assert_null (r2);
  g_assert_cmpint (errsv, ==, EXDEV);
  g_autofree char *r3 = open_source (in, SBOX_PATHS_CONFINED, home, &errsv);
  g_assert_cmpstr (r3, ==, sub);
  g_autofree char *r4 = open_source (gone, SBOX_PATHS_CONFINED, home, &errsv);
  g_assert_null (r4);
  g_assert_cmpint (errsv, ==, ENOENT);
  g_autofree char *r5 = open_source (mine, SBOX_PATHS_CONFINED, home, &errsv);
  g_assert_cmpstr (r5, ==, sub);
  /* What the user names follows the host's links. */
  g_autofree char *r6 = open_source (out, SBOX_PATHS_FOLLOW, home, &errsv);
  g_assert_cmpstr (r6, ==, ssh);

  /* Missing directories are made, never through a link. */
  g_autofree char *made = g_build_filename (home, "dl/new/deep", NULL);
  g_autofree char *r7 = open_source (made, SBOX_PATHS_CONFINED | SBOX_PATHS_CREATE, home, &errsv);
  g_assert_cmpstr (r7, ==, made);
  g_autofree char *through = g_build_filename (home, "dl/gone/x", NULL);
  g_autofree char *r8 = open_source (through, SBOX_PATHS_CONFINED | SBOX_PATHS_CREATE, home,
                                     &errsv);
  g_assert_null (r8);
  g_autofree char *missing = g_build_filename (home, "missing", NULL);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* Beneath a storage base no link is followed at all. */
  int base = open (home, O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (base, >=, 0);
  int fd = sbox_paths_open_beneath (base, "dl/in", FALSE);
  g_assert_cmpint (fd, <, 0);
  g_assert_cmpint (errno, ==, ELOOP);
  fd = sbox_paths_open_beneath (base, "dl/sub", FALSE);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  close (base);
}

/* A grant's opened object, judged where it lies: links directly in the
 * home stay in it, the home only when named, sbox's state only when named. */
static void
test_open_grant (Scratch *f, gconstpointer data)
{
  (void) data;
  const char *home = f->home;
  g_autofree char *state = g_build_filename (home, ".config", "sbox", NULL);
  g_autofree char *work = g_build_filename (home, "work", NULL);
  g_assert_cmpint (g_mkdir_with_parents (state, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (work, 0700), ==, 0);
  struct
  {
    const char *link, *target;
    int errsv; /* 0: opens */
  } cases[] = {
    { "root", "/", EXDEV },           /* ~/Downloads -> / */
    { "up", "..", EXDEV },            /* out of the home, relatively */
    { "self", ".", EXDEV },           /* the home itself */
    { "cfg", ".config/sbox", EXDEV }, /* sbox's state */
    { "over", ".config", EXDEV },     /* holds sbox's state */
    { "proj", "work", 0 },            /* the user's own, inside the home */
  };
  const char *const own_state[] = { state, NULL };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *at = g_build_filename (home, cases[i].link, NULL);
      g_assert_cmpint (symlink (cases[i].target, at), ==, 0);
      g_autoptr (GError) error = NULL;
      int fd = sbox_paths_open_grant (at, SBOX_PATHS_CONFINED, home, own_state, &error);
      if (cases[i].errsv == 0)
        {
          g_assert_no_error (error);
          g_assert_cmpint (fd, >=, 0);
          close (fd);
          continue;
        }
      g_assert_cmpint (fd, <, 0);
      g_assert_cmpint (errno, ==, cases[i].errsv);
      g_assert_nonnull (error);
      /* Named on the command line, the link is followed. */
      fd = sbox_paths_open_grant (at, SBOX_PATHS_FOLLOW, home, own_state, NULL);
      g_assert_cmpint (fd, >=, 0);
      close (fd);
    }
  /* Named exactly, the home and sbox's state are what the grant means. */
  int fd = sbox_paths_open_grant (home, SBOX_PATHS_CONFINED, home, own_state, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  fd = sbox_paths_open_grant (state, SBOX_PATHS_CONFINED, home, own_state, NULL);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
}

/* A file argument's path: the first link met in a directory the caller
 * can write is named, wherever the walk meets it. */
static void
test_writable_link_on (Scratch *f, gconstpointer data)
{
  (void) data;
  g_autofree char *file = g_build_filename (f->tmp, "dl", "sub", "file", NULL);
  put_file (file);
  g_autofree char *key = g_build_filename (f->tmp, ".ssh", "key", NULL);
  put_file (key);
  g_autofree char *planted = g_build_filename (f->tmp, "dl", "planted", NULL);
  g_autofree char *in = g_build_filename (f->tmp, "dl", "in", NULL);
  g_assert_cmpint (symlink ("../.ssh/key", planted), ==, 0);
  g_assert_cmpint (symlink ("sub", in), ==, 0);

  g_autofree char *none = sbox_paths_writable_link_on (file);
  g_assert_null (none);
  g_autofree char *last = sbox_paths_writable_link_on (planted);
  g_assert_cmpstr (last, ==, planted);
  g_autofree char *through = g_build_filename (in, "file", NULL);
  g_autofree char *middle = sbox_paths_writable_link_on (through);
  g_assert_cmpstr (middle, ==, in); /* even one that stays in its directory */
  g_autofree char *missing = g_build_filename (f->tmp, "missing", NULL);
  g_autofree char *gone = sbox_paths_writable_link_on (missing);
  g_assert_null (gone);
  /* /etc is the administrator's: its links are followed, unless the
   * caller is root, who can write there. */
  struct stat st;
  if (lstat ("/etc/os-release", &st) == 0 && S_ISLNK (st.st_mode))
    {
      g_autofree char *etc = sbox_paths_writable_link_on ("/etc/os-release");
      if (geteuid () == 0)
        g_assert_cmpstr (etc, ==, "/etc/os-release");
      else
        g_assert_null (etc);
    }
}

/* Every secret store and every other place that is never a project: as
 * ${PWD} and as an xdg-* user directory each is refused, and a file in a
 * secret store named on the command line is not forwarded; sbox's own
 * state is named as such. */
static void
test_guarded_places (Scratch *f, gconstpointer data)
{
  (void) data;
  const char *home = f->home;
  g_autofree char *env_home = g_strconcat ("HOME=", home, NULL);
  const char *envp[] = { env_home, NULL };
  SboxExpandContext ctx = { .envp = envp, .home = home, .user = "ann", .uid = 4242 };
  const char *secret_dirs[] = {
    ".ssh",     ".gnupg", ".pki",   ".password-store", ".local/share/keyrings",
    ".mozilla", ".aws",   ".azure", ".config/gcloud",  ".kube",
    ".docker"
  };
  const char *secret_files[] = { ".netrc", ".git-credentials" };
  const char *other_dirs[] = { ".config", ".local/share", ".local/bin", "bin" };
  g_autofree char *state = g_build_filename (home, ".local", "share", "sbox", "home", NULL);
  g_assert_cmpint (g_mkdir_with_parents (state, 0700), ==, 0);
  g_autofree char *what = NULL;
  g_assert_true (sbox_guard_names_own_state (state, &ctx, &what));
  g_assert_nonnull (strstr (what, "sbox's storage"));
  g_assert_false (sbox_guard_names_own_state (home, &ctx, &what));
  g_autofree char *vim = g_build_filename (home, ".vim", "pack", NULL);
  g_assert_cmpint (g_mkdir_with_parents (vim, 0700), ==, 0);
  ctx.cwd = vim;
  g_autoptr (GError) in_launch_point = NULL;
  g_assert_false (sbox_guard_check_project_dir (&ctx, &in_launch_point));
  g_assert_nonnull (strstr (in_launch_point->message, "the host runs it"));
  for (gsize i = 0; i < G_N_ELEMENTS (secret_files); i++)
    {
      g_autofree char *file = g_build_filename (home, secret_files[i], NULL);
      put_file (file);
      gboolean read_only = TRUE;
      g_autofree char *why = NULL;
      g_assert_false (sbox_guard_file_argument (file, &ctx, &read_only, &why));
      g_assert_nonnull (strstr (why, secret_files[i]));
    }
  for (gsize i = 0; i < G_N_ELEMENTS (secret_dirs) + G_N_ELEMENTS (other_dirs) + 1; i++)
    {
      gboolean control = i == G_N_ELEMENTS (secret_dirs) + G_N_ELEMENTS (other_dirs);
      const char *entry = control ? "work" /* a project */
                          : i < G_N_ELEMENTS (secret_dirs)
                              ? secret_dirs[i]
                              : other_dirs[i - G_N_ELEMENTS (secret_dirs)];
      g_autofree char *dir = g_build_filename (home, entry, NULL);
      g_autofree char *below = g_build_filename (dir, "deeper", NULL);
      g_assert_cmpint (g_mkdir_with_parents (below, 0700), ==, 0);
      for (int depth = 0; depth < 2; depth++)
        {
          ctx.cwd = depth ? below : dir;
          g_autoptr (GError) error = NULL;
          gboolean project = sbox_guard_check_project_dir (&ctx, &error);
          g_autofree char *why = NULL;
          gboolean user_dir = sbox_guard_check_user_dir (ctx.cwd, &ctx, &why);
          if (project != control || user_dir != control)
            g_error ("%s: as ${PWD} %s, as a user directory %s (%s)", ctx.cwd,
                     project ? "accepted" : error->message, user_dir ? "accepted" : why,
                     control ? "a project: both accepted" : "both refused");
        }
      if (i >= G_N_ELEMENTS (secret_dirs) && !control)
        continue;
      g_autofree char *file = g_build_filename (below, "key", NULL);
      put_file (file);
      gboolean read_only = TRUE;
      g_autofree char *why = NULL;
      g_assert_cmpint (sbox_guard_file_argument (file, &ctx, &read_only, &why), ==, control);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/paths/clean-absolute", test_clean_absolute);
  g_test_add_func ("/paths/clean-dest", test_clean_dest);
  g_test_add_func ("/paths/clean-dest-rejects", test_clean_dest_rejects);
  g_test_add_func ("/paths/absolute-source", test_absolute_source);
  g_test_add ("/paths/open-source", Scratch, NULL, scratch_setup, test_open_source,
              scratch_teardown);
  g_test_add ("/paths/open-grant", Scratch, NULL, scratch_setup, test_open_grant, scratch_teardown);
  g_test_add ("/paths/writable-link-on", Scratch, NULL, scratch_setup, test_writable_link_on,
              scratch_teardown);
  g_test_add ("/paths/guarded-places", Scratch, NULL, scratch_setup, test_guarded_places,
              scratch_teardown);
  return g_test_run ();
}
