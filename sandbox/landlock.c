/* landlock.c — defense in depth beneath the mount view. Debian 12's headers
 * stop at ABI 2, so the newer UAPI bits are defined here; only the rights
 * the running kernel knows are handled, or create_ruleset fails. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "landlock.h"

#ifndef __NR_landlock_create_ruleset
#define __NR_landlock_create_ruleset 444
#define __NR_landlock_add_rule 445
#define __NR_landlock_restrict_self 446
#endif
#ifndef LANDLOCK_ACCESS_FS_REFER
#define LANDLOCK_ACCESS_FS_REFER (1ULL << 13)
#endif
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#define SBOX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define SBOX_LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#define SBOX_LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF (1U << 0)
#define SBOX_LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON (1U << 1)

/* The three-word attribute of ABI 6; older kernels take a prefix of it. */
struct sbox_landlock_ruleset_attr
{
  __u64 handled_access_fs;
  __u64 handled_access_net;
  __u64 scoped;
};

#define READ_RIGHTS                                                                                \
  (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)
#define WRITE_RIGHTS_V1                                                                            \
  (LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE  \
   | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG      \
   | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK   \
   | LANDLOCK_ACCESS_FS_MAKE_SYM)

int
sbox_landlock_abi (void)
{
  long abi = syscall (__NR_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
  return abi < 0 ? 0 : (int) abi;
}

static __u64
write_rights (int abi)
{
  __u64 rights = WRITE_RIGHTS_V1;
  if (abi >= 2)
    rights |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3)
    rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
  return rights;
}

/* Rights that only make sense on directories; a rule on a file (a bound
 * file, a device node) may not carry them. */
#define DIR_ONLY_RIGHTS                                                                            \
  (LANDLOCK_ACCESS_FS_READ_DIR | LANDLOCK_ACCESS_FS_REMOVE_DIR | LANDLOCK_ACCESS_FS_REMOVE_FILE    \
   | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG      \
   | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO | LANDLOCK_ACCESS_FS_MAKE_BLOCK   \
   | LANDLOCK_ACCESS_FS_MAKE_SYM | LANDLOCK_ACCESS_FS_REFER)

static int
add_rule_fd (int ruleset, int fd, __u64 rights)
{
  struct landlock_path_beneath_attr rule = { .allowed_access = rights, .parent_fd = fd };
  struct stat st;
  if (fstat (fd, &st) == 0 && !S_ISDIR (st.st_mode))
    rule.allowed_access &= ~(__u64) DIR_ONLY_RIGHTS;
  return (int) syscall (__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
}

static int
allow_beneath (int ruleset, const char *path, __u64 rights)
{
  int fd = open (path, O_PATH | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT ? 0 : -1; /* a try-bind that was skipped */
  int ret = add_rule_fd (ruleset, fd, rights);
  int errsv = errno;
  close (fd);
  errno = errsv;
  return ret;
}

#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1)
#endif

/* Rights the device nodes of the confinement mode get: reading and
 * writing the node, never creating anything beside it. */
#define DEVICE_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_WRITE_FILE)

static __u64
grant_rights (SboxLandlockLevel level, __u64 write)
{
  switch (level)
    {
    case SBOX_LANDLOCK_READ:
      return READ_RIGHTS;
    case SBOX_LANDLOCK_WRITE:
      return READ_RIGHTS | write;
    case SBOX_LANDLOCK_DEVICE:
      return DEVICE_RIGHTS | (write & LANDLOCK_ACCESS_FS_TRUNCATE);
    case SBOX_LANDLOCK_NONE:
      break;
    }
  return 0;
}

/* Build, fill and enforce one ruleset: each grant as a path opened here
 * (following links) or an O_PATH descriptor opened by the caller. */
#ifndef LANDLOCK_RULE_NET_PORT
#define LANDLOCK_RULE_NET_PORT 2
#endif

struct sbox_landlock_port_attr
{
  __u64 allowed_access;
  __u64 port;
};

/* Whether the command's denials after its exec go to the audit log. */
static gboolean log_new_exec;

void
sbox_landlock_log_denials (gboolean on)
{
  log_new_exec = on;
}

static int
restrict_with (const char *mode, const SboxLandlockGrant *grants, guint n_grants, gboolean no_tcp,
               guint16 connect_port, gboolean verbose, const char *what, SboxSyncMsg *msg)
{
  if (g_str_equal (mode, "false"))
    return 0;
  int abi = sbox_landlock_abi ();
  if (abi < 1)
    {
      if (g_str_equal (mode, "required"))
        return sbox_sync_fail (msg, 0, "Landlock=required but this kernel offers no Landlock");
      if (verbose)
        dprintf (STDERR_FILENO, "sbox: landlock: not offered by this kernel, skipped\n");
      return 0;
    }

  __u64 write = write_rights (abi);
  struct sbox_landlock_ruleset_attr attr = { .handled_access_fs = READ_RIGHTS | write };
  size_t attr_size = sizeof attr.handled_access_fs;
  if (abi >= 4)
    {
      attr_size = offsetof (struct sbox_landlock_ruleset_attr, scoped);
      /* Handled with no rule: no TCP bind or connect at all. */
      if (no_tcp)
        attr.handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP;
      /* Connect to one port only (the filtered network's forwarder); bind
       * stays free: nothing outside reaches the sandbox's namespace. */
      else if (connect_port)
        attr.handled_access_net = LANDLOCK_ACCESS_NET_CONNECT_TCP;
    }
  if (abi >= 6)
    {
      attr.scoped = SBOX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | SBOX_LANDLOCK_SCOPE_SIGNAL;
      attr_size = sizeof attr;
    }
  int ruleset = (int) syscall (__NR_landlock_create_ruleset, &attr, attr_size, 0);
  if (ruleset < 0)
    return sbox_sync_fail (msg, errno, "cannot create a Landlock ruleset (ABI %d)", abi);

  int ret = 0;
  const char *failed = "";
  for (guint i = 0; ret == 0 && i < n_grants; i++)
    {
      __u64 rights = grant_rights (grants[i].level, write);
      if (rights == 0)
        continue;
      ret = grants[i].fd >= 0 ? add_rule_fd (ruleset, grants[i].fd, rights)
                              : allow_beneath (ruleset, grants[i].path, rights);
      failed = grants[i].path ? grants[i].path : "";
    }
  if (ret == 0 && !no_tcp && connect_port && abi >= 4)
    {
      struct sbox_landlock_port_attr port = { .allowed_access = LANDLOCK_ACCESS_NET_CONNECT_TCP,
                                              .port = connect_port };
      ret = (int) syscall (__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_NET_PORT, &port, 0);
      failed = "for the proxy's port";
    }
  if (ret != 0)
    {
      int errsv = errno;
      close (ruleset);
      return sbox_sync_fail (msg, errsv, "cannot add a Landlock rule %s", failed);
    }
  /* sbox's own steps after this are not logged; the command's are when
   * asked (sbox-trace reads them). */
  unsigned int flags = abi >= 7 ? SBOX_LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF : 0;
  if (abi >= 7 && log_new_exec)
    flags |= SBOX_LANDLOCK_RESTRICT_SELF_LOG_NEW_EXEC_ON;
  ret = (int) syscall (__NR_landlock_restrict_self, ruleset, flags);
  int errsv = errno;
  close (ruleset);
  if (ret != 0)
    return sbox_sync_fail (msg, errsv, "cannot enforce the Landlock ruleset");
  if (verbose)
    dprintf (STDERR_FILENO, "sbox: landlock: ABI %d, %s%s%s\n", abi, what,
             abi < 4        ? ""
             : no_tcp       ? ", no TCP bind or connect"
             : connect_port ? ", TCP connect only to the proxy's port"
                            : "",
             abi >= 6 ? ", abstract unix sockets and signals scoped to the sandbox" : "");
  return 0;
}

int
sbox_landlock_apply (const char *mode, const GPtrArray *fs_ops, gboolean no_tcp,
                     guint16 connect_port, gboolean verbose, SboxSyncMsg *msg)
{
  /* Rules use the paths the sandbox sees: this runs after pivot_root.
   * Fork-safe: a fixed-size table on the stack, no allocation. */
  SboxLandlockGrant grants[512];
  guint n = 0;
  grants[n++] = (SboxLandlockGrant){ "/", -1, SBOX_LANDLOCK_READ };
  for (guint i = 0; i < fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (fs_ops, i);
      if (!sbox_fs_op_is_writable (op))
        continue;
      if (n == G_N_ELEMENTS (grants))
        return sbox_sync_fail (msg, 0, "too many writable mounts for Landlock");
      grants[n++] = (SboxLandlockGrant){ op->dest, -1, SBOX_LANDLOCK_WRITE };
    }
  return restrict_with (mode, grants, n, no_tcp, connect_port, verbose,
                        "writes only beneath the writable mounts", msg);
}

int
sbox_landlock_apply_grants (const char *mode, const SboxLandlockGrant *grants, guint n_grants,
                            gboolean no_tcp, gboolean verbose, SboxSyncMsg *msg)
{
  return restrict_with (mode, grants, n_grants, no_tcp, 0, verbose,
                        "reads and writes only beneath the view's host paths", msg);
}
