/* sbox-probe: a tiny helper the integration tests run inside the sandbox.
 *
 * Each verb performs one operation and prints its outcome on stdout: "OK"
 * when it succeeded, otherwise the errno name (EROFS, EACCES, ...).  The exit
 * status is 0 whatever the outcome, so that a test compares printed words and
 * never confuses "the probe could not start" with "the operation failed".
 *
 *   sbox-probe write PATH      open(O_WRONLY|O_CREAT|O_TRUNC, 0600) and write
 *   sbox-probe read PATH       open(O_RDONLY) and read
 *   sbox-probe openw PATH      open(O_WRONLY) an existing file, write nothing
 *                              (safe on files such as /proc/sysrq-trigger)
 *   sbox-probe ids             print real and effective uid and gid
 *   sbox-probe setuid0         try setuid(0)
 *   sbox-probe mknod PATH      try to create the character device 1:3
 *   sbox-probe sleep-forever [WORD...]
 *                              pause() until killed; WORDs only mark the
 *                              command line so that a test can find it
 *
 * libc only: it must run in the barest of sandboxes.
 */

/* strerrorname_np is a GNU extension (glibc 2.32). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#include "probe-report.h"

static void
report (int ok, int err)
{
  if (ok)
    puts ("OK");
  else
    puts (errno_name (err));
}

static int
do_write (const char *path)
{
  static const char data[] = "sbox-probe\n";
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      report (0, errno);
      return 0;
    }
  if (write (fd, data, sizeof data - 1) < 0)
    {
      int err = errno;
      close (fd);
      report (0, err);
      return 0;
    }
  if (close (fd) < 0)
    {
      report (0, errno);
      return 0;
    }
  report (1, 0);
  return 0;
}

static int
do_read (const char *path)
{
  char buf[4096];
  int fd = open (path, O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    {
      report (0, errno);
      return 0;
    }
  if (read (fd, buf, sizeof buf) < 0)
    {
      int err = errno;
      close (fd);
      report (0, err);
      return 0;
    }
  close (fd);
  report (1, 0);
  return 0;
}

static int
do_openw (const char *path)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  if (fd < 0)
    {
      report (0, errno);
      return 0;
    }
  close (fd);
  report (1, 0);
  return 0;
}

static int
do_ids (void)
{
  printf ("uid=%ld euid=%ld gid=%ld egid=%ld\n", (long) getuid (), (long) geteuid (),
          (long) getgid (), (long) getegid ());
  return 0;
}

static int
do_setuid0 (void)
{
  int rc = setuid (0);
  int err = errno;

  report (rc == 0, err);
  return 0;
}

static int
do_mknod (const char *path)
{
  int rc = mknod (path, S_IFCHR | 0600, makedev (1, 3));
  int err = errno;

  report (rc == 0, err);
  return 0;
}

static int
do_sleep_forever (void)
{
  for (;;)
    pause ();
  return 0;
}

static int
usage (void)
{
  fputs ("usage: sbox-probe write PATH | read PATH | openw PATH | ids | "
         "setuid0 | mknod PATH | sleep-forever\n",
         stderr);
  return 2;
}

int
main (int argc, char **argv)
{
  const char *verb;

  if (argc < 2)
    return usage ();
  verb = argv[1];

  /* Make the output order predictable when stdout is a pipe. */
  setvbuf (stdout, NULL, _IOLBF, 0);

  if (strcmp (verb, "ids") == 0 && argc == 2)
    return do_ids ();
  if (strcmp (verb, "setuid0") == 0 && argc == 2)
    return do_setuid0 ();
  if (strcmp (verb, "sleep-forever") == 0)
    return do_sleep_forever ();
  if (argc != 3)
    return usage ();
  if (strcmp (verb, "write") == 0)
    return do_write (argv[2]);
  if (strcmp (verb, "read") == 0)
    return do_read (argv[2]);
  if (strcmp (verb, "openw") == 0)
    return do_openw (argv[2]);
  if (strcmp (verb, "mknod") == 0)
    return do_mknod (argv[2]);
  return usage ();
}
