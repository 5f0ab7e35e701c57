/* confine-notify.c — the confinement mode's metadata guard. Landlock has no
 * right for chmod, chown, utimes or xattr changes and does not check O_PATH
 * opens: without the guard the command could change the mode, group, times
 * and xattrs of any file its uid owns, in the view or not. The mode's extra
 * filter sends those calls here (seccomp user notification). The launcher,
 * outside the sandbox, with the same uid and its capabilities out of
 * effect, opens the object the call names itself (O_PATH), checks where
 * that descriptor really lies and makes the call on it: beneath a
 * writable grant only, EPERM anywhere else. A call never continues in the
 * sandbox: its arguments could change between the check and the kernel's
 * own reading. Single-threaded, in the launcher's monitor loop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "confine-connect.h"
#include "confine-notify.h"
#include "confine-object.h"
#include "error.h"

#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U
#endif

#define VALUE_MAX 65536    /* XATTR_SIZE_MAX: the kernel's own cap */
#define NAME_SIZE 256      /* XATTR_NAME_MAX + 1 */
#define XATTR_ARGS_SIZE 16 /* struct xattr_args, setxattrat's first version */

/* What the call changes, once its object is found. */
typedef enum
{
  OP_CHMOD,
  OP_CHOWN,
  OP_UTIME,         /* struct utimbuf */
  OP_UTIMES,        /* struct timeval[2] */
  OP_UTIMENS,       /* struct timespec[2] */
  OP_SETXATTR,      /* name, value, size, flags */
  OP_SETXATTR_ARGS, /* name, struct xattr_args, its size */
  OP_REMOVEXATTR,   /* name */
} Op;

/* Where a call's arguments are (-1: it has none of that kind). */
typedef struct
{
  const char *name;
  int unnamed_nr; /* its number where this libseccomp cannot name it */
  Op op;
  gint8 fd;    /* the descriptor (no path), or the directory (with one) */
  gint8 path;  /* no path: the call acts on the descriptor */
  gint8 flags; /* AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH */
  gint8 first; /* the operation's first argument */
  gboolean nofollow;
} Call;

/* Numbers from 424 on are the same on every ABI sbox filters. */
static const Call calls[] = {
  { "chmod", -1, OP_CHMOD, -1, 0, -1, 1, FALSE },
  { "fchmod", -1, OP_CHMOD, 0, -1, -1, 1, FALSE },
  { "fchmodat", -1, OP_CHMOD, 0, 1, -1, 2, FALSE },
  { "fchmodat2", 452, OP_CHMOD, 0, 1, 3, 2, FALSE },
  { "chown", -1, OP_CHOWN, -1, 0, -1, 1, FALSE },
  { "lchown", -1, OP_CHOWN, -1, 0, -1, 1, TRUE },
  { "fchown", -1, OP_CHOWN, 0, -1, -1, 1, FALSE },
  { "fchownat", -1, OP_CHOWN, 0, 1, 4, 2, FALSE },
  { "utime", -1, OP_UTIME, -1, 0, -1, 1, FALSE },
  { "utimes", -1, OP_UTIMES, -1, 0, -1, 1, FALSE },
  { "futimesat", -1, OP_UTIMES, 0, 1, -1, 2, FALSE },
  { "utimensat", -1, OP_UTIMENS, 0, 1, 3, 2, FALSE },
  { "setxattr", -1, OP_SETXATTR, -1, 0, -1, 1, FALSE },
  { "lsetxattr", -1, OP_SETXATTR, -1, 0, -1, 1, TRUE },
  { "fsetxattr", -1, OP_SETXATTR, 0, -1, -1, 1, FALSE },
  { "removexattr", -1, OP_REMOVEXATTR, -1, 0, -1, 1, FALSE },
  { "lremovexattr", -1, OP_REMOVEXATTR, -1, 0, -1, 1, TRUE },
  { "fremovexattr", -1, OP_REMOVEXATTR, 0, -1, -1, 1, FALSE },
  { "setxattrat", 463, OP_SETXATTR_ARGS, 0, 1, 2, 3, FALSE },
  { "removexattrat", 466, OP_REMOVEXATTR, 0, 1, 2, 3, FALSE },
};

/* One call's arguments, copied out of the caller's memory. */
typedef struct
{
  gboolean has_path; /* FALSE: the call acts on its descriptor */
  char path[PATH_MAX];
  unsigned int flags;
  gboolean now; /* no times given: the current time */
  struct timespec times[2];
  char name[NAME_SIZE];
  guint8 value[VALUE_MAX];
  gsize size;
  int xattr_flags;
} Args;

struct SboxConfineNotify
{
  GPtrArray *writable; /* host paths, as the kernel names them */
  int nrs[G_N_ELEMENTS (calls)];
  int listener;
  gsize req_size, resp_size;
  struct seccomp_notif *req;
  struct seccomp_notif_resp *resp;
  /* The launcher's capabilities (root of a user namespace of its own, say),
   * out of effect while it answers: the command has none. */
  gboolean caps_known, caps_held;
  struct __user_cap_data_struct caps[2];
  Args args;
  SboxConfineConnect *connect; /* borrowed: connect and sendto go there */
};

/* answer's result when the caller no longer waits: no reply. */
#define GONE 1

static int
call_nr (const Call *c)
{
  int nr = seccomp_syscall_resolve_name (c->name);
  return nr == __NR_SCMP_ERROR ? c->unnamed_nr : nr;
}

gboolean
sbox_confine_notify_check (GError **error)
{
  guint32 action = SECCOMP_RET_USER_NOTIF;
  if (syscall (SYS_seccomp, SECCOMP_GET_ACTION_AVAIL, 0, &action) != 0)
    return sbox_error_set_errno (error, errno,
                                 "the confinement mode needs seccomp user notification to guard "
                                 "chmod, chown, utimes and xattr calls (Landlock does not)");
  return TRUE;
}

int
sbox_confine_notify_add_rules (scmp_filter_ctx ctx, GArray *prefix)
{
  int ret = 0;
  guint8 unnamed = 0;
  for (gsize i = 0; ret == 0 && i < G_N_ELEMENTS (calls); i++)
    {
      int nr = seccomp_syscall_resolve_name (calls[i].name);
      if (nr != __NR_SCMP_ERROR)
        ret = seccomp_rule_add (ctx, SCMP_ACT_NOTIFY, nr, 0);
      else if (calls[i].unnamed_nr >= 0)
        unnamed++;
    }
  if (ret != 0 || unnamed == 0)
    return ret;
  /* Newer than this libseccomp: matched by number ahead of its program,
   * for the native ABI only (the program kills the others). */
  const struct sock_filter head[] = {
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, arch)),
    BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K, seccomp_arch_native (), 0, (guint8) (1 + 2 * unnamed)),
    BPF_STMT (BPF_LD | BPF_W | BPF_ABS, offsetof (struct seccomp_data, nr)),
  };
  g_array_append_vals (prefix, head, G_N_ELEMENTS (head));
  const struct sock_filter notify = BPF_STMT (BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF);
  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    if (seccomp_syscall_resolve_name (calls[i].name) == __NR_SCMP_ERROR && calls[i].unnamed_nr >= 0)
      {
        const struct sock_filter match = BPF_JUMP (BPF_JMP | BPF_JEQ | BPF_K,
                                                   (guint32) calls[i].unnamed_nr, 0, 1);
        g_array_append_val (prefix, match);
        g_array_append_val (prefix, notify);
      }
  return 0;
}

SboxConfineNotify *
sbox_confine_notify_new (const SboxLandlockGrant *grants, guint n)
{
  SboxConfineNotify *notify = g_new0 (SboxConfineNotify, 1);
  notify->listener = -1;
  notify->writable = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      if (grants[i].level != SBOX_LANDLOCK_WRITE)
        continue;
      /* Opened as Landlock opens a rule's path: following links. */
      int fd = open (grants[i].path, O_PATH | O_CLOEXEC);
      char *real = fd >= 0 ? sbox_confine_object_real_path (fd) : NULL;
      if (real)
        g_ptr_array_add (notify->writable, real);
      if (fd >= 0)
        close (fd);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (calls); i++)
    notify->nrs[i] = call_nr (&calls[i]);
  struct seccomp_notif_sizes sizes = { 0 };
  syscall (SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes);
  notify->req_size = MAX (sizes.seccomp_notif, sizeof (struct seccomp_notif));
  notify->resp_size = MAX (sizes.seccomp_notif_resp, sizeof (struct seccomp_notif_resp));
  notify->req = g_malloc0 (notify->req_size);
  notify->resp = g_malloc0 (notify->resp_size);
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
  notify->caps_known = syscall (SYS_capget, &header, notify->caps) == 0;
  notify->caps_held = notify->caps_known
                      && (notify->caps[0].effective || notify->caps[1].effective);
  return notify;
}

void
sbox_confine_notify_free (SboxConfineNotify *notify)
{
  if (notify == NULL)
    return;
  if (notify->listener >= 0)
    close (notify->listener);
  g_ptr_array_unref (notify->writable);
  g_free (notify->req);
  g_free (notify->resp);
  g_free (notify);
}

void
sbox_confine_notify_set_listener (SboxConfineNotify *notify, int fd)
{
  if (notify->listener >= 0)
    close (notify->listener);
  notify->listener = fd;
}

void
sbox_confine_notify_set_connect (SboxConfineNotify *notify, SboxConfineConnect *connect)
{
  notify->connect = connect;
}

int
sbox_confine_notify_listener (SboxConfineNotify *notify)
{
  return notify->listener;
}

/* Read a NUL-terminated string of at most size bytes: 0 or -errno. */
static int
read_string (int mem, guint64 address, char *buf, gsize size, int too_long)
{
  ssize_t n = address > G_MAXINT64 ? -1 : pread (mem, buf, size, (off_t) address);
  if (n <= 0)
    return -EFAULT;
  if (memchr (buf, '\0', (size_t) n))
    return 0;
  return (gsize) n == size ? -too_long : -EFAULT;
}

static int
read_exact (int mem, guint64 address, void *buf, gsize size)
{
  if (size == 0)
    return 0;
  if (address > G_MAXINT64 || pread (mem, buf, size, (off_t) address) != (ssize_t) size)
    return -EFAULT;
  return 0;
}

static int
read_times (int mem, Op op, guint64 address, Args *a)
{
  a->now = address == 0;
  if (a->now)
    return 0;
  if (op == OP_UTIMENS)
    return read_exact (mem, address, a->times, sizeof a->times);
  if (op == OP_UTIME)
    {
      struct utimbuf times;
      if (read_exact (mem, address, &times, sizeof times) != 0)
        return -EFAULT;
      a->times[0] = (struct timespec){ .tv_sec = times.actime };
      a->times[1] = (struct timespec){ .tv_sec = times.modtime };
      return 0;
    }
  struct timeval tv[2];
  if (read_exact (mem, address, tv, sizeof tv) != 0)
    return -EFAULT;
  for (int i = 0; i < 2; i++)
    {
      if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
        return -EINVAL;
      a->times[i] = (struct timespec){ .tv_sec = tv[i].tv_sec, .tv_nsec = tv[i].tv_usec * 1000 };
    }
  return 0;
}

static int
read_xattr (int mem, const Call *c, const guint64 *args, Args *a)
{
  int ret = read_string (mem, args[c->first], a->name, sizeof a->name, ERANGE);
  if (ret != 0 || a->name[0] == '\0')
    return ret != 0 ? ret : -ERANGE;
  if (c->op == OP_REMOVEXATTR)
    return 0;
  guint64 value = args[c->first + 1];
  guint64 size = 0;
  if (c->op == OP_SETXATTR)
    {
      size = args[c->first + 2];
      a->xattr_flags = (int) args[c->first + 3];
    }
  else
    {
      /* struct xattr_args: value, size, flags; a longer one is zeros. */
      guint64 usize = args[c->first + 2];
      guint8 raw[256] = { 0 };
      if (usize < XATTR_ARGS_SIZE)
        return -EINVAL;
      if (usize > sizeof raw)
        return -E2BIG;
      if (read_exact (mem, args[c->first + 1], raw, usize) != 0)
        return -EFAULT;
      for (gsize i = XATTR_ARGS_SIZE; i < usize; i++)
        if (raw[i] != 0)
          return -E2BIG;
      guint32 size32, flags32;
      memcpy (&value, raw, sizeof value);
      memcpy (&size32, raw + 8, sizeof size32);
      memcpy (&flags32, raw + 12, sizeof flags32);
      size = size32;
      a->xattr_flags = (int) flags32;
    }
  if (size > VALUE_MAX)
    return -E2BIG;
  a->size = (gsize) size;
  return read_exact (mem, value, a->value, a->size);
}

/* Copy what the call names out of the caller's memory: 0 or -errno. */
static int
read_args (int mem, const Call *c, const guint64 *args, Args *a)
{
  a->flags = c->flags >= 0 ? (unsigned int) args[c->flags] : 0;
  if (a->flags & ~(unsigned int) (AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
    return -EINVAL;
  a->has_path = c->path >= 0;
  if (a->has_path && args[c->path] == 0 && (c->op == OP_UTIMES || c->op == OP_UTIMENS))
    {
      /* futimesat and utimensat with no path: their descriptor. */
      if ((int) args[c->fd] == AT_FDCWD)
        return -EFAULT;
      if (a->flags != 0)
        return -EINVAL;
      a->has_path = FALSE;
    }
  int ret = a->has_path ? read_string (mem, args[c->path], a->path, sizeof a->path, ENAMETOOLONG)
                        : 0;
  if (ret != 0)
    return ret;
  switch (c->op)
    {
    case OP_CHMOD:
    case OP_CHOWN:
      return 0;
    case OP_UTIME:
    case OP_UTIMES:
    case OP_UTIMENS:
      return read_times (mem, c->op, args[c->first], a);
    case OP_SETXATTR:
    case OP_SETXATTR_ARGS:
    case OP_REMOVEXATTR:
      return read_xattr (mem, c, args, a);
    }
  return -EINVAL;
}

static gboolean
is_o_path (pid_t tid, int fd)
{
  g_autofree char *info_path = g_strdup_printf ("/proc/%d/fdinfo/%d", (int) tid, fd);
  g_autofree char *info = NULL;
  if (!g_file_get_contents (info_path, &info, NULL, NULL))
    return FALSE;
  const char *flags = strstr (info, "flags:");
  return flags && (g_ascii_strtoull (flags + 6, NULL, 8) & O_PATH) != 0;
}

/* The object the call names, opened O_PATH here as the kernel would have
 * found it for the caller (its cwd, its directory descriptor, or with no
 * path its descriptor itself): a descriptor or -errno. */
static int
open_object (pid_t tid, int fd, const Args *a, gboolean nofollow)
{
  char proc[64];
  if (!a->has_path)
    {
      /* The kernel refuses an O_PATH descriptor to these. */
      if (is_o_path (tid, fd))
        return -EBADF;
      snprintf (proc, sizeof proc, "/proc/%d/fd/%d", (int) tid, fd);
      int object = open (proc, O_PATH | O_CLOEXEC);
      return object >= 0 ? object : -EBADF;
    }
  if (a->path[0] == '\0' && !(a->flags & AT_EMPTY_PATH))
    return -ENOENT;
  g_autofree char *absolute = NULL;
  int base = AT_FDCWD;
  if (a->path[0] == '/')
    absolute = sbox_confine_object_as_caller (tid, a->path);
  else
    {
      if (fd == AT_FDCWD)
        snprintf (proc, sizeof proc, "/proc/%d/cwd", (int) tid);
      else
        snprintf (proc, sizeof proc, "/proc/%d/fd/%d", (int) tid, fd);
      base = open (proc, O_PATH | O_CLOEXEC);
      if (base < 0)
        return fd == AT_FDCWD ? -ENOENT : -EBADF;
      if (a->path[0] == '\0')
        return base;
    }
  int object = openat (base, absolute ? absolute : a->path,
                       O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0));
  int errsv = errno;
  if (base >= 0)
    close (base);
  return object >= 0 ? object : -errsv;
}

/* The call itself, made on the checked descriptor: 0 or -errno. */
static int
apply (const Call *c, int fd, const guint64 *args, const Args *a)
{
  /* A path through the descriptor reaches its object, link or not. */
  char self[64];
  snprintf (self, sizeof self, "/proc/self/fd/%d", fd);
  struct stat st;
  int ret = -1;
  switch (c->op)
    {
    case OP_CHMOD:
      /* A link's mode cannot change. */
      if (fstatat (fd, "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
        return -EOPNOTSUPP;
      ret = chmod (self, (mode_t) args[c->first]);
      break;
    case OP_CHOWN:
      ret = fchownat (fd, "", (uid_t) args[c->first], (gid_t) args[c->first + 1], AT_EMPTY_PATH);
      break;
    case OP_UTIME:
    case OP_UTIMES:
    case OP_UTIMENS:
      ret = utimensat (fd, "", a->now ? NULL : a->times, AT_EMPTY_PATH);
      break;
    case OP_SETXATTR:
    case OP_SETXATTR_ARGS:
      ret = setxattr (self, a->name, a->value, a->size, a->xattr_flags);
      break;
    case OP_REMOVEXATTR:
      ret = removexattr (self, a->name);
      break;
    }
  return ret == 0 ? 0 : -errno;
}

/* The reply to one call: 0, -errno, or GONE. */
static int
answer (SboxConfineNotify *notify, const Call *c)
{
  guint64 args[G_N_ELEMENTS (notify->req->data.args)];
  for (gsize i = 0; i < G_N_ELEMENTS (args); i++)
    args[i] = notify->req->data.args[i];
  pid_t tid = (pid_t) notify->req->pid;
  char mem_path[64];
  snprintf (mem_path, sizeof mem_path, "/proc/%d/mem", (int) tid);
  int mem = open (mem_path, O_RDONLY | O_CLOEXEC);
  if (mem < 0)
    return -EPERM; /* a caller made undumpable cannot be answered for */
  Args *a = &notify->args;
  int ret = read_args (mem, c, args, a);
  close (mem);
  int fd = c->fd >= 0 ? (int) args[c->fd] : AT_FDCWD;
  int object = ret < 0
                   ? ret
                   : open_object (tid, fd, a, c->nofollow || (a->flags & AT_SYMLINK_NOFOLLOW) != 0);
  /* What was read and opened is the caller's only while it still waits. */
  if (ioctl (notify->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &notify->req->id) != 0)
    {
      if (object >= 0)
        close (object);
      return GONE;
    }
  if (object < 0)
    return object;
  ret = sbox_confine_object_beneath_any (object, notify->writable) ? apply (c, object, args, a)
                                                                   : -EPERM;
  close (object);
  return ret;
}

gboolean
sbox_confine_notify_handle (SboxConfineNotify *notify)
{
  memset (notify->req, 0, notify->req_size); /* the kernel wants it zeroed */
  if (ioctl (notify->listener, SECCOMP_IOCTL_NOTIF_RECV, notify->req) != 0)
    return errno == EINTR || errno == ENOENT; /* ENOENT: the caller died meanwhile */
  const struct seccomp_data *data = &notify->req->data;
  const Call *c = NULL;
  for (gsize i = 0; c == NULL && i < G_N_ELEMENTS (calls); i++)
    if (notify->nrs[i] == data->nr)
      c = &calls[i];
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
  struct __user_cap_data_struct none[2] = { notify->caps[0], notify->caps[1] };
  none[0].effective = none[1].effective = 0;
  gboolean bare = notify->caps_known
                  && (!notify->caps_held || syscall (SYS_capset, &header, none) == 0);
  int ret = -EPERM;
  if (bare && notify->connect && sbox_confine_connect_wants (data))
    {
      /* Answered there (or by its worker thread, without capabilities). */
      g_autoptr (GError) error = NULL;
      if (!sbox_confine_connect_handle (notify->connect, notify->listener, notify->req, &error))
        g_debug ("%s", error->message);
      ret = GONE;
    }
  else if (bare && c && data->arch == seccomp_arch_native ())
    ret = answer (notify, c);
  if (notify->caps_held)
    syscall (SYS_capset, &header, notify->caps);
  if (ret == GONE)
    return TRUE;
  memset (notify->resp, 0, notify->resp_size);
  notify->resp->id = notify->req->id;
  notify->resp->error = ret;
  ioctl (notify->listener, SECCOMP_IOCTL_NOTIF_SEND, notify->resp);
  return TRUE;
}
