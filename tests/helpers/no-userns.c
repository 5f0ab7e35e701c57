/* no-userns.c — run a command where no user namespace can be had, the way
 * container runtimes' default seccomp profiles (Docker, containerd,
 * podman) make it:
 *
 *   no-userns COMMAND [ARG...]
 *
 * installs a filter that answers unshare and clone with CLONE_NEWUSER in
 * their flags with EPERM and clone3 with ENOSYS (its flags lie in memory a
 * filter cannot read), sets no_new_privs (an unprivileged filter needs it)
 * and execs COMMAND. Exit 126 when the filter cannot be installed, 127
 * when COMMAND cannot be run. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: no-userns COMMAND [ARG...]\n");
      return 2;
    }
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  /* clone's flags are its first argument on x86-64 and most others. */
  const struct scmp_arg_cmp newuser = SCMP_A0 (SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER);
  if (ctx == NULL || seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0) != 0
      || seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (unshare), 1, newuser) != 0
      || seccomp_rule_add (ctx, SCMP_ACT_ERRNO (EPERM), SCMP_SYS (clone), 1, newuser) != 0
      || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || seccomp_load (ctx) != 0)
    {
      fprintf (stderr, "no-userns: cannot install the filter\n");
      return 126;
    }
  seccomp_release (ctx);
  execvp (argv[1], argv + 1);
  fprintf (stderr, "no-userns: cannot run %s: %s\n", argv[1], strerror (errno));
  return 127;
}
