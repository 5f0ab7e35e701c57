/* mount.c — runs the plan's filesystem operations in the child.
 *
 * Every bind source is opened first, before the staging root exists: the
 * child's fresh mount namespace is then still a copy of the caller's, so a
 * source resolves exactly as the caller sees it (paths.c judges the
 * symlinks on the way) and no source path is ever looked up below the
 * staging root, where /oldroot is the host's "/" and a link a sandbox
 * planted could name it. An fd opened by the launcher would not do: the
 * kernel clones trees only from the caller's own mount namespace.
 *
 * Layout during setup: a private tmpfs becomes "/" with the host's root
 * moved to /oldroot and the sandbox's root tmpfs at /newroot. Binds are
 * cloned from the opened fds with open_tree(), get their flags on the
 * whole detached tree with mount_setattr(AT_RECURSIVE) and are then
 * attached with move_mount(), so a read-only bind is read-only all the way
 * down. An overlay's layers are opened with the bind sources and named to
 * overlayfs through their descriptors, so neither is looked up below the
 * staging root and no layer path needs escaping in the mount options. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "error.h"
#include "mount.h"
#include "paths.h"
#include "timing.h"
#include "view.h"

#define BASE "/tmp"
#define OLDROOT "/oldroot"
#define NEWROOT "/newroot"

typedef struct
{
  const SboxSandbox *sandbox;
  gboolean verbose;
  gboolean quiet;
  SboxSyncMsg *msg;
  const int *idmapped; /* per op: an idmapped tree from the launcher, or -1 */
  int *sources;        /* per op: its source opened in the caller's view, or -1 */
  int host_dev;        /* the caller's /dev, for the default nodes */
  int console;         /* the caller's terminal, or -1 */
  int newroot;         /* O_PATH fd of the new root */
  int dest_parent;     /* the current op's destination directory (the cache's), or -1 */
  /* The last destination directory stays open for the next op with the
   * same one (the default view binds a row of files into /etc): opening it
   * again inside the root is most of what a bind costs. */
  char cached_parent[PATH_MAX];
  int cached_parent_fd;
  /* Per op: an overlay's layers opened as the sources are (its lower dirs
   * bottom first, then upper and work or -1 each), or NULL. */
  int **layers;
  guint tmp_overlays; /* overlays so far with their upper in the staging tmpfs */
  /* The launcher's channel while helpers' sockets are still to come: a
   * helper's socket (SBOX_FS_FLAG_RUNTIME) has its directory opened with
   * the other sources and the socket itself once the launcher says the
   * helpers serve; -1 when they serve already (or there are none). */
  int helpers_fd;
} MountCtx;

#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467
#endif

/* "uid=…,gid=…" for tmpfs roots when a root caller's sandbox sets up as
 * real root and then becomes its own uid: its tmpfs must be its own. */
static char tmpfs_owner[64];

static void
say (MountCtx *ctx, const char *what, const char *a, const char *b)
{
  if (ctx->verbose)
    dprintf (STDERR_FILENO, "sbox: %s %s%s%s\n", what, a, b ? " → " : "", b ? b : "");
}

/* buf = a + sep + b, in a PATH_MAX buffer. */
static int
join_with (char *buf, const char *a, const char *sep, const char *b)
{
  int n = snprintf (buf, PATH_MAX, "%s%s%s", a, sep, b);
  if (n < 0 || n >= PATH_MAX)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  return 0;
}

/* a directory + a name in it */
static int
join_dev (char *buf, const char *dev, const char *name)
{
  return join_with (buf, dev, "/", name);
}

/* The destination of an op, resolved inside the new root: its parent is
 * opened component by component with RESOLVE_IN_ROOT (a symlink the
 * sandbox planted in its own storage is followed, but never out of the new
 * root), missing directories are created there, and the result is a path
 * through /proc/self/fd that the path-based calls below can use. The last
 * component must not be a symlink unless the op makes one. */
static int finish_dest (MountCtx *ctx, int dir, const char *base, gboolean symlink_ok, char *out);

static int
resolve_dest (MountCtx *ctx, const char *inside, gboolean symlink_ok, char *out)
{
  char parent[PATH_MAX], relative[PATH_MAX] = "";
  if (strlen (inside) >= sizeof parent || inside[0] != '/' || inside[1] == '\0')
    {
      errno = EINVAL;
      return -1;
    }
  strcpy (parent, inside);
  char *slash = strrchr (parent, '/');
  const char *base = inside + (slash - parent) + 1;
  *slash = '\0';

  if (ctx->cached_parent_fd >= 0 && strcmp (parent, ctx->cached_parent) == 0)
    return finish_dest (ctx, ctx->cached_parent_fd, base, symlink_ok, out);
  char whole_parent[PATH_MAX];
  strcpy (whole_parent, parent);
  int dir = fcntl (ctx->newroot, F_DUPFD_CLOEXEC, 3);
  char *saveptr = NULL;
  for (char *c = strtok_r (parent, "/", &saveptr); c && dir >= 0;
       c = strtok_r (NULL, "/", &saveptr))
    {
      size_t len = strlen (relative);
      if (len + strlen (c) + 2 >= sizeof relative)
        {
          close (dir);
          errno = ENAMETOOLONG;
          return -1;
        }
      snprintf (relative + len, sizeof relative - len, "%s%s", len ? "/" : "", c);
      struct open_how how = { .flags = O_PATH | O_DIRECTORY | O_CLOEXEC,
                              .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
      int next = (int) syscall (SYS_openat2, ctx->newroot, relative, &how, sizeof how);
      if (next < 0 && errno == ENOENT && (mkdirat (dir, c, 0755) == 0 || errno == EEXIST))
        next = (int) syscall (SYS_openat2, ctx->newroot, relative, &how, sizeof how);
      int errsv = errno;
      close (dir);
      errno = errsv;
      dir = next;
    }
  if (dir < 0)
    return -1;
  if (ctx->cached_parent_fd >= 0)
    close (ctx->cached_parent_fd);
  strcpy (ctx->cached_parent, whole_parent);
  ctx->cached_parent_fd = dir;
  return finish_dest (ctx, dir, base, symlink_ok, out);
}

/* An op at dest may cover the cached directory when dest is that directory
 * or one of its parents: open it again next time. */
static void
forget_parent_under (MountCtx *ctx, const char *dest)
{
  size_t len = strlen (dest);
  const char *cached = ctx->cached_parent;
  if (ctx->cached_parent_fd < 0 || strncmp (cached, dest, len) != 0
      || (cached[len] != '\0' && cached[len] != '/'))
    return;
  close (ctx->cached_parent_fd);
  ctx->cached_parent_fd = -1;
}

static int
finish_dest (MountCtx *ctx, int dir, const char *base, gboolean symlink_ok, char *out)
{
  struct stat st;
  if (!symlink_ok && fstatat (dir, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
    {
      errno = ELOOP;
      return -1;
    }
  int n = snprintf (out, PATH_MAX, OLDROOT "/proc/self/fd/%d/%s", dir, base);
  if (n < 0 || n >= PATH_MAX)
    {
      errno = ENAMETOOLONG;
      return -1;
    }
  ctx->dest_parent = dir;
  return 0;
}

/* Create the mount point for a bind: a directory for a directory, an empty
 * file for anything else. */
/* The last component only: resolve_dest has made the parents. */
static int
make_dir (const char *path, mode_t mode)
{
  return mkdir (path, mode) == 0 || errno == EEXIST ? 0 : -1;
}

static int
make_mount_point (const char *path, gboolean is_dir)
{
  if (is_dir)
    return make_dir (path, 0755);
  int fd = open (path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0444);
  if (fd < 0)
    {
      /* An existing directory or file already serves as a mount point. */
      struct stat st;
      return (errno == EISDIR || lstat (path, &st) == 0) ? 0 : -1;
    }
  close (fd);
  return 0;
}

static unsigned long long
attrs_to_ms_flags (unsigned long long attrs)
{
  return ((attrs & MOUNT_ATTR_RDONLY) ? MS_RDONLY : 0)
         | ((attrs & MOUNT_ATTR_NOSUID) ? MS_NOSUID : 0)
         | ((attrs & MOUNT_ATTR_NODEV) ? MS_NODEV : 0)
         | ((attrs & MOUNT_ATTR_NOEXEC) ? MS_NOEXEC : 0);
}

/* Kernels before 5.12: bind, then remount only the top mount, keeping the
 * flags the kernel locked (it refuses to clear them). */
static int
bind_with_old_api (const char *source, const char *dest, unsigned long long attrs)
{
  if (mount (source, dest, NULL, MS_BIND | MS_REC, NULL) != 0)
    return -1;
  struct statvfs sv;
  unsigned long locked = 0;
  if (statvfs (dest, &sv) == 0)
    locked = sv.f_flag & (ST_RDONLY | ST_NOSUID | ST_NODEV | ST_NOEXEC);
  return mount (NULL, dest, NULL, MS_REMOUNT | MS_BIND | locked | attrs_to_ms_flags (attrs), NULL);
}

/* A detached copy of the tree at (dirfd, path) with attrs on each of its
 * mounts: one call with open_tree_attr (Linux 6.15), else two. -1 with
 * ENOSYS when the kernel lacks the new mount API altogether. */
static int
clone_tree (int dirfd, const char *path, unsigned long long attrs)
{
  static gboolean no_open_tree_attr;
  unsigned int flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE;
  if (*path == '\0')
    flags |= AT_EMPTY_PATH;
  struct mount_attr attr = { .attr_set = attrs };
  if (!no_open_tree_attr)
    {
      int tree = (int) syscall (SYS_open_tree_attr, dirfd, path, flags, &attr, sizeof attr);
      if (tree >= 0 || errno != ENOSYS)
        return tree;
      no_open_tree_attr = TRUE;
    }
  int tree = open_tree (dirfd, path, flags);
  if (tree < 0)
    return -1;
  if (mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) != 0)
    {
      int errsv = errno;
      close (tree);
      errno = errsv;
      return -1;
    }
  return tree;
}

/* Bind the tree at (dirfd, path) onto dest with attrs set on every mount of
 * the tree. path "" binds dirfd itself. */
static int
bind_tree_at (int dirfd, const char *path, const char *dest, unsigned long long attrs)
{
  int tree = clone_tree (dirfd, path, attrs);
  if (tree < 0 && errno == ENOSYS)
    {
      char fd_path[PATH_MAX];
      if (dirfd != AT_FDCWD)
        snprintf (fd_path, sizeof fd_path, OLDROOT "/proc/self/fd/%d%s%s", dirfd, *path ? "/" : "",
                  path);
      return bind_with_old_api (dirfd != AT_FDCWD ? fd_path : path, dest, attrs);
    }
  if (tree < 0)
    return -1;
  int ret = move_mount (tree, "", AT_FDCWD, dest, MOVE_MOUNT_F_EMPTY_PATH);
  int errsv = errno;
  close (tree);
  errno = errsv;
  return ret;
}

static int
bind_tree (const char *source, const char *dest, unsigned long long attrs)
{
  return bind_tree_at (AT_FDCWD, source, dest, attrs);
}

static unsigned long long
bind_attrs (SboxFsKind kind)
{
  unsigned long long attrs = MOUNT_ATTR_NOSUID;
  if (kind != SBOX_FS_DEV_BIND)
    attrs |= MOUNT_ATTR_NODEV;
  if (kind == SBOX_FS_RO_BIND)
    attrs |= MOUNT_ATTR_RDONLY;
  return attrs;
}

gboolean
sbox_mount_wants_idmap (const SboxIds *ids, const SboxFsOp *op)
{
  return ids->drop_root && op->kind == SBOX_FS_BIND && op->beneath == NULL;
}

/* The mount point for a tree of that type, made in the destination's
 * directory; an existing one serves unless it is a symlink. */
static int
make_mount_point_at (int dir, const char *name, gboolean is_dir)
{
  if ((is_dir ? mkdirat (dir, name, 0755) : mknodat (dir, name, S_IFREG | 0444, 0)) == 0)
    return 0;
  struct stat st;
  if (errno != EEXIST || fstatat (dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return -1;
  if (S_ISLNK (st.st_mode))
    {
      errno = ELOOP;
      return -1;
    }
  return 0;
}

/* Attach a detached tree at the op's destination, inside the directory
 * resolve_dest opened; without MOVE_MOUNT_T_SYMLINKS the last component is
 * not followed. */
static int
attach_tree (MountCtx *ctx, const SboxFsOp *op, int tree)
{
  struct stat st;
  const char *name = strrchr (op->dest, '/') + 1;
  if (fstat (tree, &st) != 0
      || make_mount_point_at (ctx->dest_parent, name, S_ISDIR (st.st_mode)) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create mount point %s", op->dest);
  if (move_mount (tree, "", ctx->dest_parent, name, MOVE_MOUNT_F_EMPTY_PATH) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot bind %s to %s", op->source, op->dest);
  return 0;
}

/* A bind onto "/" (bwrap's --bind SRC /): the tree goes on top of the new
 * root, which every later operation and the pivot then find. */
static int
attach_root (MountCtx *ctx, const SboxFsOp *op, int tree)
{
  if (move_mount (tree, "", AT_FDCWD, NEWROOT, MOVE_MOUNT_F_EMPTY_PATH) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot bind %s to /", op->source);
  if (ctx->cached_parent_fd >= 0)
    close (ctx->cached_parent_fd);
  ctx->cached_parent_fd = -1;
  close (ctx->newroot);
  ctx->newroot = open (NEWROOT, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (ctx->newroot < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot open the new root");
  return 0;
}

static int
op_bind_idmapped (MountCtx *ctx, const SboxFsOp *op, int tree)
{
  char dest[PATH_MAX];
  if (g_str_equal (op->dest, "/"))
    return attach_root (ctx, op, tree);
  say (ctx, "bind (idmapped)", op->source, op->dest);
  if (resolve_dest (ctx, op->dest, TRUE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create mount point %s", op->dest);
  return attach_tree (ctx, op, tree);
}

/* What an op binds, for messages. */
static const char *
source_name (const SboxFsOp *op, char *buf)
{
  if (op->beneath == NULL || join_with (buf, op->source, "/", op->beneath) != 0)
    return op->source;
  return buf;
}

/* Kernels without the new mount API: bind through the fd's magic link. */
static int
bind_fd_with_old_api (MountCtx *ctx, const SboxFsOp *op, int source, const char *dest)
{
  char name[PATH_MAX];
  struct stat st;
  if (fstat (source, &st) != 0 || make_mount_point (dest, S_ISDIR (st.st_mode)) != 0
      || bind_tree_at (source, "", dest, bind_attrs (op->kind)) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot bind %s to %s", source_name (op, name),
                           op->dest);
  return 0;
}

/* The source was opened before the staging root existed: an optional one
 * that was missing has no fd and is skipped. */
static int
op_bind (MountCtx *ctx, const SboxFsOp *op, guint index)
{
  if (ctx->idmapped && ctx->idmapped[index] >= 0)
    return op_bind_idmapped (ctx, op, ctx->idmapped[index]);
  int source = ctx->sources[index];
  if (source < 0)
    return 0;
  char dest[PATH_MAX], name[PATH_MAX];
  gboolean onto_root = g_str_equal (op->dest, "/");
  if (!onto_root && resolve_dest (ctx, op->dest, TRUE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create mount point %s", op->dest);
  say (ctx, sbox_plan_fs_kind_name (op->kind), source_name (op, name), op->dest);
  int tree = clone_tree (source, "", bind_attrs (op->kind));
  if (onto_root && tree >= 0)
    {
      int ret = attach_root (ctx, op, tree);
      close (tree);
      return ret;
    }
  if (onto_root)
    return sbox_sync_fail (ctx->msg, errno, "cannot bind %s to /", source_name (op, name));
  if (tree < 0 && errno == ENOSYS)
    return bind_fd_with_old_api (ctx, op, source, dest);
  if (tree < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot bind %s", source_name (op, name));
  int ret = attach_tree (ctx, op, tree);
  close (tree);
  return ret;
}

static int
mount_tmpfs_sized (const char *path, guint mode, guint64 size, unsigned long flags)
{
  char data[160], size_opt[40] = "";
  if (size)
    snprintf (size_opt, sizeof size_opt, ",size=%" G_GUINT64_FORMAT, size);
  snprintf (data, sizeof data, "mode=%04o%s%s", mode ? mode : 0755, tmpfs_owner, size_opt);
  return mount ("tmpfs", path, "tmpfs", flags, data);
}

static int
mount_tmpfs (const char *path, guint mode, unsigned long flags)
{
  return mount_tmpfs_sized (path, mode, 0, flags);
}

static int
op_tmpfs (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  say (ctx, "tmpfs", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0 || make_dir (dest, 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create directory %s", op->dest);
  if (mount_tmpfs_sized (dest, op->mode, op->size, MS_NOSUID | MS_NODEV) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount tmpfs on %s", op->dest);
  return 0;
}

static int
op_dir (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  say (ctx, "dir", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0
      || make_dir (dest, op->mode ? op->mode : 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create directory %s", op->dest);
  return 0;
}

static int
op_symlink (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX], existing[PATH_MAX];
  say (ctx, "symlink", op->dest, op->source);
  if (resolve_dest (ctx, op->dest, TRUE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create parents of %s", op->dest);
  if (symlink (op->source, dest) == 0)
    return 0;
  /* The same link planted twice (for instance by an included profile) is fine. */
  ssize_t n = errno == EEXIST ? readlink (dest, existing, sizeof existing - 1) : -1;
  if (n >= 0 && (existing[n] = '\0', strcmp (existing, op->source) == 0))
    return 0;
  return sbox_sync_fail (ctx->msg, n >= 0 ? EEXIST : errno, "cannot create symlink %s", op->dest);
}

/* bwrap's --bind-data: the file is written in the staging tmpfs (setup's
 * own, the working directory here, gone with it) and bound on dest. */
static int
op_bind_data (MountCtx *ctx, const SboxFsOp *op, guint index)
{
  char dest[PATH_MAX], name[32];
  say (ctx, "bind-data", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, TRUE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create parents of %s", op->dest);
  snprintf (name, sizeof name, "bind-data-%u", index);
  int fd = open (name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create the data for %s", op->dest);
  size_t len = op->content_len ? op->content_len : op->content ? strlen (op->content) : 0;
  ssize_t n = len ? write (fd, op->content, len) : 0;
  int errsv = errno;
  if (n == (ssize_t) len && fchmod (fd, op->mode ? op->mode : 0600) != 0)
    n = -1, errsv = errno;
  if (n != (ssize_t) len)
    {
      close (fd);
      return sbox_sync_fail (ctx->msg, n < 0 ? errsv : EIO, "cannot write the data for %s",
                             op->dest);
    }
  unsigned long long attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV;
  if (op->flags & SBOX_FS_FLAG_READ_ONLY)
    attrs |= MOUNT_ATTR_RDONLY;
  int tree = clone_tree (fd, "", attrs);
  if (tree < 0 && errno == ENOSYS)
    {
      int ret = make_mount_point (dest, FALSE) != 0 || bind_tree_at (fd, "", dest, attrs) != 0
                    ? sbox_sync_fail (ctx->msg, errno, "cannot bind data on %s", op->dest)
                    : 0;
      close (fd);
      return ret;
    }
  errsv = errno;
  close (fd);
  if (tree < 0)
    return sbox_sync_fail (ctx->msg, errsv, "cannot bind data on %s", op->dest);
  int ret = attach_tree (ctx, op, tree);
  close (tree);
  return ret;
}

static int
op_chmod (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  say (ctx, "chmod", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0 || chmod (dest, op->mode) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot chmod %04o %s", op->mode, op->dest);
  return 0;
}

static int
op_file (MountCtx *ctx, const SboxFsOp *op, guint index)
{
  char dest[PATH_MAX];
  if (op->flags & SBOX_FS_FLAG_BIND_DATA)
    return op_bind_data (ctx, op, index);
  say (ctx, "file", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create parents of %s", op->dest);
  int fd = open (dest, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
                 op->mode ? op->mode : 0644);
  if (fd < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create %s", op->dest);
  /* The mode as asked, not as the umask leaves it (bwrap's --perms). */
  if (op->mode && fchmod (fd, op->mode) != 0)
    {
      int errsv = errno;
      close (fd);
      return sbox_sync_fail (ctx->msg, errsv, "cannot chmod %s", op->dest);
    }
  size_t len = op->content_len ? op->content_len : op->content ? strlen (op->content) : 0;
  ssize_t n = len ? write (fd, op->content, len) : 0;
  int errsv = errno;
  close (fd);
  if (n != (ssize_t) len)
    return sbox_sync_fail (ctx->msg, n < 0 ? errsv : EIO, "cannot write %s", op->dest);
  return 0;
}

static int
op_proc (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  say (ctx, "proc", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0 || make_dir (dest, 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create directory %s", op->dest);
  if (mount ("proc", dest, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount proc on %s", op->dest);
  return 0;
}

/* Only the IPC namespace's owner may mount its queues: without one of the
 * sandbox's own this fails, as it does under bwrap. */
static int
op_mqueue (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  say (ctx, "mqueue", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0 || make_dir (dest, 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create directory %s", op->dest);
  if (mount ("mqueue", dest, "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount mqueue on %s", op->dest);
  return 0;
}

static int
op_remount_ro (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  struct stat st;
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot make %s read-only", op->dest);
  if (lstat (dest, &st) != 0 && (op->flags & SBOX_FS_FLAG_TRY))
    return 0;
  say (ctx, "read-only", op->dest, NULL);
  if (op->flags & SBOX_FS_FLAG_THIS_MOUNT)
    {
      /* bwrap's --remount-ro: that mount's flags, which needs dest to be one. */
      struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID
                                             | MOUNT_ATTR_NODEV };
      if (mount_setattr (AT_FDCWD, dest, AT_SYMLINK_NOFOLLOW, &attr, sizeof attr) != 0)
        return sbox_sync_fail (ctx->msg, errno,
                               errno == EINVAL ? "cannot make %s read-only: not a mount point"
                                               : "cannot make %s read-only",
                               op->dest);
      return 0;
    }
  if (bind_tree (dest, dest, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot make %s read-only", op->dest);
  return 0;
}

static int
op_mask (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  struct stat st;
  if (resolve_dest (ctx, op->dest, TRUE, dest) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mask %s", op->dest);
  if (lstat (dest, &st) != 0)
    return (op->flags & SBOX_FS_FLAG_TRY)
               ? 0
               : sbox_sync_fail (ctx->msg, errno, "cannot mask %s", op->dest);
  say (ctx, "mask", op->dest, NULL);
  int ret;
  if (S_ISDIR (st.st_mode))
    ret = mount_tmpfs (dest, 0555, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
  else
    ret = bind_tree_at (ctx->host_dev, "null", dest,
                        MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                            | MOUNT_ATTR_NOEXEC);
  if (ret != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mask %s", op->dest);
  return 0;
}

/* A mount point cannot be renamed or removed (EBUSY): a self-bind keeps a
 * name where it is, so that a protected path cannot be carried off by
 * renaming one of its parents and replaced. A symlink is bound itself
 * (open_tree without following it), and still leads where it led. The
 * tree keeps its flags and every mount already beneath it. */
static int
op_pin (MountCtx *ctx, const SboxFsOp *op)
{
  char dest[PATH_MAX];
  struct stat st;
  if (resolve_dest (ctx, op->dest, TRUE, dest) != 0)
    return (op->flags & SBOX_FS_FLAG_TRY) && errno == ENOENT
               ? 0
               : sbox_sync_fail (ctx->msg, errno, "cannot pin %s", op->dest);
  const char *name = strrchr (op->dest, '/') + 1;
  if (fstatat (ctx->dest_parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return (op->flags & SBOX_FS_FLAG_TRY)
               ? 0
               : sbox_sync_fail (ctx->msg, errno, "cannot pin %s", op->dest);
  say (ctx, "pin", op->dest, NULL);
  int tree = open_tree (ctx->dest_parent, name,
                        OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
  if (tree < 0 && errno == ENOSYS && !S_ISLNK (st.st_mode))
    {
      /* Before Linux 5.2: a plain recursive bind keeps the flags too. */
      if (mount (dest, dest, NULL, MS_BIND | MS_REC, NULL) != 0)
        return sbox_sync_fail (ctx->msg, errno, "cannot pin %s", op->dest);
      return 0;
    }
  if (tree < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot pin %s%s", op->dest,
                           errno == ENOSYS ? " (pinning a symlink needs Linux 5.2)" : "");
  int ret = move_mount (tree, "", ctx->dest_parent, name, MOVE_MOUNT_F_EMPTY_PATH);
  int errsv = errno;
  close (tree);
  if (ret != 0)
    return sbox_sync_fail (ctx->msg, errsv, "cannot pin %s", op->dest);
  return 0;
}

static const struct
{
  const char *name;
  const char *target;
} dev_links[] = {
  { "fd", "/proc/self/fd" },       { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
  { "stderr", "/proc/self/fd/2" }, { "ptmx", "pts/ptmx" },
};

/* Only the harmless nodes, bound from the host: a user namespace cannot mknod. */
static int
op_dev (MountCtx *ctx, const SboxFsOp *op, const char *console)
{
  char dev[PATH_MAX], path[PATH_MAX];
  say (ctx, "dev", op->dest, NULL);
  if (resolve_dest (ctx, op->dest, FALSE, dev) != 0 || make_dir (dev, 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create directory %s", op->dest);
  if (mount_tmpfs (dev, 0755, MS_NOSUID | MS_NOEXEC) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount tmpfs on %s", op->dest);

  for (const char *const *node = op->nodes; node && *node; node++)
    {
      if (join_dev (path, dev, *node) != 0 || make_mount_point (path, FALSE) != 0
          || bind_tree_at (ctx->host_dev, *node, path, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC) != 0)
        return sbox_sync_fail (ctx->msg, errno, "cannot bind /dev/%s", *node);
    }
  if (console)
    {
      if (ctx->console < 0 || join_dev (path, dev, "console") != 0
          || make_mount_point (path, FALSE) != 0
          || bind_tree_at (ctx->console, "", path, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC) != 0)
        return sbox_sync_fail (ctx->msg, errno, "cannot bind %s to /dev/console", console);
    }

  if (join_dev (path, dev, "pts") != 0 || mkdir (path, 0755) != 0
      || (mount ("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC,
                 "newinstance,ptmxmode=0666,mode=620")
              != 0
          && mount ("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666")
                 != 0))
    return sbox_sync_fail (ctx->msg, errno, "cannot mount devpts on %s/pts", op->dest);

  if (join_dev (path, dev, "shm") != 0 || mkdir (path, 0755) != 0
      || mount_tmpfs (path, 01777, MS_NOSUID | MS_NODEV) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount tmpfs on %s/shm", op->dest);

  for (gsize i = 0; i < G_N_ELEMENTS (dev_links); i++)
    {
      if (join_dev (path, dev, dev_links[i].name) != 0 || symlink (dev_links[i].target, path) != 0)
        return sbox_sync_fail (ctx->msg, errno, "cannot create %s/%s", op->dest, dev_links[i].name);
    }
  return 0;
}

/* bwrap follows a symlink at a destination: the path it leads to inside
 * the new root (every earlier component is resolved there by resolve_dest),
 * up to 40 links as the kernel allows. *dangling: the link leads nowhere. */
static int
follow_dest (MountCtx *ctx, const char *inside, char *followed, gboolean *dangling)
{
  char path[PATH_MAX], scratch[PATH_MAX], target[PATH_MAX];
  g_strlcpy (path, inside, sizeof path);
  for (int links = 0; links <= 40; links++)
    {
      const char *name = strrchr (path, '/') + 1;
      struct stat st;
      if (resolve_dest (ctx, path, TRUE, scratch) != 0)
        return -1;
      int missing = fstatat (ctx->dest_parent, name, &st, AT_SYMLINK_NOFOLLOW) != 0;
      if (missing || !S_ISLNK (st.st_mode))
        {
          *dangling = links > 0 && missing;
          g_strlcpy (followed, path, PATH_MAX);
          return 0;
        }
      ssize_t n = readlinkat (ctx->dest_parent, name, target, sizeof target - 1);
      if (n <= 0)
        return -1;
      target[n] = '\0';
      const char *last = strrchr (target, '/');
      last = last ? last + 1 : target;
      if (*last == '\0' || g_str_equal (last, ".") || g_str_equal (last, ".."))
        break; /* a directory named by its parent: no name to put a node at */
      int len = target[0] == '/' ? snprintf (scratch, sizeof scratch, "%s", target)
                                 : snprintf (scratch, sizeof scratch, "%.*s/%s",
                                             (int) (name - 1 - path), path, target);
      if (len < 0 || len >= (int) sizeof scratch)
        {
          errno = ENAMETOOLONG;
          return -1;
        }
      g_strlcpy (path, scratch, sizeof path);
    }
  errno = ELOOP;
  return -1;
}

/* The op moved to where a symlink at its destination leads (into *copy,
 * its dest in followed): 0 to apply *op, 1 to skip it, -1 on failure. As
 * bwrap: a file is made where a dangling link leads, a directory is not
 * (--dir is then content with the link). */
static int
at_followed_dest (MountCtx *ctx, const SboxFsOp **op, guint index, SboxFsOp *copy, char *followed)
{
  const SboxFsOp *o = *op;
  gboolean dangling = FALSE;
  if (o->kind == SBOX_FS_SYMLINK || g_str_equal (o->dest, "/"))
    return 0;
  if (follow_dest (ctx, o->dest, followed, &dangling) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot resolve %s", o->dest);
  struct stat source;
  gboolean binds = o->kind == SBOX_FS_BIND || o->kind == SBOX_FS_RO_BIND
                   || o->kind == SBOX_FS_DEV_BIND;
  gboolean makes_dir = o->kind == SBOX_FS_TMPFS || o->kind == SBOX_FS_PROC || o->kind == SBOX_FS_DEV
                       || o->kind == SBOX_FS_MQUEUE || o->kind == SBOX_FS_OVERLAY
                       || (binds && ctx->sources[index] >= 0
                           && fstat (ctx->sources[index], &source) == 0
                           && S_ISDIR (source.st_mode));
  if (dangling && o->kind == SBOX_FS_DIR)
    return 1;
  if (dangling && makes_dir)
    return sbox_sync_fail (ctx->msg, ENOENT, "cannot mount on %s", o->dest);
  if (!g_str_equal (followed, o->dest))
    {
      *copy = *o;
      copy->dest = followed;
      *op = copy;
    }
  return 0;
}

/* Append to the mount options in data (the kernel takes one page). */
static int append_option (char *data, size_t size, const char *format, ...) G_GNUC_PRINTF (3, 4);

static int
append_option (char *data, size_t size, const char *format, ...)
{
  size_t len = strlen (data);
  va_list args;
  va_start (args, format);
  int n = vsnprintf (data + len, size - len, format, args);
  va_end (args);
  if (n < 0 || (size_t) n >= size - len)
    {
      errno = E2BIG;
      return -1;
    }
  return 0;
}

/* A layer named to overlayfs by its descriptor, a magic link it follows. */
#define LAYER_FD OLDROOT "/proc/self/fd/%d"

/* The layers as the caller named them, for messages: lower bottom first. */
static const char *
overlay_name (const SboxFsOp *op, char *buf)
{
  size_t len = 0;
  buf[0] = '\0';
  for (char **l = op->lower; l && *l && len < PATH_MAX; l++)
    len += (size_t) snprintf (buf + len, PATH_MAX - len, "%s%s", l == op->lower ? "" : ":", *l);
  if (len < PATH_MAX && op->source)
    snprintf (buf + len, PATH_MAX - len, " with upper %s and work %s", op->source,
              op->work ? op->work : "");
  return buf;
}

/* overlayfs in the sandbox's user namespace (userxattr: the kernel lets
 * no unprivileged mounter write trusted.* xattrs). Lower layers go top
 * first in lowerdir, the reverse of the plan's order. --tmp-overlay's
 * upper and work dirs are made in the staging tmpfs, which is detached
 * before the command starts: neither the host nor the sandbox can reach
 * them, and they vanish with the sandbox. */
static int
op_overlay (MountCtx *ctx, const SboxFsOp *op, guint index)
{
  char dest[PATH_MAX], name[PATH_MAX], data[4096] = "";
  const int *layers = ctx->layers[index];
  guint n_lower = op->lower ? g_strv_length (op->lower) : 0;
  say (ctx, "overlay", overlay_name (op, name), op->dest);
  if (resolve_dest (ctx, op->dest, FALSE, dest) != 0 || make_dir (dest, 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot create directory %s", op->dest);
  int ret = 0;
  for (guint i = n_lower; i > 0 && ret == 0; i--)
    ret = append_option (data, sizeof data, "%s" LAYER_FD, i == n_lower ? "lowerdir=" : ":",
                         layers[i - 1]);
  if (ret == 0 && op->source)
    ret = append_option (data, sizeof data, ",upperdir=" LAYER_FD ",workdir=" LAYER_FD,
                         layers[n_lower], layers[n_lower + 1]);
  else if (ret == 0 && !(op->flags & SBOX_FS_FLAG_READ_ONLY))
    {
      char upper[64], work[64];
      guint k = ctx->tmp_overlays++;
      snprintf (upper, sizeof upper, "/tmp-overlay-upper-%u", k);
      snprintf (work, sizeof work, "/tmp-overlay-work-%u", k);
      if (mkdir (upper, 0755) != 0 || mkdir (work, 0755) != 0)
        return sbox_sync_fail (ctx->msg, errno, "cannot make the upper dir of the overlay on %s",
                               op->dest);
      ret = append_option (data, sizeof data, ",upperdir=%s,workdir=%s", upper, work);
    }
  if (ret == 0)
    ret = append_option (data, sizeof data, ",userxattr");
  if (ret != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount overlay on %s: too many layers",
                           op->dest);
  if (mount ("overlay", dest, "overlay", MS_NOSUID | MS_NODEV, data) != 0)
    {
      /* The kernel's ELOOP ("Too many levels of symbolic links") means a
       * layer lies in another or is already some overlay's layer. */
      if (errno == ELOOP)
        return sbox_sync_fail (ctx->msg, 0,
                               "cannot mount overlay of %s on %s: its directories overlap", name,
                               op->dest);
      return sbox_sync_fail (ctx->msg, errno, "cannot mount overlay of %s on %s", name, op->dest);
    }
  return 0;
}

static int
apply_op (MountCtx *ctx, const SboxFsOp *op, guint index, const char *console)
{
  switch (op->kind)
    {
    case SBOX_FS_BIND:
    case SBOX_FS_RO_BIND:
    case SBOX_FS_DEV_BIND:
      return op_bind (ctx, op, index);
    case SBOX_FS_TMPFS:
      return op_tmpfs (ctx, op);
    case SBOX_FS_DIR:
      return op_dir (ctx, op);
    case SBOX_FS_SYMLINK:
      return op_symlink (ctx, op);
    case SBOX_FS_FILE:
      return op_file (ctx, op, index);
    case SBOX_FS_CHMOD:
      return op_chmod (ctx, op);
    case SBOX_FS_PROC:
      return op_proc (ctx, op);
    case SBOX_FS_DEV:
      return op_dev (ctx, op, console);
    case SBOX_FS_REMOUNT_RO:
      return op_remount_ro (ctx, op);
    case SBOX_FS_MASK:
      return op_mask (ctx, op);
    case SBOX_FS_PIN:
      return op_pin (ctx, op);
    case SBOX_FS_MQUEUE:
      return op_mqueue (ctx, op);
    case SBOX_FS_OVERLAY:
      return op_overlay (ctx, op, index);
    }
  return sbox_sync_fail (ctx->msg, EINVAL, "unknown filesystem operation on %s", op->dest);
}

static gboolean
is_bind (const SboxFsOp *op)
{
  return op->kind == SBOX_FS_BIND || op->kind == SBOX_FS_RO_BIND || op->kind == SBOX_FS_DEV_BIND;
}

/* One op's source, in the caller's view. What the user named on the
 * command line and the default view follow the host's links; grants
 * (every op with an origin) and sbox's storage are confined (paths.h), and
 * below the storage base no link is followed at all. The opened object is
 * what is judged (in the home, not sbox's state) and what is bound, so a
 * link swapped in after the plan was checked gains nothing. A missing
 * optional source is skipped; one that leads out is skipped with a
 * warning; a required one is an error. */
static int
open_source (MountCtx *ctx, const SboxFsOp *op, int *out)
{
  gboolean create = (op->flags & SBOX_FS_FLAG_CREATE) != 0;
  gboolean optional = (op->flags & SBOX_FS_FLAG_TRY) != 0;
  SboxPathsOpenFlags flags = SBOX_PATHS_FOLLOW;
  if (op->origin || op->beneath)
    flags |= SBOX_PATHS_CONFINED;
  if (create)
    flags |= SBOX_PATHS_CREATE;
  g_autoptr (GError) error = NULL;
  int fd = sbox_paths_open_grant (op->source, flags, ctx->sandbox->home,
                                  (const char *const *) ctx->sandbox->own_state, &error);
  if (fd >= 0 && op->beneath)
    {
      int base = fd;
      fd = sbox_paths_open_beneath (base, op->beneath, create);
      int errsv = errno;
      close (base);
      if (fd < 0)
        return sbox_sync_fail (ctx->msg, errsv,
                               "refusing %s/%s (each part must be a real directory, not a symlink)",
                               op->source, op->beneath);
    }
  if (fd >= 0)
    {
      *out = fd;
      return 0;
    }
  int errsv = errno;
  if (optional && errsv == ENOENT)
    return 0;
  const char *origin = op->origin ? op->origin : "";
  const char *sep = op->origin ? ": " : "";
  if (optional && errsv == EXDEV)
    {
      if (!ctx->quiet)
        dprintf (STDERR_FILENO, "sbox: %s%sskipping %s: %s\n", origin, sep, op->source,
                 error->message);
      return 0;
    }
  if (flags == SBOX_PATHS_FOLLOW)
    return sbox_sync_fail (ctx->msg, errsv, "cannot bind %s", op->source);
  return sbox_sync_fail (ctx->msg, 0, "%s%scannot bind %s: %s", origin, sep, op->source,
                         error->message);
}

/* An overlay's layers, in the caller's view as bind sources are: a
 * missing one fails naming its path. */
static int
open_layers (MountCtx *ctx, const SboxFsOp *op, guint index)
{
  guint n_lower = op->lower ? g_strv_length (op->lower) : 0;
  int *fds = g_new (int, n_lower + 2);
  for (guint k = 0; k < n_lower + 2; k++)
    fds[k] = -1;
  ctx->layers[index] = fds;
  for (guint k = 0; k < n_lower + 2; k++)
    {
      const char *path = k < n_lower ? op->lower[k] : k == n_lower ? op->source : op->work;
      if (path == NULL)
        continue;
      g_autoptr (GError) error = NULL;
      SboxPathsOpenFlags flags = op->origin ? SBOX_PATHS_CONFINED : SBOX_PATHS_FOLLOW;
      fds[k] = sbox_paths_open_grant (path, flags, ctx->sandbox->home,
                                      (const char *const *) ctx->sandbox->own_state, &error);
      if (fds[k] < 0)
        return sbox_sync_fail (ctx->msg, errno, "cannot open the overlay's %s dir %s",
                               k < n_lower    ? "lower"
                               : k == n_lower ? "upper"
                                              : "work",
                               path);
    }
  return 0;
}

static void
close_layers (MountCtx *ctx, guint index)
{
  int *fds = ctx->layers ? ctx->layers[index] : NULL;
  if (fds == NULL)
    return;
  const SboxFsOp *op = g_ptr_array_index (ctx->sandbox->fs_ops, index);
  guint n = (op->lower ? g_strv_length (op->lower) : 0) + 2;
  for (guint k = 0; k < n; k++)
    if (fds[k] >= 0)
      close (fds[k]);
  g_free (fds);
  ctx->layers[index] = NULL;
}

/* A helper's socket appears once the helper listens, while the sandbox
 * is being built: its directory is opened now, as any source is. */
static gboolean
is_helper_socket (const SboxFsOp *op)
{
  return (op->flags & SBOX_FS_FLAG_RUNTIME) && is_bind (op);
}

static gboolean
deferred (const MountCtx *ctx, const SboxFsOp *op)
{
  return ctx->helpers_fd >= 0 && is_helper_socket (op);
}

static int
open_helper_dir (MountCtx *ctx, const SboxFsOp *op, int *out)
{
  SboxFsOp dir = *op;
  g_autofree char *parent = g_path_get_dirname (op->source);
  dir.source = parent;
  return open_source (ctx, &dir, out);
}

/* Once, before the first helper's socket: wait for the launcher's word
 * that every helper serves. */
static int
wait_for_helpers (MountCtx *ctx)
{
  if (ctx->helpers_fd < 0)
    return 0;
  SboxSyncMsg go;
  int ret = sbox_sync_recv (ctx->helpers_fd, &go, NULL);
  /* Anything else is the launcher giving up: it reports why. */
  if (ret <= 0 || go.step != SBOX_STEP_HELPERS_READY)
    _exit (SBOX_EXIT_FAILURE);
  ctx->helpers_fd = -1;
  return 0;
}

/* The helper's socket in the directory opened before: the socket the
 * helper made, and no link or other file put there in its place. */
static int
open_helper_socket (MountCtx *ctx, const SboxFsOp *op, guint index)
{
  int dir = ctx->sources[index];
  if (dir < 0)
    return 0;
  g_autofree char *name = g_path_get_basename (op->source);
  int fd = openat (dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  int errsv = errno;
  struct stat st;
  close (dir);
  ctx->sources[index] = -1;
  if (fd < 0)
    return sbox_sync_fail (ctx->msg, errsv, "cannot bind %s", op->source);
  if (fstat (fd, &st) != 0 || !S_ISSOCK (st.st_mode))
    {
      close (fd);
      return sbox_sync_fail (ctx->msg, 0, "cannot bind %s: not a socket", op->source);
    }
  ctx->sources[index] = fd;
  return 0;
}

static int
open_sources (MountCtx *ctx, const char *console)
{
  const SboxSandbox *sandbox = ctx->sandbox;
  ctx->layers = g_new0 (int *, sandbox->fs_ops->len);
  ctx->sources = g_new (int, sandbox->fs_ops->len);
  for (guint i = 0; i < sandbox->fs_ops->len; i++)
    ctx->sources[i] = -1;
  for (guint i = 0; i < sandbox->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (sandbox->fs_ops, i);
      gboolean need_source = is_bind (op) && !(ctx->idmapped && ctx->idmapped[i] >= 0);
      if (need_source && deferred (ctx, op) && open_helper_dir (ctx, op, &ctx->sources[i]) != 0)
        return -1;
      if (need_source && !deferred (ctx, op) && open_source (ctx, op, &ctx->sources[i]) != 0)
        return -1;
      if (op->kind == SBOX_FS_OVERLAY && open_layers (ctx, op, i) != 0)
        return -1;
    }
  ctx->host_dev = open ("/dev", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (ctx->host_dev < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot open /dev");
  if (console && (ctx->console = open (console, O_PATH | O_CLOEXEC)) < 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot open %s", console);
  return 0;
}

/* The opened sources pin host mounts: none may outlive setup. */
static void
close_sources (MountCtx *ctx)
{
  for (guint i = 0; ctx->sources && i < ctx->sandbox->fs_ops->len; i++)
    if (ctx->sources[i] >= 0)
      close (ctx->sources[i]);
  g_clear_pointer (&ctx->sources, g_free);
  for (guint i = 0; ctx->layers && i < ctx->sandbox->fs_ops->len; i++)
    close_layers (ctx, i);
  g_clear_pointer (&ctx->layers, g_free);
  if (ctx->host_dev >= 0)
    close (ctx->host_dev);
  if (ctx->console >= 0)
    close (ctx->console);
  ctx->host_dev = ctx->console = -1;
}

/* Private base tmpfs as "/", host root at /oldroot, sandbox root at /newroot. */
static int
enter_staging_root (MountCtx *ctx)
{
  /* Slave: host unmounts still reach us, nothing we mount reaches the host. */
  if (mount (NULL, "/", NULL, MS_SLAVE | MS_REC, NULL) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot make / a slave mount");
  if (mount_tmpfs (BASE, 0755, MS_NOSUID | MS_NODEV) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount the staging tmpfs on " BASE);
  if (chdir (BASE) != 0 || mkdir ("newroot", 0755) != 0 || mkdir ("oldroot", 0755) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot prepare the staging tmpfs");
  if (mount_tmpfs ("newroot", 0755, MS_NOSUID | MS_NODEV) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot mount the root tmpfs");
  if (syscall (SYS_pivot_root, BASE, BASE OLDROOT) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot pivot_root into the staging tmpfs");
  if (chdir ("/") != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot chdir to /");
  return 0;
}

/* Detach the host, make /newroot the root, and drop the staging tmpfs. */
static int
leave_staging_root (MountCtx *ctx)
{
  if (umount2 (OLDROOT, MNT_DETACH) != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot detach the host's root");
  if (chdir (NEWROOT) != 0 || syscall (SYS_pivot_root, ".", ".") != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot pivot_root into the sandbox root");
  if (umount2 (".", MNT_DETACH) != 0 || chdir ("/") != 0)
    return sbox_sync_fail (ctx->msg, errno, "cannot detach the staging root");
  return 0;
}

static SboxTimingPhase
timing_phase (const SboxFsOp *op)
{
  switch (op->kind)
    {
    case SBOX_FS_BIND:
    case SBOX_FS_RO_BIND:
    case SBOX_FS_DEV_BIND:
      return SBOX_PHASE_MOUNT_BIND;
    case SBOX_FS_TMPFS:
      return SBOX_PHASE_MOUNT_TMPFS;
    case SBOX_FS_FILE:
      return SBOX_PHASE_MOUNT_FILE;
    case SBOX_FS_DIR:
    case SBOX_FS_SYMLINK:
      return SBOX_PHASE_MOUNT_DIR_LINK;
    case SBOX_FS_DEV:
      return SBOX_PHASE_MOUNT_DEV;
    case SBOX_FS_PROC:
      return SBOX_PHASE_MOUNT_PROC;
    default:
      return SBOX_PHASE_MOUNT_OTHER;
    }
}

gboolean
sbox_mount_waits_for_helpers (const SboxSandbox *sandbox)
{
  for (guint i = 0; i < sandbox->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (sandbox->fs_ops, i);
      if (is_helper_socket (op))
        return TRUE;
    }
  return FALSE;
}

int
sbox_mount_setup_root (const SboxSandbox *sandbox, gboolean verbose, gboolean quiet,
                       const char *console, const int *idmapped, int helpers_fd, SboxSyncMsg *msg)
{
  MountCtx ctx = { .sandbox = sandbox,
                   .helpers_fd = sbox_mount_waits_for_helpers (sandbox) ? helpers_fd : -1,
                   .verbose = verbose,
                   .quiet = quiet,
                   .msg = msg,
                   .idmapped = idmapped,
                   .newroot = -1,
                   .dest_parent = -1,
                   .cached_parent_fd = -1,
                   .host_dev = -1,
                   .console = -1 };
  if (sandbox->ids.drop_root)
    snprintf (tmpfs_owner, sizeof tmpfs_owner, ",uid=%u,gid=%u", (guint) sandbox->ids.uid,
              (guint) sandbox->ids.gid);
  if (open_sources (&ctx, console) != 0)
    return -1;
  sbox_timing_mark (SBOX_PHASE_OPEN_SOURCES);
  if (enter_staging_root (&ctx) != 0)
    return -1;
  ctx.newroot = open (NEWROOT, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (ctx.newroot < 0)
    return sbox_sync_fail (msg, errno, "cannot open the new root");
  sbox_timing_mark (SBOX_PHASE_STAGING);
  for (guint i = 0; i < sandbox->fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (sandbox->fs_ops, i);
      char followed[PATH_MAX];
      SboxFsOp at_target;
      if (sandbox->dest_links_followed)
        {
          int how = at_followed_dest (&ctx, &op, i, &at_target, followed);
          if (how < 0)
            return -1;
          if (how > 0)
            continue;
        }
      gboolean helper_socket = is_helper_socket (op);
      if (helper_socket && !(ctx.idmapped && ctx.idmapped[i] >= 0)
          && (wait_for_helpers (&ctx) != 0 || open_helper_socket (&ctx, op, i) != 0))
        return -1;
      int ret = apply_op (&ctx, op, i, console);
      sbox_timing_mark (helper_socket ? SBOX_PHASE_HELPER_SOCKETS : timing_phase (op));
      if (ctx.sources[i] >= 0)
        close (ctx.sources[i]);
      ctx.sources[i] = -1;
      close_layers (&ctx, i);
      ctx.dest_parent = -1;
      forget_parent_under (&ctx, op->dest);
      if (ret != 0)
        return -1;
    }
  /* The launcher's word comes all the same: take it off the channel. */
  if (wait_for_helpers (&ctx) != 0)
    return -1;
  if (ctx.cached_parent_fd >= 0)
    close (ctx.cached_parent_fd);
  close_sources (&ctx);
  close (ctx.newroot);
  struct mount_attr attr = { .attr_set = MOUNT_ATTR_RDONLY };
  if (!sandbox->root_writable)
    say (&ctx, "read-only", "/", NULL);
  if (!sandbox->root_writable && mount_setattr (AT_FDCWD, NEWROOT, 0, &attr, sizeof attr) != 0
      && (errno != ENOSYS
          || mount (NULL, NEWROOT, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV,
                    NULL)
                 != 0))
    return sbox_sync_fail (msg, errno, "cannot make the root read-only");
  if (leave_staging_root (&ctx) != 0)
    return -1;
  sbox_timing_mark (SBOX_PHASE_PIVOT);
  return 0;
}
