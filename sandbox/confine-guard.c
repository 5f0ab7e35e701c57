/* confine-guard.c — what the confinement mode does for read-only parts of
 * writable trees (Protect=vcs: and git:: .git, its config and hooks,
 * .envrc, .vscode...). Landlock cannot take writes back beneath a grant,
 * so these stay writable while the command runs; instead the launcher
 * records them before it starts (the identity of every directory on the
 * way from the grant's top, and each entry's contents, kept in memory) and
 * once the command and everything it left running have ended, puts back
 * whatever differs: added entries removed, removed or changed ones made
 * again, a replaced directory swapped back for the original. Every walk
 * starts from the recorded top and follows no symlink: the sandbox may
 * have planted one anywhere. The record is also written to the instance
 * directory, for the next start to put back should this launcher be
 * killed first. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confine-guard.h"
#include "error.h"

/* What is kept in memory at most; past it the start is refused (a tree
 * the guard cannot keep whole could not be put back whole). */
#define GUARD_BYTES_MAX (64 * 1024 * 1024)
#define GUARD_ITEMS_MAX 20000

typedef enum
{
  SKIP_NONE,
  SKIP_GIT,   /* a Git directory (it holds HEAD) */
  SKIP_STORE, /* a Git directory's lfs/ or annex/ */
} Skip;

/* One path in an entry: rel is relative to the directory holding the
 * entry (".git/hooks/pre-commit"). */
typedef struct
{
  char *rel;
  mode_t mode; /* type and permissions */
  uid_t uid;
  gid_t gid;
  nlink_t nlink;
  char *data; /* a file's content, a link's target */
  gsize size;
  Skip skip; /* a directory's parts left out */
} Item;

/* A directory on the way to an entry, or the entry itself, shared by the
 * entries beneath it. fd (O_PATH) finds the original wherever the sandbox
 * moved it. */
typedef struct
{
  dev_t dev;
  ino_t ino;
  mode_t mode;
  /* Its birth time (0 unknown): with no fd held, an inode number alone
   * can be the one of a new checkout made in the old one's place. */
  gint64 born_sec;
  guint32 born_nsec;
  int fd;
} Node;

typedef struct
{
  char *name;
  char *dir; /* the host directory holding it, for messages */
  Node *node;
} Step;

typedef struct
{
  char *base;       /* the directory holding top */
  char *parent;     /* the directory holding the entry, for messages */
  GArray *way;      /* Step: top, ..., the entry */
  GPtrArray *items; /* Item: the entry first, then what it holds, parents first */
  GHashTable *rels; /* rel -> Item */
  gboolean deep;
} Entry;

struct SboxConfineGuard
{
  gboolean stale; /* loaded from a killed launcher's record: no fds */
  GPtrArray *entries;
  GHashTable *nodes; /* "dev:ino" -> Node */
  GHashTable *paths; /* recorded entries' host paths */
  gsize bytes;
  guint items;
};

static void
item_free (gpointer p)
{
  Item *it = p;
  g_free (it->rel);
  g_free (it->data);
  g_free (it);
}

static void
node_free (gpointer p)
{
  Node *n = p;
  if (n->fd >= 0)
    close (n->fd);
  g_free (n);
}

static void
entry_free (gpointer p)
{
  Entry *e = p;
  for (guint i = 0; i < e->way->len; i++)
    {
      g_free (g_array_index (e->way, Step, i).name);
      g_free (g_array_index (e->way, Step, i).dir);
    }
  g_array_unref (e->way);
  g_ptr_array_unref (e->items);
  g_hash_table_unref (e->rels);
  g_free (e->base);
  g_free (e->parent);
  g_free (e);
}

SboxConfineGuard *
sbox_confine_guard_new (void)
{
  SboxConfineGuard *g = g_new0 (SboxConfineGuard, 1);
  g->entries = g_ptr_array_new_with_free_func (entry_free);
  g->nodes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, node_free);
  g->paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return g;
}

void
sbox_confine_guard_free (SboxConfineGuard *guard)
{
  if (guard == NULL)
    return;
  g_ptr_array_unref (guard->entries);
  g_hash_table_unref (guard->nodes);
  g_hash_table_unref (guard->paths);
  g_free (guard);
}

/* Left out of a Git directory: content-addressed or rebuilt data that Git
 * reads as data and never runs. objects/ (and lfs/ and annex/ objects/
 * and tmp/) are looked up by hash, and info/alternates only names more of them; logs/ are
 * reflogs; index is the staged paths with their blob ids; refs/ and
 * packed-refs name commits. The worst a changed one does is make the
 * host's Git show or check out other files, which the sandbox could write
 * into the checkout itself (Git refuses a tree with a .git path), and what
 * Git runs (hooks, fsmonitor, filters, aliases, hooksPath, pagers) comes
 * only from config and hooks/, which are kept. They are also what a build
 * running `git describe` or `git status` rewrites, and what makes a
 * repository too large to hold in memory. */
static gboolean
is_skipped (Skip skip, const char *name)
{
  static const char *const git[] = { "objects", "logs", "index", "refs", "packed-refs" };
  static const char *const store[] = { "objects", "tmp" };
  const char *const *names = skip == SKIP_GIT ? git : store;
  gsize n = skip == SKIP_GIT ? G_N_ELEMENTS (git) : skip == SKIP_STORE ? G_N_ELEMENTS (store) : 0;
  for (gsize i = 0; i < n; i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

static int
open_dir (int dfd, const char *name)
{
  return openat (dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* The directory holding rel (beneath dfd), walked without following a
 * link; *leaf points at rel's last part. */
static int
open_parent (int dfd, const char *rel, const char **leaf)
{
  const char *slash = strrchr (rel, '/');
  *leaf = slash ? slash + 1 : rel;
  int fd = openat (dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (slash == NULL || fd < 0)
    return fd;
  g_autofree char *dirs = g_strndup (rel, (gsize) (slash - rel));
  g_auto (GStrv) parts = g_strsplit (dirs, "/", -1);
  for (char **p = parts; *p && fd >= 0; p++)
    {
      int next = open_dir (fd, *p);
      close (fd);
      fd = next;
    }
  return fd;
}

/* Read a regular file's content whole, never a link or a FIFO. */
static gboolean
read_file_at (int dfd, const char *name, const struct stat *st, char **data, gsize *size)
{
  int fd = openat (dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  struct stat now;
  if (fstat (fd, &now) != 0 || now.st_ino != st->st_ino || !S_ISREG (now.st_mode))
    {
      close (fd);
      errno = EAGAIN;
      return FALSE;
    }
  gsize want = (gsize) now.st_size, got = 0;
  char *buf = g_malloc (want + 1);
  while (got < want)
    {
      ssize_t n = read (fd, buf + got, want - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      got += (gsize) n;
    }
  close (fd);
  buf[got] = '\0';
  *data = buf;
  *size = got;
  return TRUE;
}

static char *
read_link_at (int dfd, const char *name)
{
  char buf[4096];
  ssize_t n = readlinkat (dfd, name, buf, sizeof buf - 1);
  if (n < 0)
    return NULL;
  return g_strndup (buf, (gsize) n);
}

typedef struct
{
  SboxConfineGuard *guard;
  Entry *entry;
  const char *path; /* the entry's host path, for errors */
  GError **error;
} Recording;

static gboolean
over_limits (Recording *r)
{
  g_set_error (r->error, SBOX_ERROR, SBOX_ERROR_SETUP,
               "confinement mode: %s holds more than %u entries or %u MiB (outside a Git "
               "directory's objects, refs, logs and index), more than can be kept to put it "
               "back after the run, so the sandbox is not started",
               r->path, GUARD_ITEMS_MAX, GUARD_BYTES_MAX / (1024 * 1024));
  return FALSE;
}

static gboolean
cannot_read (Recording *r, const char *rel)
{
  g_set_error (r->error, SBOX_ERROR, SBOX_ERROR_SETUP,
               "confinement mode: cannot read %s/%s to put it back after the run: %s",
               r->entry->parent, rel, g_strerror (errno));
  return FALSE;
}

/* Record name (in dfd) as rel, and when deep what it holds. */
static gboolean
record_item (Recording *r, int dfd, const char *name, const char *rel, Skip parent_skip)
{
  struct stat st;
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return cannot_read (r, rel);
  if (++r->guard->items > GUARD_ITEMS_MAX)
    return over_limits (r);
  Item *it = g_new0 (Item, 1);
  it->rel = g_strdup (rel);
  it->mode = st.st_mode;
  it->uid = st.st_uid;
  it->gid = st.st_gid;
  it->nlink = st.st_nlink;
  g_ptr_array_add (r->entry->items, it);
  g_hash_table_insert (r->entry->rels, it->rel, it);
  if (S_ISREG (st.st_mode))
    {
      if ((gsize) st.st_size > GUARD_BYTES_MAX - r->guard->bytes)
        return over_limits (r);
      if (!read_file_at (dfd, name, &st, &it->data, &it->size))
        return cannot_read (r, rel);
      r->guard->bytes += it->size;
    }
  else if (S_ISLNK (st.st_mode))
    {
      if ((it->data = read_link_at (dfd, name)) == NULL)
        return cannot_read (r, rel);
      it->size = strlen (it->data);
    }
  if (!S_ISDIR (st.st_mode) || !r->entry->deep)
    return TRUE;
  int fd = open_dir (dfd, name);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  if (d == NULL)
    {
      int errsv = errno;
      if (fd >= 0)
        close (fd);
      errno = errsv;
      return cannot_read (r, rel);
    }
  struct stat head;
  if (g_str_equal (name, ".git") || fstatat (fd, "HEAD", &head, AT_SYMLINK_NOFOLLOW) == 0)
    it->skip = SKIP_GIT;
  else if (parent_skip == SKIP_GIT && (g_str_equal (name, "lfs") || g_str_equal (name, "annex")))
    it->skip = SKIP_STORE;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *de;
  while ((de = readdir (d)))
    if (!g_str_equal (de->d_name, ".") && !g_str_equal (de->d_name, "..")
        && !is_skipped (it->skip, de->d_name))
      g_ptr_array_add (names, g_strdup (de->d_name));
  gboolean ok = TRUE;
  for (guint i = 0; i < names->len && ok; i++)
    {
      const char *child = g_ptr_array_index (names, i);
      g_autofree char *child_rel = g_strconcat (rel, "/", child, NULL);
      ok = record_item (r, fd, child, child_rel, it->skip);
    }
  closedir (d);
  return ok;
}

/* The birth time of name in dfd, 0 when the file system keeps none. */
static void
birth_of (int dfd, const char *name, gint64 *sec, guint32 *nsec)
{
  struct statx sx;
  *sec = 0;
  *nsec = 0;
  if (statx (dfd, name, AT_SYMLINK_NOFOLLOW, STATX_BTIME, &sx) == 0 && (sx.stx_mask & STATX_BTIME))
    {
      *sec = sx.stx_btime.tv_sec;
      *nsec = sx.stx_btime.tv_nsec;
    }
}

/* name in dfd is the node's object. Without the fd of a live launcher, the
 * birth time must be known and the same too. */
static gboolean
is_node (int dfd, const char *name, const Node *n, gboolean stale)
{
  struct stat st;
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_ino != n->ino
      || (st.st_mode & S_IFMT) != (n->mode & S_IFMT))
    return FALSE;
  if (!stale)
    return st.st_dev == n->dev;
  gint64 sec;
  guint32 nsec;
  birth_of (dfd, name, &sec, &nsec);
  return n->born_sec != 0 && sec == n->born_sec && nsec == n->born_nsec;
}

/* The node for what is at name in dfd: one per object, shared. */
static Node *
node_of (SboxConfineGuard *g, int dfd, const char *name, const struct stat *st)
{
  g_autofree char *key = g_strdup_printf ("%ju:%ju", (uintmax_t) st->st_dev,
                                          (uintmax_t) st->st_ino);
  Node *n = g_hash_table_lookup (g->nodes, key);
  if (n)
    return n;
  int fd = openat (dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return NULL;
  n = g_new0 (Node, 1);
  n->dev = st->st_dev;
  n->ino = st->st_ino;
  n->mode = st->st_mode;
  n->fd = fd;
  birth_of (dfd, name, &n->born_sec, &n->born_nsec);
  g_hash_table_insert (g->nodes, g_steal_pointer (&key), n);
  return n;
}

gboolean
sbox_confine_guard_record (SboxConfineGuard *guard, const char *top, const char *path,
                           gboolean deep, GError **error)
{
  if (g_hash_table_contains (guard->paths, path))
    return TRUE;
  /* Already held whole by an entry recorded deep. */
  for (guint i = 0; i < guard->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (guard->entries, i);
      const Item *root = g_ptr_array_index (e->items, 0);
      g_autofree char *held = g_build_filename (e->parent, root->rel, NULL);
      if (e->deep && g_str_has_prefix (path, held) && path[strlen (held)] == '/')
        return TRUE;
    }
  Entry *e = g_new0 (Entry, 1);
  e->base = g_path_get_dirname (top);
  e->parent = g_path_get_dirname (path);
  e->way = g_array_new (FALSE, FALSE, sizeof (Step));
  e->items = g_ptr_array_new_with_free_func (item_free);
  e->rels = g_hash_table_new (g_str_hash, g_str_equal);
  e->deep = deep;
  g_ptr_array_add (guard->entries, e);
  g_hash_table_add (guard->paths, g_strdup (path));
  Recording r = { guard, e, path, error };
  /* The way: top's own name in its directory, then each part below it. */
  g_auto (GStrv) parts = g_strsplit (path + strlen (e->base), "/", -1);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  for (char **p = parts; *p; p++)
    if (**p)
      g_ptr_array_add (names, *p);
  if (names->len == 0)
    {
      errno = EINVAL;
      return cannot_read (&r, path);
    }
  g_autofree char *dir = g_strdup (e->base);
  int fd = open (e->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (guint i = 0; fd >= 0 && i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      struct stat st;
      Node *n = fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? node_of (guard, fd, name, &st)
                                                                  : NULL;
      if (n == NULL)
        {
          close (fd);
          fd = -1;
          break;
        }
      Step s = { g_strdup (name), g_strdup (dir), n };
      g_array_append_val (e->way, s);
      g_autofree char *next_dir = g_build_filename (dir, name, NULL);
      g_free (dir);
      dir = g_steal_pointer (&next_dir);
      if (i + 1 == names->len)
        break;
      int next = open_dir (fd, name);
      close (fd);
      fd = next;
    }
  if (fd < 0)
    return cannot_read (&r, "");
  const char *name = g_ptr_array_index (names, names->len - 1);
  gboolean ok = record_item (&r, fd, name, name, SKIP_NONE);
  close (fd);
  return ok;
}

/* ---- putting back ---- */

static void
said (GPtrArray *report, const char *dir, const char *rel, const char *what)
{
  g_autofree char *path = g_build_filename (dir, rel, NULL);
  sbox_error_printf ("the sandbox %s %s in %s; %s", what, rel, dir,
                     g_str_equal (what, "added") ? "removed it" : "put back as it was");
  g_ptr_array_add (report, g_steal_pointer (&path));
}

/* Remove name from dfd and, for a directory, what it holds, never
 * following a link. */
static void
remove_at (int dfd, const char *name)
{
  struct stat st;
  if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      int fd = open_dir (dfd, name);
      if (fd < 0 && errno == EACCES)
        {
          /* Made unreadable on purpose: it is checked to be a directory
           * and nothing of the sandbox runs to swap it. */
          fchmodat (dfd, name, 0700, 0);
          fd = open_dir (dfd, name);
        }
      DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
      if (d == NULL && fd >= 0)
        close (fd);
      g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      struct dirent *de;
      while (d && (de = readdir (d)))
        if (!g_str_equal (de->d_name, ".") && !g_str_equal (de->d_name, ".."))
          g_ptr_array_add (names, g_strdup (de->d_name));
      if (d)
        fchmod (dirfd (d), 0700);
      for (guint i = 0; d && i < names->len; i++)
        remove_at (dirfd (d), g_ptr_array_index (names, i));
      if (d)
        closedir (d);
      unlinkat (dfd, name, AT_REMOVEDIR);
    }
  else
    unlinkat (dfd, name, 0);
}

static void
own (int fd, const Item *it)
{
  /* A root launcher's remade files keep their owner. */
  if (geteuid () == 0 && fchown (fd, it->uid, it->gid) != 0)
    g_debug ("cannot give back the owner of %s", it->rel);
}

/* Make it at name in dfd as recorded (whatever was there is gone). */
static gboolean
remake (int dfd, const char *name, const Item *it)
{
  if (S_ISDIR (it->mode))
    {
      if (mkdirat (dfd, name, 0700) != 0)
        return FALSE;
      int fd = open_dir (dfd, name);
      if (fd >= 0)
        {
          own (fd, it);
          close (fd);
        }
      return fd >= 0;
    }
  if (S_ISLNK (it->mode))
    {
      if (symlinkat (it->data, dfd, name) != 0)
        return FALSE;
      if (geteuid () == 0 && fchownat (dfd, name, it->uid, it->gid, AT_SYMLINK_NOFOLLOW) != 0)
        g_debug ("cannot give back the owner of %s", it->rel);
      return TRUE;
    }
  if (S_ISFIFO (it->mode))
    return mkfifoat (dfd, name, it->mode & 07777) == 0;
  if (!S_ISREG (it->mode))
    return FALSE; /* a socket or device: not made again */
  /* A new file renamed into place: a hard link the sandbox made to the old
   * one keeps the old one. */
  g_autofree char *tmp = g_strdup_printf (".sbox-put-back-%08x", g_random_int ());
  int fd = openat (dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return FALSE;
  gsize done = 0;
  while (done < it->size)
    {
      ssize_t n = write (fd, it->data + done, it->size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (gsize) n;
    }
  own (fd, it);
  gboolean ok = done == it->size && fchmod (fd, it->mode & 07777) == 0;
  close (fd);
  if (ok)
    {
      struct stat st;
      if (fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode))
        remove_at (dfd, name);
      ok = renameat (dfd, tmp, dfd, name) == 0;
    }
  if (!ok)
    unlinkat (dfd, tmp, 0);
  return ok;
}

/* TRUE when name in dfd is as recorded (a directory: its type and mode). */
static gboolean
same (int dfd, const char *name, const Item *it, gboolean *exists)
{
  struct stat st;
  *exists = fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (!*exists || (st.st_mode & S_IFMT) != (it->mode & S_IFMT))
    return FALSE;
  if (S_ISDIR (st.st_mode))
    return TRUE; /* its mode is seen to at the end */
  if ((st.st_mode & 07777) != (it->mode & 07777))
    return FALSE;
  if (S_ISLNK (st.st_mode))
    {
      g_autofree char *target = read_link_at (dfd, name);
      return target && g_str_equal (target, it->data);
    }
  if (!S_ISREG (st.st_mode))
    return TRUE;
  /* More links than recorded: the sandbox holds one to write later. */
  if ((gsize) st.st_size != it->size || st.st_nlink > it->nlink)
    return FALSE;
  g_autofree char *data = NULL;
  gsize size = 0;
  return read_file_at (dfd, name, &st, &data, &size) && size == it->size
         && memcmp (data, it->data, size) == 0;
}

/* Put the original of step back at its place in dfd (from where the
 * sandbox moved it, found by the fd held since the recording), or, for a
 * directory on the way, make it again (empty: the entries below it are
 * made again in turn). The entry itself, when gone, is made again from its
 * record. */
/* The name in dfd of the node's object (a killed launcher's record), or
 * NULL. */
static char *
find_sibling (int dfd, const Node *n)
{
  int fd = openat (dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  if (d == NULL && fd >= 0)
    close (fd);
  struct dirent *de;
  char *found = NULL;
  while (d && found == NULL && (de = readdir (d)))
    if (!g_str_equal (de->d_name, ".") && !g_str_equal (de->d_name, "..")
        && is_node (dfd, de->d_name, n, TRUE))
      found = g_strdup (de->d_name);
  if (d)
    closedir (d);
  return found;
}

static gboolean
put_original_back (int dfd, Step *s, gboolean last, GPtrArray *report)
{
  struct stat st;
  gboolean exists = fstatat (dfd, s->name, &st, AT_SYMLINK_NOFOLLOW) == 0;
  gboolean back = FALSE;
  if (s->node->fd < 0 && last && !S_ISDIR (s->node->mode))
    return TRUE; /* a file or link: made again from the record */
  if (s->node->fd < 0)
    {
      /* A killed launcher's record: no fd, so the original is looked for
       * beside its place (a rename in the same directory) and nothing is
       * removed when it is not there: the inode numbers may no longer be
       * the ones recorded. */
      g_autofree char *moved = find_sibling (dfd, s->node);
      g_autofree char *tmp = g_strdup_printf (".sbox-put-back-%08x", g_random_int ());
      if (moved && renameat (dfd, moved, dfd, tmp) == 0)
        {
          remove_at (dfd, s->name);
          back = renameat (dfd, tmp, dfd, s->name) == 0;
        }
      if (back)
        said (report, s->dir, s->name, exists ? "replaced" : "moved away");
      else
        sbox_error_printf ("%s in %s is not the one recorded and the original is not beside "
                           "it; left as it is: check it before the host's tools run there",
                           s->name, s->dir);
      return back;
    }
  if (fstat (s->node->fd, &st) == 0 && st.st_nlink > 0)
    {
      g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", s->node->fd);
      g_autofree char *where = g_file_read_link (proc, NULL);
      /* Out of the way first: it may lie inside what took its place. */
      g_autofree char *tmp = g_strdup_printf (".sbox-put-back-%08x", g_random_int ());
      if (where && !g_str_has_suffix (where, " (deleted)")
          && renameat (AT_FDCWD, where, dfd, tmp) == 0)
        {
          remove_at (dfd, s->name);
          back = renameat (dfd, tmp, dfd, s->name) == 0;
        }
    }
  if (!back && last)
    return TRUE; /* compared with the record and put back there */
  if (!back)
    {
      remove_at (dfd, s->name);
      if (S_ISDIR (s->node->mode) && mkdirat (dfd, s->name, s->node->mode & 07777) == 0
          && fstatat (dfd, s->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
        {
          s->node->dev = st.st_dev;
          s->node->ino = st.st_ino;
          s->node->mode = st.st_mode;
        }
    }
  said (report, s->dir, s->name, exists ? "replaced" : back ? "moved away" : "removed");
  return TRUE;
}

/* Walk the way from the base, putting back what was swapped; the fd of
 * the directory holding the entry, or -1. */
static int
check_way (Entry *e, gboolean stale, GPtrArray *report)
{
  int fd = open (e->base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (guint i = 0; fd >= 0 && i < e->way->len; i++)
    {
      Step *s = &g_array_index (e->way, Step, i);
      if (!is_node (fd, s->name, s->node, stale)
          && !put_original_back (fd, s, i + 1 == e->way->len, report))
        {
          close (fd);
          errno = ESTALE;
          return -1;
        }
      if (i + 1 == e->way->len)
        break;
      int next = open_dir (fd, s->name);
      if (next < 0 && errno == EACCES && fchmodat (fd, s->name, s->node->mode & 07777, 0) == 0)
        {
          /* Made unsearchable: it is the recorded directory (checked
           * above), and nothing of the sandbox runs to swap it. */
          said (report, s->dir, s->name, "changed the mode of");
          next = open_dir (fd, s->name);
        }
      close (fd);
      fd = next;
    }
  return fd;
}

static void
restore_entry (Entry *e, gboolean stale, GPtrArray *report)
{
  int at = check_way (e, stale, report);
  if (at < 0 && errno == ESTALE)
    return; /* said there */
  if (at < 0)
    {
      const Item *root = g_ptr_array_index (e->items, 0);
      sbox_error_printf ("cannot reach %s in %s to check it after the run: %s; check it before "
                         "the host's tools run there",
                         root->rel, e->parent, g_strerror (errno));
      return;
    }
  g_autoptr (GHashTable) remade = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < e->items->len; i++)
    {
      const Item *it = g_ptr_array_index (e->items, i);
      const char *name;
      int dfd = open_parent (at, it->rel, &name);
      if (dfd < 0)
        continue; /* its directory could not be made again: said there */
      gboolean exists;
      if (!same (dfd, name, it, &exists))
        {
          /* A directory is emptied only when something else took its place. */
          if (exists)
            remove_at (dfd, name);
          if (!remake (dfd, name, it))
            sbox_error_printf ("cannot put back %s in %s: %s", it->rel, e->parent,
                               g_strerror (errno));
          /* What a remade directory held goes with it in one line. */
          g_autofree char *up = g_path_get_dirname (it->rel);
          if (!g_hash_table_contains (remade, up))
            said (report, e->parent, it->rel, exists ? "changed" : "removed");
          g_hash_table_add (remade, it->rel);
          if (it->skip == SKIP_GIT)
            sbox_error_printf ("%s in %s was made again without its objects, refs, logs and "
                               "index, which are not kept: fetch or clone it again",
                               it->rel, e->parent);
        }
      if (S_ISDIR (it->mode) && e->deep)
        {
          int fd = open_dir (dfd, name);
          if (fd < 0 && errno == EACCES && fchmodat (dfd, name, 0700, 0) == 0)
            fd = open_dir (dfd, name);
          DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
          if (d == NULL && fd >= 0)
            close (fd);
          g_autoptr (GPtrArray) added = g_ptr_array_new_with_free_func (g_free);
          struct dirent *de;
          while (d && (de = readdir (d)))
            {
              if (g_str_equal (de->d_name, ".") || g_str_equal (de->d_name, "..")
                  || is_skipped (it->skip, de->d_name))
                continue;
              g_autofree char *rel = g_strconcat (it->rel, "/", de->d_name, NULL);
              if (!g_hash_table_contains (e->rels, rel))
                g_ptr_array_add (added, g_strdup (de->d_name));
            }
          for (guint a = 0; d && a < added->len; a++)
            {
              const char *child = g_ptr_array_index (added, a);
              g_autofree char *rel = g_strconcat (it->rel, "/", child, NULL);
              remove_at (dirfd (d), child);
              said (report, e->parent, rel, "added");
            }
          if (d)
            closedir (d);
        }
      close (dfd);
    }
  /* Directory modes last: a read-only one had to take its entries first. */
  for (guint i = e->items->len; i > 0; i--)
    {
      const Item *it = g_ptr_array_index (e->items, i - 1);
      const char *name;
      struct stat st;
      if (!S_ISDIR (it->mode))
        continue;
      int dfd = open_parent (at, it->rel, &name);
      if (dfd >= 0 && fstatat (dfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR (st.st_mode)
          && (st.st_mode & 07777) != (it->mode & 07777))
        {
          if (fchmodat (dfd, name, it->mode & 07777, 0) == 0
              && !g_hash_table_contains (remade, it->rel))
            said (report, e->parent, it->rel, "changed the mode of");
        }
      if (dfd >= 0)
        close (dfd);
    }
  /* What stands at the entry's place now is what the next entries' way
   * meets. */
  const Step *last = &g_array_index (e->way, Step, e->way->len - 1);
  struct stat st;
  if (fstatat (at, last->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
    {
      last->node->dev = st.st_dev;
      last->node->ino = st.st_ino;
      last->node->mode = st.st_mode;
      birth_of (at, last->name, &last->node->born_sec, &last->node->born_nsec);
    }
  close (at);
}

GPtrArray *
sbox_confine_guard_restore (SboxConfineGuard *guard)
{
  GPtrArray *report = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < guard->entries->len; i++)
    restore_entry (g_ptr_array_index (guard->entries, i), guard->stale, report);
  return report;
}

/* ---- the record on disk, for a launcher killed before it put back ---- */

#define RECORD_TYPE "a(ssba(ssttuxu)a(suuutayy))"

gboolean
sbox_confine_guard_save (const SboxConfineGuard *guard, const char *file, GError **error)
{
  if (guard->entries->len == 0)
    return TRUE;
  g_autoptr (GVariantBuilder) b = g_variant_builder_new (G_VARIANT_TYPE (RECORD_TYPE));
  for (guint i = 0; i < guard->entries->len; i++)
    {
      const Entry *e = g_ptr_array_index (guard->entries, i);
      g_variant_builder_open (b, G_VARIANT_TYPE ("(ssba(ssttuxu)a(suuutayy))"));
      g_variant_builder_add (b, "s", e->base);
      g_variant_builder_add (b, "s", e->parent);
      g_variant_builder_add (b, "b", e->deep);
      g_variant_builder_open (b, G_VARIANT_TYPE ("a(ssttuxu)"));
      for (guint w = 0; w < e->way->len; w++)
        {
          const Step *st = &g_array_index (e->way, Step, w);
          g_variant_builder_add (b, "(ssttuxu)", st->name, st->dir, (guint64) st->node->dev,
                                 (guint64) st->node->ino, (guint32) st->node->mode,
                                 st->node->born_sec, st->node->born_nsec);
        }
      g_variant_builder_close (b);
      g_variant_builder_open (b, G_VARIANT_TYPE ("a(suuutayy)"));
      for (guint n = 0; n < e->items->len; n++)
        {
          const Item *it = g_ptr_array_index (e->items, n);
          GVariant *data = g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, it->data ? it->data : "",
                                                      it->data ? it->size : 0, 1);
          g_variant_builder_add (b, "(suuut@ayy)", it->rel, (guint32) it->mode, (guint32) it->uid,
                                 (guint32) it->gid, (guint64) it->nlink, data, (guchar) it->skip);
        }
      g_variant_builder_close (b);
      g_variant_builder_close (b);
    }
  g_autoptr (GVariant) v = g_variant_ref_sink (g_variant_builder_end (b));
  return g_file_set_contents_full (file, g_variant_get_data (v), (gssize) g_variant_get_size (v),
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* A name that stays in its directory. */
static gboolean
is_plain_name (const char *name)
{
  return *name && strchr (name, '/') == NULL && !g_str_equal (name, ".")
         && !g_str_equal (name, "..");
}

/* A relative path of plain names. */
static gboolean
is_plain_rel (const char *rel)
{
  g_auto (GStrv) parts = g_strsplit (rel, "/", -1);
  for (char **p = parts; *p; p++)
    if (!is_plain_name (*p))
      return FALSE;
  return parts[0] != NULL;
}

static SboxConfineGuard *
load (const char *file)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (file, &text, &len, NULL))
    return NULL;
  g_autoptr (GVariant) v = g_variant_ref_sink (
      g_variant_new_from_data (G_VARIANT_TYPE (RECORD_TYPE), text, len, FALSE, NULL, NULL));
  if (!g_variant_is_normal_form (v))
    return NULL;
  g_autoptr (SboxConfineGuard) g = sbox_confine_guard_new ();
  g->stale = TRUE;
  GVariantIter entries;
  g_variant_iter_init (&entries, v);
  const char *base, *parent;
  gboolean deep;
  GVariantIter *way, *items;
  while (g_variant_iter_next (&entries, "(&s&sba(ssttuxu)a(suuutayy))", &base, &parent, &deep, &way,
                              &items))
    {
      Entry *e = g_new0 (Entry, 1);
      e->base = g_strdup (base);
      e->parent = g_strdup (parent);
      e->deep = deep;
      e->way = g_array_new (FALSE, FALSE, sizeof (Step));
      e->items = g_ptr_array_new_with_free_func (item_free);
      e->rels = g_hash_table_new (g_str_hash, g_str_equal);
      g_ptr_array_add (g->entries, e);
      gboolean ok = g_path_is_absolute (base) && g_path_is_absolute (parent);
      const char *name, *dir;
      guint64 dev, ino;
      guint32 mode, uid, gid, born_nsec;
      gint64 born_sec;
      while (g_variant_iter_next (way, "(&s&sttuxu)", &name, &dir, &dev, &ino, &mode, &born_sec,
                                  &born_nsec))
        {
          ok = ok && is_plain_name (name) && g_path_is_absolute (dir);
          g_autofree char *key = g_strdup_printf ("%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, dev,
                                                  ino);
          Node *n = g_hash_table_lookup (g->nodes, key);
          if (n == NULL)
            {
              n = g_new0 (Node, 1);
              n->dev = (dev_t) dev;
              n->ino = (ino_t) ino;
              n->mode = (mode_t) mode;
              n->born_sec = born_sec;
              n->born_nsec = born_nsec;
              n->fd = -1;
              g_hash_table_insert (g->nodes, g_steal_pointer (&key), n);
            }
          Step st = { g_strdup (name), g_strdup (dir), n };
          g_array_append_val (e->way, st);
        }
      g_variant_iter_free (way);
      const char *rel;
      guint64 nlink;
      GVariant *data;
      guchar skip;
      while (g_variant_iter_next (items, "(&suuut@ayy)", &rel, &mode, &uid, &gid, &nlink, &data,
                                  &skip))
        {
          Item *it = g_new0 (Item, 1);
          it->rel = g_strdup (rel);
          it->mode = (mode_t) mode;
          it->uid = (uid_t) uid;
          it->gid = (gid_t) gid;
          it->nlink = (nlink_t) nlink;
          it->skip = skip <= SKIP_STORE ? (Skip) skip : SKIP_NONE;
          gsize size = 0;
          const char *bytes = g_variant_get_fixed_array (data, &size, 1);
          if (S_ISREG (it->mode) || S_ISLNK (it->mode))
            {
              it->data = g_malloc (size + 1);
              memcpy (it->data, bytes, size);
              it->data[size] = '\0';
              it->size = size;
            }
          g_variant_unref (data);
          ok = ok && is_plain_rel (rel);
          g_ptr_array_add (e->items, it);
          g_hash_table_insert (e->rels, it->rel, it);
        }
      g_variant_iter_free (items);
      /* The entry is the way's last step; what it holds lies beneath it. */
      const Step *last = e->way->len ? &g_array_index (e->way, Step, e->way->len - 1) : NULL;
      const Item *root = e->items->len ? g_ptr_array_index (e->items, 0) : NULL;
      if (!ok || last == NULL || root == NULL || !g_str_equal (root->rel, last->name))
        return NULL;
      for (guint n = 1; n < e->items->len; n++)
        if (!g_str_has_prefix (((Item *) g_ptr_array_index (e->items, n))->rel, root->rel)
            || ((Item *) g_ptr_array_index (e->items, n))->rel[strlen (root->rel)] != '/')
          return NULL;
    }
  return g_steal_pointer (&g);
}

void
sbox_confine_guard_restore_saved (const char *file, const char *id)
{
  g_autoptr (SboxConfineGuard) g = load (file);
  if (g == NULL)
    {
      sbox_error_printf ("the record of what sandbox %s must not change (%s) cannot be read; "
                         "check its checkouts' .git before the host's tools run there",
                         id, file);
      return;
    }
  sbox_error_printf ("sandbox %s ended before sbox could check what it changed in read-only "
                     "parts of writable trees; checking now",
                     id);
  g_autoptr (GPtrArray) report = sbox_confine_guard_restore (g);
}
