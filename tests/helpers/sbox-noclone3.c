/* sbox-noclone3: run a command the way container runtimes' default seccomp
 * profiles (Docker, containerd, podman) would, as far as clone3 goes:
 *
 *   sbox-noclone3 COMMAND [ARG...]
 *
 * installs a filter that answers clone3 with ENOSYS (everything else is
 * allowed), sets no_new_privs (an unprivileged filter needs it), and execs
 * COMMAND. Exit 126 when the filter cannot be installed, 127 when COMMAND
 * cannot be run. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
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
      fprintf (stderr, "usage: sbox-noclone3 COMMAND [ARG...]\n");
      return 2;
    }
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  if (ctx == NULL || seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0) != 0
      || prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || seccomp_load (ctx) != 0)
    {
      fprintf (stderr, "sbox-noclone3: cannot install the filter\n");
      return 126;
    }
  seccomp_release (ctx);
  execvp (argv[1], argv + 1);
  fprintf (stderr, "sbox-noclone3: cannot run %s: %s\n", argv[1], strerror (errno));
  return 127;
}
