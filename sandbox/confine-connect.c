/* confine-connect.c — the confinement mode's connect supervisor. Landlock
 * does not check connect(2) on a named unix socket, so a sandbox on the
 * host's file system could reach every socket its uid may write: the
 * session bus (and through systemd any command outside), docker.sock, an
 * ssh agent. The mode's extra filter sends connect and sendto with an
 * address here (seccomp user notification). The launcher reads the
 * address, opens a unix path itself as the caller would find it, checks
 * where that descriptor really lies (beneath a grant of the view, which
 * takes in the doors' sockets), and makes the call on a duplicate of the
 * caller's socket (pidfd_getfd: the same open file description) through
 * its own descriptor, so that neither a rewritten address nor a swapped
 * link can redirect it. A call never continues in the sandbox. Allowed
 * calls run in a short-lived worker thread that answers the notification
 * itself: a blocking connect must not stall the launcher's monitor. A
 * thread, not a forked process: on virtual machines where a TLB flush is
 * an interprocessor call, a fork of the launcher cost 3 ms per connect. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include "confine-connect.h"
#include "confine-object.h"
#include "error.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif
#ifndef STATX_MNT_ID
#define STATX_MNT_ID 0x1000U
#endif

#define DATA_MAX 65536 /* a datagram sent with an address, at most */
#define WORKERS_MAX 64 /* calls in flight at once; more get EAGAIN */
#define WORKER_STACK (64 * 1024)

/* The reply is not ours to send: the caller no longer waits, or a worker
 * answers. */
#define GONE 1
#define STARTED 2

struct SboxConfineConnect
{
  GPtrArray *granted; /* host paths as the kernel names them */
  gboolean network;
  gboolean abstract;
  GHashTable *displays; /* an X door's abstract name → the host socket's path */
};

/* Worker threads running, in the whole process: a thread may outlive
 * its supervisor (it holds what it needs itself). */
static gint running;

/* One call, ready for the worker. */
typedef struct
{
  gboolean is_sendto;
  int sock;  /* the caller's socket, duplicated here */
  int path;  /* the checked unix socket (O_PATH), or -1 */
  int pidfd; /* the calling thread */
  struct sockaddr_storage addr;
  socklen_t addrlen; /* 0: sendto with no address after all */
  guint8 *data;
  gsize size;
  int flags;
} Job;

static void
job_clear (Job *job)
{
  if (job->sock >= 0)
    close (job->sock);
  if (job->path >= 0)
    close (job->path);
  if (job->pidfd >= 0)
    close (job->pidfd);
  g_free (job->data);
}

int
sbox_confine_connect_add_rules (scmp_filter_ctx ctx)
{
  int ret = seccomp_rule_add (ctx, SCMP_ACT_NOTIFY, SCMP_SYS (connect), 0);
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_NOTIFY, SCMP_SYS (sendto), 1, SCMP_A4 (SCMP_CMP_NE, 0));
  if (ret == 0)
    ret = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (io_uring_setup), 0);
  return ret;
}

SboxConfineConnect *
sbox_confine_connect_new (const SboxLandlockGrant *grants, guint n, gboolean network,
                          gboolean abstract)
{
  SboxConfineConnect *connect = g_new0 (SboxConfineConnect, 1);
  connect->granted = g_ptr_array_new_with_free_func (g_free);
  connect->network = network;
  connect->abstract = abstract;
  connect->displays = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < n; i++)
    {
      if (grants[i].level != SBOX_LANDLOCK_READ && grants[i].level != SBOX_LANDLOCK_WRITE)
        continue;
      /* Opened as Landlock opens a rule's path: following links. */
      int fd = grants[i].fd >= 0 ? dup (grants[i].fd) : open (grants[i].path, O_PATH | O_CLOEXEC);
      char *real = fd >= 0 ? sbox_confine_object_real_path (fd) : NULL;
      if (real)
        g_ptr_array_add (connect->granted, real);
      if (fd >= 0)
        close (fd);
    }
  return connect;
}

void
sbox_confine_connect_free (SboxConfineConnect *connect)
{
  if (connect == NULL)
    return;
  g_ptr_array_unref (connect->granted);
  g_hash_table_unref (connect->displays);
  g_free (connect);
}

void
sbox_confine_connect_add_display (SboxConfineConnect *connect, const char *abstract_name,
                                  const char *socket_path)
{
  g_hash_table_replace (connect->displays, g_strdup (abstract_name), g_strdup (socket_path));
}

guint
sbox_confine_connect_running (void)
{
  return (guint) g_atomic_int_get (&running);
}

gboolean
sbox_confine_connect_wants (const struct seccomp_data *data)
{
  return data->nr == SCMP_SYS (connect) || data->nr == SCMP_SYS (sendto);
}

/* A named unix address: the socket opened O_PATH as the caller would
 * find it (from its cwd when relative), allowed beneath a grant only;
 * the address becomes that descriptor's /proc/self/fd path. 0 or
 * -errno. */
static int
decide_unix (const SboxConfineConnect *connect, pid_t tid, int cwd, Job *job)
{
  const gsize offset = offsetof (struct sockaddr_un, sun_path);
  if (job->addrlen <= offset || job->addrlen > sizeof (struct sockaddr_un))
    return -EINVAL;
  struct sockaddr_un *un = (struct sockaddr_un *) &job->addr;
  g_autofree char *name = NULL;
  if (un->sun_path[0] == '\0')
    {
      /* An X client tries the display's abstract name first and gives up
       * on EPERM: the X door's name leads to the server's socket by its
       * path, which the door grants. */
      g_autofree char *abstract = g_strndup (un->sun_path + 1, job->addrlen - offset - 1);
      const char *door = g_hash_table_lookup (connect->displays, abstract);
      if (door == NULL)
        /* Landlock's scope would refuse the host's names to the caller,
         * but not to the launcher: refused here the way it refuses them. */
        return connect->abstract ? 0 : -EPERM;
      name = g_strdup (door);
    }
  else
    name = g_strndup (un->sun_path, job->addrlen - offset);
  int object;
  if (name[0] == '/')
    {
      g_autofree char *absolute = sbox_confine_object_as_caller (tid, name);
      object = open (absolute, O_PATH | O_CLOEXEC);
    }
  else
    object = cwd >= 0 ? openat (cwd, name, O_PATH | O_CLOEXEC) : -1;
  if (object < 0)
    return cwd < 0 && name[0] != '/' ? -ENOENT : -errno;
  struct stat st;
  int ret = 0;
  if (!sbox_confine_object_beneath_any (object, connect->granted))
    ret = -EACCES;
  else if (fstat (object, &st) != 0 || !S_ISSOCK (st.st_mode))
    ret = -ECONNREFUSED; /* what the kernel says of a path that is no socket */
  else if (st.st_nlink != 1)
    /* A second name for a socket bound elsewhere (a hard link made in a
     * writable grant where Landlock is off): its path says nothing. */
    ret = -EACCES;
  if (ret != 0)
    {
      close (object);
      return ret;
    }
  job->path = object;
  memset (un->sun_path, 0, sizeof un->sun_path);
  int len = snprintf (un->sun_path, sizeof un->sun_path, "/proc/self/fd/%d", object);
  job->addrlen = (socklen_t) (offset + (gsize) len + 1);
  return 0;
}

static int
decide (const SboxConfineConnect *connect, pid_t tid, int cwd, Job *job)
{
  if (job->addrlen == 0)
    return 0; /* sendto with an empty address: none */
  if (job->addrlen < sizeof (sa_family_t))
    return -EINVAL;
  switch (job->addr.ss_family)
    {
    case AF_UNSPEC: /* connect's dissolve: reaches nothing */
      return 0;
    case AF_INET:
    case AF_INET6:
    case AF_NETLINK:
      return connect->network ? 0 : -EACCES;
    case AF_UNIX:
      return decide_unix (connect, tid, cwd, job);
    default:
      return -EAFNOSUPPORT;
    }
}

static int
open_caller (pid_t tid)
{
  int pidfd = (int) syscall (SYS_pidfd_open, tid, PIDFD_THREAD);
  if (pidfd < 0 && errno == EINVAL)
    /* A kernel without thread pidfds (before 6.9): the thread group's
     * leader, which shares the caller's descriptors unless it was made
     * without CLONE_FILES. */
    pidfd = (int) syscall (SYS_pidfd_open, sbox_confine_object_thread_group (tid), 0);
  return pidfd;
}

/* Read the call's arguments, duplicate its socket and decide: 0 (the job
 * is ready), -errno, or GONE. */
static int
prepare (const SboxConfineConnect *connect, int listener, const struct seccomp_notif *req, Job *job)
{
  const struct seccomp_data *data = &req->data;
  if (data->arch != seccomp_arch_native () || !sbox_confine_connect_wants (data))
    return -EPERM;
  job->is_sendto = data->nr == SCMP_SYS (sendto);
  int fd = (int) data->args[0];
  guint64 address = data->args[job->is_sendto ? 4 : 1];
  int addrlen = (int) data->args[job->is_sendto ? 5 : 2];
  pid_t tid = (pid_t) req->pid;
  char path[64];
  snprintf (path, sizeof path, "/proc/%d/mem", (int) tid);
  int mem = open (path, O_RDONLY | O_CLOEXEC);
  snprintf (path, sizeof path, "/proc/%d/cwd", (int) tid);
  int cwd = open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  job->pidfd = open_caller (tid);
  int ret = 0;
  /* What was opened is the caller's only while it still waits. */
  if (ioctl (listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &req->id) != 0)
    ret = GONE;
  else if (mem < 0 || job->pidfd < 0)
    ret = -EPERM; /* a caller made undumpable cannot be answered for */
  else if (addrlen < 0 || (gsize) addrlen > sizeof job->addr)
    ret = -EINVAL;
  else if (addrlen > 0
           && (address > G_MAXINT64
               || pread (mem, &job->addr, (size_t) addrlen, (off_t) address) != addrlen))
    ret = -EFAULT;
  job->addrlen = (socklen_t) MAX (addrlen, 0);
  if (ret == 0 && !job->is_sendto && addrlen < (int) sizeof (sa_family_t))
    ret = -EINVAL;
  if (ret == 0)
    {
      job->sock = (int) syscall (SYS_pidfd_getfd, job->pidfd, fd, 0);
      struct stat st;
      if (job->sock < 0)
        ret = errno == EBADF ? -EBADF : -EPERM;
      else if (fstat (job->sock, &st) != 0 || !S_ISSOCK (st.st_mode))
        ret = -ENOTSOCK;
    }
  if (ret == 0 && job->is_sendto)
    {
      guint64 buffer = data->args[1];
      guint64 size = data->args[2];
      int type = 0;
      socklen_t type_len = sizeof type;
      getsockopt (job->sock, SOL_SOCKET, SO_TYPE, &type, &type_len);
      /* A stream may take part of the data; a datagram is whole or not. */
      if (size > DATA_MAX && type == SOCK_STREAM)
        size = DATA_MAX;
      job->flags = (int) data->args[3];
      if (size > DATA_MAX)
        ret = -EMSGSIZE;
      else
        {
          job->size = (gsize) size;
          job->data = g_malloc (MAX (job->size, 1));
          if (job->size > 0
              && (buffer > G_MAXINT64
                  || pread (mem, job->data, job->size, (off_t) buffer) != (ssize_t) job->size))
            ret = -EFAULT;
        }
    }
  if (ret == 0)
    ret = decide (connect, tid, cwd, job);
  if (mem >= 0)
    close (mem);
  if (cwd >= 0)
    close (cwd);
  return ret;
}

static int
send_reply (int listener, guint64 id, gint64 val, int err)
{
  struct seccomp_notif_resp resp = { .id = id, .val = val, .error = err };
  if (ioctl (listener, SECCOMP_IOCTL_NOTIF_SEND, &resp) == 0 || errno == ENOENT)
    return 0; /* ENOENT: the caller no longer waits */
  return -errno;
}

/* One allowed call, owned by its worker thread. */
typedef struct
{
  int listener; /* a duplicate: the launcher may close its own */
  guint64 id;
  Job job;
} Task;

static void *
run_worker (void *data)
{
  Task *task = data;
  const Job *job = &task->job;
  /* The call is made with the caller's means: none of the launcher's
   * capabilities (root of a user namespace of its own, say); capset
   * changes this thread's only. */
  struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
  struct __user_cap_data_struct none[2] = { { 0 } };
  int ret = -EPERM;
  const struct sockaddr *addr = job->addrlen ? (const struct sockaddr *) &job->addr : NULL;
  if (syscall (SYS_capset, &header, none) != 0)
    ret = -EPERM;
  else if (!job->is_sendto)
    ret = connect (job->sock, addr, job->addrlen) == 0 ? 0 : -errno;
  else
    {
      ssize_t n = sendto (job->sock, job->data, job->size, job->flags | MSG_NOSIGNAL, addr,
                          job->addrlen);
      ret = n >= 0 ? (int) n : -errno;
    }
  send_reply (task->listener, task->id, ret >= 0 ? ret : 0, ret < 0 ? ret : 0);
  /* The kernel would have signalled the caller, not this thread. */
  if (ret == -EPIPE && job->is_sendto && !(job->flags & MSG_NOSIGNAL))
    syscall (SYS_pidfd_send_signal, job->pidfd, SIGPIPE, NULL, 0);
  close (task->listener);
  job_clear (&task->job);
  g_free (task);
  g_atomic_int_add (&running, -1);
  return NULL;
}

/* STARTED (the job is the worker's now), or -errno when no worker could
 * be started. */
static int
start_worker (int listener, guint64 id, Job *job)
{
  if (g_atomic_int_add (&running, 1) >= WORKERS_MAX)
    {
      g_atomic_int_add (&running, -1);
      return -EAGAIN;
    }
  Task *task = g_new0 (Task, 1);
  task->listener = fcntl (listener, F_DUPFD_CLOEXEC, 0);
  task->id = id;
  task->job = *job;
  pthread_attr_t attr;
  pthread_t thread;
  sigset_t all, old;
  int ret = EAGAIN;
  /* Signals stay with the monitor's signalfd: none for the thread. */
  sigfillset (&all);
  if (task->listener >= 0 && pthread_attr_init (&attr) == 0)
    {
      pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
      pthread_attr_setstacksize (&attr, WORKER_STACK);
      pthread_sigmask (SIG_SETMASK, &all, &old);
      ret = pthread_create (&thread, &attr, run_worker, task);
      pthread_sigmask (SIG_SETMASK, &old, NULL);
      pthread_attr_destroy (&attr);
    }
  if (ret != 0)
    {
      if (task->listener >= 0)
        close (task->listener);
      g_free (task);
      g_atomic_int_add (&running, -1);
      return -ret;
    }
  /* Handed over. */
  *job = (Job){ .sock = -1, .path = -1, .pidfd = -1 };
  return STARTED;
}

gboolean
sbox_confine_connect_handle (SboxConfineConnect *connect, int listener,
                             const struct seccomp_notif *req, GError **error)
{
  Job job = { .sock = -1, .path = -1, .pidfd = -1 };
  int ret = prepare (connect, listener, req, &job);
  if (ret == 0)
    ret = start_worker (listener, req->id, &job);
  job_clear (&job);
  if (ret == GONE || ret == STARTED)
    return TRUE;
  ret = send_reply (listener, req->id, 0, ret);
  if (ret != 0)
    return sbox_error_set_errno (error, -ret, "cannot answer a confined connect");
  return TRUE;
}
