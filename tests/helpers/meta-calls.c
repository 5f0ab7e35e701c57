/* meta-calls.c — try each metadata change a program can ask for on one
 * path, the way an attacker or a build would, and print what the kernel
 * (or sbox's confinement-mode guard) answered:
 *
 *   meta-calls PATH [OP...]      (no OP: every one, in the order below)
 *
 * One line per OP: "OP OK" or "OP FAIL ENAME". The *-opath ops open PATH
 * with O_PATH (which Landlock does not check) and go through the
 * descriptor or /proc/self/fd/N; the *-fd0 ops act on standard input, an
 * inherited descriptor; the *-dirfd ops name PATH's last component
 * relative to its directory opened O_PATH. fchmodat2, setxattrat and
 * removexattrat are raw calls (newer than some libcs). The remove ops
 * take user.keep1 … user.keep5 away; the set ops set user.sbox. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#define NR_FCHMODAT2 452
#define NR_SETXATTRAT 463
#define NR_REMOVEXATTRAT 466
#define WHEN 946684800 /* 2000-01-01 */

struct xattr_args_v0
{
  uint64_t value;
  uint32_t size;
  uint32_t flags;
};

static const char *path;

static int
opath (void)
{
  return open (path, O_PATH | O_CLOEXEC);
}

static const char *
via_fd (int fd)
{
  static char proc[64];
  snprintf (proc, sizeof proc, "/proc/self/fd/%d", fd);
  return proc;
}

static int
dirfd_of (char **base)
{
  static char copy[4096], copy2[4096];
  snprintf (copy, sizeof copy, "%s", path);
  snprintf (copy2, sizeof copy2, "%s", path);
  *base = basename (copy);
  return open (dirname (copy2), O_PATH | O_DIRECTORY | O_CLOEXEC);
}

static long
attempt (const char *op)
{
  const struct timespec ts[2] = { { WHEN, 0 }, { WHEN, 0 } };
  const struct timeval tv[2] = { { WHEN, 0 }, { WHEN, 0 } };
  const struct utimbuf ub = { WHEN, WHEN };
  const struct xattr_args_v0 xa = { (uint64_t) (uintptr_t) "1", 1, 0 };
  gid_t gid = getgid ();
  char *base = NULL;
  struct stat st;
  if (!strcmp (op, "chmod"))
    return chmod (path, 0640);
  if (!strcmp (op, "chmod-orx"))
    return stat (path, &st) ? -1 : chmod (path, (st.st_mode & 07777) | 0005);
  if (!strcmp (op, "chmod-0"))
    return chmod (path, 0);
  if (!strcmp (op, "fchmodat"))
    return fchmodat (AT_FDCWD, path, 0640, 0);
  if (!strcmp (op, "fchmodat-dirfd"))
    {
      int dir = dirfd_of (&base);
      return fchmodat (dir, base, 0640, 0);
    }
  if (!strcmp (op, "fchmodat2"))
    return syscall (NR_FCHMODAT2, AT_FDCWD, path, 0640, 0);
  if (!strcmp (op, "chmod-opath"))
    return chmod (via_fd (opath ()), 0640);
  if (!strcmp (op, "fchmod-opath"))
    return fchmod (opath (), 0640);
  if (!strcmp (op, "fchmod-fd0"))
    return fchmod (0, 0640);
  if (!strcmp (op, "chown"))
    return chown (path, (uid_t) -1, gid);
  if (!strcmp (op, "lchown"))
    return lchown (path, (uid_t) -1, gid);
  if (!strcmp (op, "fchownat-opath"))
    return fchownat (opath (), "", (uid_t) -1, gid, AT_EMPTY_PATH);
  if (!strcmp (op, "chown-opath"))
    return chown (via_fd (opath ()), (uid_t) -1, gid);
  if (!strcmp (op, "fchown-fd0"))
    return fchown (0, (uid_t) -1, gid);
  if (!strcmp (op, "utime"))
    return utime (path, &ub);
  if (!strcmp (op, "utimes"))
    return utimes (path, tv);
  if (!strcmp (op, "futimesat"))
    return syscall (SYS_futimesat, AT_FDCWD, path, tv);
  if (!strcmp (op, "utimensat"))
    return utimensat (AT_FDCWD, path, ts, 0);
  if (!strcmp (op, "utimensat-now"))
    return utimensat (AT_FDCWD, path, NULL, 0);
  if (!strcmp (op, "utimensat-opath"))
    return utimensat (opath (), "", ts, AT_EMPTY_PATH);
  if (!strcmp (op, "futimens-fd0"))
    return futimens (0, ts);
  if (!strcmp (op, "setxattr"))
    return setxattr (path, "user.sbox", "1", 1, 0);
  if (!strcmp (op, "lsetxattr"))
    return lsetxattr (path, "user.sbox", "1", 1, 0);
  if (!strcmp (op, "setxattr-opath"))
    return setxattr (via_fd (opath ()), "user.sbox", "1", 1, 0);
  if (!strcmp (op, "fsetxattr-fd0"))
    return fsetxattr (0, "user.sbox", "1", 1, 0);
  if (!strcmp (op, "setxattrat"))
    return syscall (NR_SETXATTRAT, AT_FDCWD, path, 0, "user.sbox", &xa, sizeof xa);
  if (!strcmp (op, "removexattr"))
    return removexattr (path, "user.keep1");
  if (!strcmp (op, "lremovexattr"))
    return lremovexattr (path, "user.keep2");
  if (!strcmp (op, "removexattr-opath"))
    return removexattr (via_fd (opath ()), "user.keep3");
  if (!strcmp (op, "fremovexattr-fd0"))
    return fremovexattr (0, "user.keep4");
  if (!strcmp (op, "removexattrat"))
    return syscall (NR_REMOVEXATTRAT, AT_FDCWD, path, 0, "user.keep5");
  fprintf (stderr, "meta-calls: unknown op %s\n", op);
  exit (2);
}

static const char *const all[] = {
  "chmod",
  "chmod-orx",
  "chmod-0",
  "fchmodat",
  "fchmodat-dirfd",
  "fchmodat2",
  "chmod-opath",
  "fchmod-opath",
  "fchmod-fd0",
  "chown",
  "lchown",
  "fchownat-opath",
  "chown-opath",
  "fchown-fd0",
  "utime",
  "utimes",
  "futimesat",
  "utimensat",
  "utimensat-now",
  "utimensat-opath",
  "futimens-fd0",
  "setxattr",
  "lsetxattr",
  "setxattr-opath",
  "fsetxattr-fd0",
  "setxattrat",
  "removexattr",
  "lremovexattr",
  "removexattr-opath",
  "fremovexattr-fd0",
  "removexattrat",
  NULL,
};

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: meta-calls PATH [OP...]\n");
      return 2;
    }
  path = argv[1];
  const char *const *ops = argc > 2 ? (const char *const *) argv + 2 : all;
  for (; *ops; ops++)
    {
      errno = 0;
      if (attempt (*ops) == 0)
        printf ("%s OK\n", *ops);
      else
        printf ("%s FAIL %s\n", *ops, strerrorname_np (errno) ? strerrorname_np (errno) : "?");
    }
  return 0;
}
