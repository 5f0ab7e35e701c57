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
allow_beneath (int ruleset, const char *path, __u64 rights)
{
  struct landlock_path_beneath_attr rule = { .allowed_access = rights };
  struct stat st;
  rule.parent_fd = open (path, O_PATH | O_CLOEXEC);
  if (rule.parent_fd < 0)
    return errno == ENOENT ? 0 : -1; /* a try-bind that was skipped */
  if (fstat (rule.parent_fd, &st) == 0 && !S_ISDIR (st.st_mode))
    rule.allowed_access &= ~(__u64) DIR_ONLY_RIGHTS;
  int ret = (int) syscall (__NR_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
  int errsv = errno;
  close (rule.parent_fd);
  errno = errsv;
  return ret;
}

int
sbox_landlock_apply (const char *mode, const GPtrArray *fs_ops, gboolean verbose, SboxSyncMsg *msg)
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

  /* Rules use the paths the sandbox sees: this runs after pivot_root. */
  __u64 write = write_rights (abi);
  struct sbox_landlock_ruleset_attr attr = { .handled_access_fs = READ_RIGHTS | write };
  size_t attr_size = sizeof attr.handled_access_fs;
  if (abi >= 4)
    attr_size = offsetof (struct sbox_landlock_ruleset_attr, scoped);
  if (abi >= 6)
    {
      attr.scoped = SBOX_LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | SBOX_LANDLOCK_SCOPE_SIGNAL;
      attr_size = sizeof attr;
    }
  int ruleset = (int) syscall (__NR_landlock_create_ruleset, &attr, attr_size, 0);
  if (ruleset < 0)
    return sbox_sync_fail (msg, errno, "cannot create a Landlock ruleset (ABI %d)", abi);

  int ret = allow_beneath (ruleset, "/", READ_RIGHTS);
  for (guint i = 0; ret == 0 && i < fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (fs_ops, i);
      if (sbox_fs_op_is_writable (op))
        ret = allow_beneath (ruleset, op->dest, READ_RIGHTS | write);
    }
  if (ret != 0)
    {
      int errsv = errno;
      close (ruleset);
      return sbox_sync_fail (msg, errsv, "cannot add a Landlock rule");
    }
  unsigned int flags = abi >= 7 ? SBOX_LANDLOCK_RESTRICT_SELF_LOG_SAME_EXEC_OFF : 0;
  ret = (int) syscall (__NR_landlock_restrict_self, ruleset, flags);
  int errsv = errno;
  close (ruleset);
  if (ret != 0)
    return sbox_sync_fail (msg, errsv, "cannot enforce the Landlock ruleset");
  if (verbose)
    dprintf (STDERR_FILENO, "sbox: landlock: ABI %d, writes only beneath the writable mounts%s\n",
             abi, abi >= 6 ? ", abstract unix sockets and signals scoped to the sandbox" : "");
  return 0;
}
