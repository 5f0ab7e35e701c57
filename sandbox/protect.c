/* protect.c — Protect=vcs:DIR and git:DIR: a checkout's metadata that
 * the host's tools run later (Git's config and hooks, .envrc, editor
 * tasks) stays out of reach of a sandbox that may write the checkout. The
 * tree is walked at start, so submodules, nested repositories and
 * worktrees are protected as surely as the top. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "guard.h"
#include "protect.h"

/* In a checkout bound read-write: what the user's own tools run later. */
static const char *const checkout_metadata[] = {
  ".git",    /* hooks, config (core.fsmonitor, core.hooksPath, aliases) */
  ".hg",     /* hgrc hooks */
  ".svn",    /* working copy state read by svn */
  ".bzr",    /* branch configuration and plugins */
  ".envrc",  /* run by direnv on cd */
  ".direnv", /* direnv's layouts: virtualenvs put on PATH */
  ".vscode", /* tasks and settings run by the editor */
  ".idea",   /* run configurations of JetBrains IDEs */
};

/* A Protect= walk reads at most this many directory entries under its
 * directory, and adds at most this many mounts; past either the start is
 * refused: the sandbox could have made the tree that large to hide a
 * checkout beyond the limit. */
#define WALK_ENTRIES 200000
#define WALK_MOUNTS 2000
/* A .git file or commondir is one line; nothing bigger is read. */
#define POINTER_MAX 4096

typedef struct
{
  const char *dir;      /* the directory as the sandbox sees it */
  const char *real_dir; /* the same, resolved on the host */
  const char *origin;
  gboolean git;      /* git: Git may work here; vcs: nothing of it is written */
  GPtrArray *ops;    /* sorted into the plan at the end */
  GHashTable *dests; /* the dests in ops */
  GHashTable *seen;  /* Git directories done */
  guint entries;
  gboolean stopped;
  GError *error; /* why the walk stopped: it fails closed */
} Walk;

/* Stop the walk: what could not be read may hide a checkout. */
static void
fail (Walk *w, int errsv, const char *path)
{
  if (w->error == NULL)
    g_set_error (&w->error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "%s: Protect=: cannot read %s to protect what it holds: %s", w->origin, path,
                 g_strerror (errsv));
  w->stopped = TRUE;
}

/* Add an op on host path real (under real_dir) at its place under dir as
 * the sandbox sees it: a read-only remount, or (pin) the sandbox's own tree
 * bound onto itself, which makes it a mount point: one cannot be renamed,
 * removed or replaced. The directories on the way are pinned too, so no
 * parent can be moved away with the protection and replaced. */
static void
add_op (Walk *w, const char *real, gboolean pin)
{
  if (!sbox_guard_is_under (real, w->real_dir))
    return; /* not in the bound tree: not writable through it */
  if (w->ops->len >= WALK_MOUNTS)
    {
      w->stopped = TRUE;
      return;
    }
  sbox_guard_pin_between (w->ops, w->real_dir, w->dir, real, w->origin);
  g_autofree char *inside = sbox_guard_inside_of (w->real_dir, w->dir, real);
  if (g_hash_table_contains (w->dests, inside))
    return;
  SboxFsOp *op = sbox_fs_op_new (pin ? SBOX_FS_PIN : SBOX_FS_REMOUNT_RO, SBOX_FS_FLAG_TRY, NULL,
                                 inside);
  op->origin = g_strdup (w->origin);
  g_ptr_array_add (w->ops, op);
  g_hash_table_add (w->dests, g_strdup (inside));
}

static void
protect (Walk *w, const char *real)
{
  add_op (w, real, FALSE);
}

/* An existing path's resolved form, NULL when missing (or unreadable: then
 * the walk fails). */
static char *
resolve_existing (Walk *w, const char *path)
{
  struct stat st;
  if (lstat (path, &st) != 0)
    {
      if (errno != ENOENT && errno != ENOTDIR)
        fail (w, errno, path);
      return NULL;
    }
  return realpath (path, NULL);
}

/* A small regular file's text, never following a link or waiting on a
 * FIFO: the sandbox may have planted either for the next start. */
static char *
read_small_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return NULL;
  struct stat st;
  char *text = NULL;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size < POINTER_MAX)
    {
      text = g_malloc0 ((gsize) st.st_size + 1);
      ssize_t n = read (fd, text, (size_t) st.st_size);
      if (n < 0)
        g_clear_pointer (&text, g_free);
      else
        text[n] = '\0';
    }
  close (fd);
  return text;
}

/* The path a file holding "PREFIX PATH" (a .git file's "gitdir:", a Git
 * directory's commondir) names, relative to base. */
static char *
read_pointer (const char *file, const char *prefix, const char *base)
{
  g_autofree char *text = read_small_file (file);
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  char *line = text;
  if (prefix)
    {
      if (!g_str_has_prefix (text, prefix))
        return NULL;
      line = g_strstrip (text + strlen (prefix));
    }
  if (*line == '\0' || strchr (line, '\n'))
    return NULL;
  g_autofree char *joined = g_path_is_absolute (line) ? g_strdup (line)
                                                      : g_build_filename (base, line, NULL);
  return realpath (joined, NULL);
}

/* TRUE when the configuration of Git directory gitdir (or of its common
 * directory) turns on extensions.worktreeConfig: Git then reads
 * config.worktree too. */
static gboolean
reads_worktree_config (const char *gitdir)
{
  g_autofree char *commondir_file = g_build_filename (gitdir, "commondir", NULL);
  g_autofree char *common = read_pointer (commondir_file, NULL, gitdir);
  g_autofree char *config = g_build_filename (common ? common : gitdir, "config", NULL);
  int fd = open (config, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  g_autofree char *text = NULL;
  if (fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode) && st.st_size < 1024 * 1024)
    {
      text = g_malloc0 ((gsize) st.st_size + 1);
      if (read (fd, text, (size_t) st.st_size) < 0)
        text[0] = '\0';
    }
  if (fd >= 0)
    close (fd);
  if (text == NULL)
    return FALSE;
  g_autofree char *lower = g_ascii_strdown (text, -1);
  return strstr (lower, "worktreeconfig") != NULL;
}

/* What a .git file names counts only when Git would take it: a directory
 * with a HEAD, neither the checkout nor above it ("gitdir: .." would make
 * the whole tree read-only, or under git: give sbox hooks to make there).
 * The .git file itself stays read-only either way. */
static gboolean
is_git_dir (const char *gitdir, const char *checkout)
{
  if (gitdir == NULL || sbox_guard_is_under (checkout, gitdir))
    return FALSE;
  g_autofree char *head = g_build_filename (gitdir, "HEAD", NULL);
  struct stat st;
  return lstat (gitdir, &st) == 0 && S_ISDIR (st.st_mode) && lstat (head, &st) == 0;
}

/* A Git directory that Git may write (objects, refs, the index, HEAD and
 * their lock files, all made and renamed in place): pinned, with what
 * decides where Git reads its configuration and hooks, or what it runs,
 * read-only; its submodules' and worktrees' Git directories the same way. */
static void
protect_git_dir (Walk *w, const char *gitdir)
{
  /* modules and worktrees: no Git directory can be added, renamed or
   * replaced there; each one in them is pinned and protected in turn. */
  static const char *const files[] = { "config", "config.worktree", "commondir", "gitdir",
                                       "hooks",  "modules",         "worktrees" };
  if (!g_hash_table_add (w->seen, g_strdup (gitdir)))
    return; /* done already (a worktree's commondir leads back) */
  add_op (w, gitdir, TRUE);
  g_autofree char *commondir_file = g_build_filename (gitdir, "commondir", NULL);
  gboolean is_common = !g_file_test (commondir_file, G_FILE_TEST_EXISTS);
  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (gitdir, files[i], NULL);
      g_autofree char *real = resolve_existing (w, path);
      if (real == NULL && sbox_guard_is_under (gitdir, w->real_dir))
        {
          /* Git runs hooks from there once it exists, and takes a
           * submodule's Git directory found in modules: made now, empty,
           * they are mount points. config.worktree is read only when the
           * configuration says so; an empty one changes nothing. */
          if (is_common && (g_str_equal (files[i], "hooks") || g_str_equal (files[i], "modules")))
            {
              if (mkdir (path, 0755) == 0)
                real = realpath (path, NULL);
            }
          else if (g_str_equal (files[i], "config.worktree") && reads_worktree_config (gitdir))
            {
              if (g_file_set_contents (path, "", 0, NULL))
                real = realpath (path, NULL);
            }
        }
      if (real)
        protect (w, real);
    }
  g_autofree char *common = read_pointer (commondir_file, NULL, gitdir);
  if (common && !g_str_equal (common, gitdir) && is_git_dir (common, gitdir))
    protect_git_dir (w, common);
  static const char *const nested[] = { "modules", "worktrees" };
  for (gsize i = 0; i < G_N_ELEMENTS (nested); i++)
    {
      g_autofree char *parent = g_build_filename (gitdir, nested[i], NULL);
      g_autoptr (GDir) d = g_dir_open (parent, 0, NULL);
      const char *name;
      while (d && (name = g_dir_read_name (d)))
        {
          g_autofree char *sub = g_build_filename (parent, name, NULL);
          g_autofree char *real = realpath (sub, NULL);
          if (real && g_file_test (real, G_FILE_TEST_IS_DIR))
            protect_git_dir (w, real);
        }
    }
}

/* The Git directory of the checkout at path: .git itself, or what a .git
 * file names (whose own text is protected too, so it cannot be turned to
 * a directory the sandbox writes). */
static char *
git_dir_of (Walk *w, const char *path)
{
  g_autofree char *dotgit = g_build_filename (path, ".git", NULL);
  struct stat st;
  if (lstat (dotgit, &st) != 0)
    {
      fail (w, errno, dotgit);
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    return g_strdup (dotgit);
  if (S_ISLNK (st.st_mode))
    {
      /* Its target, when in the tree; the link itself is pinned, so that
       * it cannot be swapped for a directory the sandbox fills. */
      add_op (w, dotgit, TRUE);
      return realpath (dotgit, NULL);
    }
  if (!S_ISREG (st.st_mode))
    return NULL;
  protect (w, dotgit);
  g_autofree char *gitdir = read_pointer (dotgit, "gitdir:", path);
  return is_git_dir (gitdir, path) ? g_steal_pointer (&gitdir) : NULL;
}

/* The checkout at path (a directory holding .git). */
static void
protect_checkout (Walk *w, const char *path)
{
  g_autofree char *gitdir = git_dir_of (w, path);
  if (gitdir == NULL)
    return;
  if (w->git)
    {
      protect_git_dir (w, gitdir);
      return;
    }
  protect (w, gitdir);
  g_autofree char *commondir_file = g_build_filename (gitdir, "commondir", NULL);
  g_autofree char *common = read_pointer (commondir_file, NULL, gitdir);
  if (common && is_git_dir (common, gitdir))
    protect (w, common);
}

static gboolean
is_checkout_metadata (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (checkout_metadata); i++)
    if (g_str_equal (name, checkout_metadata[i]))
      return TRUE;
  return FALSE;
}

/* Every checkout (and for vcs:, every other metadata entry) at path or
 * below: a submodule's .git file, a nested repository, a .envrc deep in
 * the tree are run by the host's tools as surely as the top's. Links are
 * not followed; metadata directories are not entered. */
static void
walk (Walk *w, const char *path)
{
  DIR *d = opendir (path);
  if (d == NULL)
    {
      if (errno != ENOENT)
        fail (w, errno, path);
      return;
    }
  g_autoptr (GPtrArray) subdirs = g_ptr_array_new_with_free_func (g_free);
  struct dirent *e;
  while ((e = readdir (d)))
    {
      const char *name = e->d_name;
      if (g_str_equal (name, ".") || g_str_equal (name, ".."))
        continue;
      if (++w->entries > WALK_ENTRIES)
        {
          w->stopped = TRUE;
          break;
        }
      if (g_str_equal (name, ".git"))
        {
          protect_checkout (w, path);
          continue;
        }
      gboolean metadata = !w->git && is_checkout_metadata (name);
      if (e->d_type != DT_DIR && e->d_type != DT_UNKNOWN && !metadata)
        continue; /* the common case, kept cheap */
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (metadata)
        {
          g_autofree char *real = resolve_existing (w, child);
          if (real)
            protect (w, real);
        }
      else
        {
          gboolean is_dir = e->d_type == DT_DIR;
          struct stat st;
          if (e->d_type == DT_UNKNOWN)
            {
              if (lstat (child, &st) != 0)
                fail (w, errno, child);
              is_dir = !w->stopped && S_ISDIR (st.st_mode);
            }
          if (is_dir)
            g_ptr_array_add (subdirs, g_steal_pointer (&child));
        }
    }
  closedir (d);
  for (guint i = 0; i < subdirs->len && !w->stopped; i++)
    walk (w, g_ptr_array_index (subdirs, i));
}

/* Parents before what they hold: a pin is bound before the read-only
 * remounts inside it, and after the one on the directory holding it (a
 * later bind would hide the mounts below it; a later recursive remount
 * would make the pin read-only). */
static int
compare_dests (gconstpointer a, gconstpointer b)
{
  const char *x = (*(SboxFsOp *const *) a)->dest;
  const char *y = (*(SboxFsOp *const *) b)->dest;
  for (;; x++, y++)
    {
      int cx = *x == '/' ? 1 : (unsigned char) *x;
      int cy = *y == '/' ? 1 : (unsigned char) *y;
      if (cx != cy || cx == 0)
        return cx - cy;
    }
}

gboolean
sbox_protect_check (const char *entry, GError **error)
{
  if ((g_str_has_prefix (entry, "vcs:") || g_str_has_prefix (entry, "git:")) && entry[4] != '\0')
    return TRUE;
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_INVALID,
               "bad protection '%s' (expected vcs:DIR or git:DIR)", entry);
  return FALSE;
}

gboolean
sbox_protect_apply (SboxPlan *plan, const char *entry, const char *dir, const char *origin,
                    GError **error)
{
  g_autofree char *real_dir = realpath (dir, NULL);
  if (real_dir == NULL)
    return TRUE; /* nothing there to protect */
  g_autoptr (GPtrArray) ops = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  g_autoptr (GHashTable) dests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Walk w = { .dir = dir,
             .real_dir = real_dir,
             .origin = origin,
             .git = g_str_has_prefix (entry, "git:"),
             .ops = ops,
             .dests = dests,
             .seen = seen };
  walk (&w, real_dir);
  if (w.error)
    {
      g_propagate_error (error, w.error);
      return FALSE;
    }
  if (w.stopped)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "%s: Protect=%s: %s holds more than %u entries or needs more than %u mounts; "
                   "what lies beyond could not be protected, so the sandbox is not started",
                   origin, entry, dir, WALK_ENTRIES, WALK_MOUNTS);
      return FALSE;
    }
  g_ptr_array_sort (ops, compare_dests);
  for (guint i = 0; i < ops->len; i++)
    g_ptr_array_add (plan->sandbox.fs_ops, g_ptr_array_index (ops, i));
  g_ptr_array_set_free_func (ops, NULL);
  return TRUE;
}
