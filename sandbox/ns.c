/* ns.c — namespaces: which to create, the uid/gid maps, the hostname, and
 * joining the ones a caller hands over. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/nsfs.h>
#include <linux/sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "ns.h"
#include "sync.h"

static const struct
{
  SboxNamespaces ns;
  unsigned long flag;
} clone_flags[] = {
  { SBOX_NS_USER, CLONE_NEWUSER }, { SBOX_NS_MOUNT, CLONE_NEWNS },
  { SBOX_NS_PID, CLONE_NEWPID },   { SBOX_NS_IPC, CLONE_NEWIPC },
  { SBOX_NS_UTS, CLONE_NEWUTS },   { SBOX_NS_CGROUP, CLONE_NEWCGROUP },
  { SBOX_NS_NET, CLONE_NEWNET },
};

/* In the order setns needs them: the user namespace grants the rights to
 * join the others. */
static const struct
{
  const char *name;
  SboxNamespaces ns;
  int flag;
} held_kinds[SBOX_NS_KINDS] = {
  { "user", SBOX_NS_USER, CLONE_NEWUSER }, { "mnt", SBOX_NS_MOUNT, CLONE_NEWNS },
  { "pid", SBOX_NS_PID, CLONE_NEWPID },    { "ipc", SBOX_NS_IPC, CLONE_NEWIPC },
  { "uts", SBOX_NS_UTS, CLONE_NEWUTS },    { "cgroup", SBOX_NS_CGROUP, CLONE_NEWCGROUP },
  { "net", SBOX_NS_NET, CLONE_NEWNET },
};

unsigned long
sbox_ns_clone_flags (SboxNamespaces namespaces)
{
  unsigned long flags = 0;
  for (gsize i = 0; i < G_N_ELEMENTS (clone_flags); i++)
    if (namespaces & clone_flags[i].ns)
      flags |= clone_flags[i].flag;
  return flags;
}

pid_t
sbox_ns_clone (unsigned long flags, int *pidfd, gboolean *used_clone)
{
  if (pidfd)
    flags |= CLONE_PIDFD;
  if (used_clone)
    *used_clone = FALSE;
  struct clone_args args = {
    .flags = flags,
    .pidfd = (guint64) (guintptr) pidfd,
    /* With CLONE_PARENT the child signals the caller's parent as the
     * caller does, and clone3 takes no other. */
    .exit_signal = (flags & CLONE_PARENT) ? 0 : SIGCHLD,
  };
  pid_t pid = (pid_t) syscall (SYS_clone3, &args, sizeof args);
  if (pid >= 0 || errno != ENOSYS)
    return pid;
  /* Container runtimes' seccomp profiles (and sbox's own) answer ENOSYS
   * for clone3, whose flags a filter cannot read; clone carries the same
   * flags in a register. With CLONE_PIDFD the pidfd lands in parent_tid. */
  if (used_clone)
    *used_clone = TRUE;
#if defined(__s390__) || defined(__CRIS__)
  return (pid_t) syscall (SYS_clone, 0L, flags | SIGCHLD, pidfd, NULL, 0L);
#else
  return (pid_t) syscall (SYS_clone, flags | SIGCHLD, 0L, pidfd, NULL, 0L);
#endif
}

static gboolean
write_proc_file (pid_t child, const char *name, const char *content, GError **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/%s", (int) child, name);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return sbox_error_set_errno (error, errno, "cannot open %s", path);
  ssize_t len = (ssize_t) strlen (content);
  ssize_t n = write (fd, content, (size_t) len);
  int errsv = errno;
  close (fd);
  if (n != len)
    return sbox_error_set_errno (error, n < 0 ? errsv : EIO, "cannot write '%s' to %s",
                                 g_strchomp (g_strdup (content)), path);
  return TRUE;
}

gboolean
sbox_ns_write_maps (pid_t child, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
                    gid_t outside_gid, GError **error)
{
  g_autofree char *uid_map = g_strdup_printf ("%u %u 1\n", (guint) inside_uid, (guint) outside_uid);
  g_autofree char *gid_map = g_strdup_printf ("%u %u 1\n", (guint) inside_gid, (guint) outside_gid);
  /* An unprivileged gid_map needs setgroups denied first, and denying it also
   * keeps the sandbox from dropping supplementary groups used in deny ACLs. */
  return write_proc_file (child, "setgroups", "deny", error)
         && write_proc_file (child, "uid_map", uid_map, error)
         && write_proc_file (child, "gid_map", gid_map, error);
}

static int
write_own (const char *name, const char *content, SboxSyncMsg *msg)
{
  char path[32];
  snprintf (path, sizeof path, "/proc/self/%s", name);
  int fd = open (path, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return sbox_sync_fail (msg, errno, "cannot open %s", path);
  ssize_t len = (ssize_t) strlen (content);
  ssize_t n = write (fd, content, (size_t) len);
  int errsv = n < 0 ? errno : EIO;
  close (fd);
  if (n != len)
    return sbox_sync_fail (msg, errsv, "cannot write %s", path);
  return 0;
}

int
sbox_ns_write_own_maps (uid_t inside_uid, uid_t outside_uid, gid_t inside_gid, gid_t outside_gid,
                        SboxSyncMsg *msg)
{
  char uid_map[48], gid_map[48];
  snprintf (uid_map, sizeof uid_map, "%u %u 1\n", (unsigned) inside_uid, (unsigned) outside_uid);
  snprintf (gid_map, sizeof gid_map, "%u %u 1\n", (unsigned) inside_gid, (unsigned) outside_gid);
  if (write_own ("setgroups", "deny", msg) != 0 || write_own ("uid_map", uid_map, msg) != 0
      || write_own ("gid_map", gid_map, msg) != 0)
    return -1;
  return 0;
}

gboolean
sbox_ns_write_root_maps (pid_t child, uid_t inside_uid, uid_t run_uid, gid_t inside_gid,
                         gid_t run_gid, GError **error)
{
  /* Real root stays mapped (as an id no file inside is owned by) only so
   * that the child, still real root while it mounts, may create files. */
  guint spare_uid = inside_uid == 1 ? 2 : 1, spare_gid = inside_gid == 1 ? 2 : 1;
  g_autofree char *uid_map = g_strdup_printf ("%u %u 1\n%u 0 1\n", (guint) inside_uid,
                                              (guint) run_uid, spare_uid);
  g_autofree char *gid_map = g_strdup_printf ("%u %u 1\n%u 0 1\n", (guint) inside_gid,
                                              (guint) run_gid, spare_gid);
  return write_proc_file (child, "uid_map", uid_map, error)
         && write_proc_file (child, "gid_map", gid_map, error);
}

int
sbox_ns_set_hostname (const char *hostname)
{
  return sethostname (hostname, strlen (hostname));
}

int
sbox_ns_send_own (int sync_fd, SboxNamespaces namespaces)
{
  SboxSyncMsg msg = { .step = SBOX_STEP_NAMESPACES };
  int fds[SBOX_NS_KINDS];
  int count = 0;
  /* One walk of /proc/self, not one per kind: a fresh process's first
   * lookups there are slow. */
  int dir = open ("/proc/self/ns", O_PATH | O_DIRECTORY | O_CLOEXEC);
  for (int i = 0; dir >= 0 && i < SBOX_NS_KINDS; i++)
    {
      if (!(namespaces & held_kinds[i].ns))
        continue;
      int fd = openat (dir, held_kinds[i].name, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        continue;
      fds[count++] = fd;
      msg.kinds |= 1U << i;
    }
  if (dir >= 0)
    close (dir);
  int ret = sbox_sync_send_fds (sync_fd, &msg, fds, count);
  for (int i = 0; i < count; i++)
    close (fds[i]);
  return ret;
}

gboolean
sbox_ns_receive_held (int sync_fd, SboxNsHeld *held, GError **error)
{
  int fds[SBOX_NS_KINDS];
  SboxSyncMsg msg;
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    held->fds[i] = -1;
  int ret = sbox_sync_recv_fds (sync_fd, &msg, fds, SBOX_NS_KINDS);
  if (ret <= 0 || msg.step != SBOX_STEP_NAMESPACES)
    {
      for (int i = 0; i < SBOX_NS_KINDS; i++)
        if (fds[i] >= 0)
          close (fds[i]);
      return sbox_error_set_errno (error, ret < 0 ? errno : EPROTO,
                                   "the sandbox's first process did not report its namespaces");
    }
  int next = 0;
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    if (msg.kinds & (1U << i))
      held->fds[i] = fds[next++];
  return TRUE;
}

void
sbox_ns_release (SboxNsHeld *held)
{
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    if (held->fds[i] >= 0)
      close (held->fds[i]);
}

const char *
sbox_ns_kind_name (int i)
{
  return held_kinds[i].name;
}

GPtrArray *
sbox_ns_held_describe (const SboxNsHeld *held)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    if (held->fds[i] >= 0)
      g_ptr_array_add (out, g_strdup_printf ("%s=%d", held_kinds[i].name, held->fds[i]));
  return out;
}

/* A namespace this process is already in cannot be joined again (the user
 * namespace refuses it), and need not be. */
static gboolean
is_ours (const struct stat *st, const char *name)
{
  g_autofree char *ours = g_strdup_printf ("/proc/self/ns/%s", name);
  struct stat b;
  return stat (ours, &b) == 0 && st->st_ino == b.st_ino && st->st_dev == b.st_dev;
}

static gboolean
already_in (int fd, const char *name)
{
  struct stat st;
  return fstat (fd, &st) == 0 && is_ours (&st, name);
}

gboolean
sbox_ns_pid_shares (pid_t pid, const char *name)
{
  g_autofree char *theirs = g_strdup_printf ("/proc/%d/ns/%s", (int) pid, name);
  struct stat st;
  return stat (theirs, &st) == 0 && is_ours (&st, name);
}

int
sbox_ns_join_held (pid_t launcher, char **entries, const char **what)
{
  int fds[SBOX_NS_KINDS];
  int ret = 0;
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    fds[i] = -1;
  /* Open all before joining any: /proc changes with the mount namespace. */
  for (char **entry = entries; ret == 0 && entry && *entry; entry++)
    for (int i = 0; i < SBOX_NS_KINDS; i++)
      {
        gsize len = strlen (held_kinds[i].name);
        if (strncmp (*entry, held_kinds[i].name, len) != 0 || (*entry)[len] != '=')
          continue;
        g_autofree char *path = g_strdup_printf ("/proc/%d/fd/%s", (int) launcher,
                                                 *entry + len + 1);
        fds[i] = open (path, O_RDONLY | O_CLOEXEC);
        /* The fd must still be that kind of namespace, not whatever the
         * launcher has at that number now. */
        if (fds[i] < 0 || ioctl (fds[i], NS_GET_NSTYPE) != held_kinds[i].flag)
          {
            *what = "cannot open the namespaces the launcher holds";
            if (fds[i] >= 0)
              errno = ESTALE;
            ret = -1;
          }
      }
  for (int i = 0; ret == 0 && i < SBOX_NS_KINDS; i++)
    if (fds[i] >= 0 && !already_in (fds[i], held_kinds[i].name)
        && setns (fds[i], held_kinds[i].flag) != 0)
      {
        *what = held_kinds[i].name;
        ret = -1;
      }
  int errsv = errno;
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    if (fds[i] >= 0)
      close (fds[i]);
  errno = errsv;
  return ret;
}

gboolean
sbox_ns_join_given (int userns_fd, int pidns_fd, GError **error)
{
  /* bubblewrap's words, which callers may match. */
  if (userns_fd >= 0 && setns (userns_fd, CLONE_NEWUSER) != 0)
    {
      if (errno == EINVAL)
        {
          g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                               "Joining the specified user namespace failed, it might not be a "
                               "descendant of the current user namespace.");
          return FALSE;
        }
      return sbox_error_set_errno (error, errno, "Joining specified user namespace failed");
    }
  if (pidns_fd >= 0 && setns (pidns_fd, CLONE_NEWPID) != 0)
    return sbox_error_set_errno (error, errno, "Setting pidns failed");
  return TRUE;
}

int
sbox_ns_hop_into_new_pid (int sync_fd, SboxSyncMsg *msg)
{
  pid_t pid = sbox_ns_clone (CLONE_NEWPID | CLONE_PARENT, NULL, NULL);
  if (pid < 0)
    return sbox_sync_fail (msg, errno, "unshare pid ns");
  if (pid > 0)
    _exit (0);
  /* Its own pid, 1, names it in its own pid namespace. */
  int self = (int) syscall (SYS_pidfd_open, getpid (), 0);
  if (self < 0)
    return sbox_sync_fail (msg, errno, "cannot open a pidfd on the sandbox's first process");
  int ret = sbox_sync_send_fd (sync_fd, SBOX_STEP_FIRST_PROCESS, self);
  close (self);
  if (ret != 0)
    _exit (SBOX_EXIT_FAILURE);
  return 0;
}

/* The pid a pidfd names, in this process's pid namespace. */
static pid_t
pidfd_pid (int pidfd)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/fdinfo/%d", pidfd);
  g_autofree char *info = NULL;
  if (!g_file_get_contents (path, &info, NULL, NULL))
    return -1;
  const char *line = strstr (info, "\nPid:");
  return line ? (pid_t) strtol (line + strlen ("\nPid:"), NULL, 10) : -1;
}

gboolean
sbox_ns_receive_hop (int sync_fd, int *pidfd, pid_t *pid, GError **error)
{
  SboxSyncMsg msg;
  int passed = -1;
  int ret = sbox_sync_recv (sync_fd, &msg, &passed);
  if (ret == 1 && msg.step == SBOX_STEP_ERROR)
    {
      if (passed >= 0)
        close (passed);
      g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_SETUP, msg.text);
      return FALSE;
    }
  pid_t first = passed >= 0 ? pidfd_pid (passed) : -1;
  if (ret != 1 || msg.step != SBOX_STEP_FIRST_PROCESS || first <= 0)
    {
      if (passed >= 0)
        close (passed);
      return sbox_error_set_errno (error, ret < 0 ? errno : EPROTO,
                                   "the sandbox's first process did not start");
    }
  siginfo_t info;
  while (waitid (P_PIDFD, (id_t) *pidfd, &info, WEXITED) < 0 && errno == EINTR)
    ;
  close (*pidfd);
  *pidfd = passed;
  *pid = first;
  return TRUE;
}

int
sbox_ns_enter_userns2 (int fd, SboxSyncMsg *msg)
{
  if (fd >= 0 && setns (fd, CLONE_NEWUSER) != 0)
    return sbox_sync_fail (msg, errno, "Setting userns2 failed");
  return 0;
}
