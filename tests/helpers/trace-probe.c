/* trace-probe — a program with a known set of actions, for sbox-trace's
 * tests: the paths it names, the addresses it connects to, the signal and
 * namespace call it makes and one distinctive system call. Prints one line
 * per action with its result.
 *   trace-probe [--extra] [--sleep=SECONDS] UNIX-SOCKET TCP-PORT [PATH]
 * --extra also calls getitimer, which a traced run without it never made;
 * PATH is one more file to open (one the sandbox may not see). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

static void
report (const char *what, long ret)
{
  if (ret < 0)
    printf ("%s %s\n", what, strerrorname_np (errno) ? strerrorname_np (errno) : "?");
  else
    printf ("%s ok\n", what);
}

static void
open_and_close (const char *what, int dirfd, const char *path, int flags)
{
  int fd = openat (dirfd, path, flags | O_CLOEXEC, 0600);
  report (what, fd);
  if (fd >= 0)
    close (fd);
}

int
main (int argc, char **argv)
{
  int extra = 0, seconds = 0, i = 1;
  for (; i < argc && strncmp (argv[i], "--", 2) == 0; i++)
    if (strcmp (argv[i], "--extra") == 0)
      extra = 1;
    else if (strncmp (argv[i], "--sleep=", 8) == 0)
      seconds = atoi (argv[i] + 8);
  if (argc - i < 2)
    {
      fprintf (stderr, "usage: trace-probe [--extra] [--sleep=N] UNIX-SOCKET TCP-PORT [PATH]\n");
      return 2;
    }
  const char *socket_path = argv[i];
  int port = atoi (argv[i + 1]);
  const char *more = argc - i > 2 ? argv[i + 2] : NULL;

  open_and_close ("open-passwd", AT_FDCWD, "/etc/passwd", O_RDONLY);
  open_and_close ("open-missing", AT_FDCWD, "/etc/sbox-trace-missing", O_RDONLY);
  open_and_close ("write-tmp", AT_FDCWD, "/tmp/trace-probe-out", O_WRONLY | O_CREAT | O_TRUNC);
  report ("rename", rename ("/tmp/trace-probe-out", "/tmp/trace-probe-moved"));
  report ("chdir", chdir ("/usr/share"));
  open_and_close ("open-relative", AT_FDCWD, "doc", O_RDONLY | O_DIRECTORY);
  int etc = open ("/etc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  struct stat st;
  report ("stat-at-dirfd", fstatat (etc, "os-release", &st, 0));
  if (etc >= 0)
    close (etc);
  if (more)
    open_and_close ("open-more", AT_FDCWD, more, O_RDONLY);

  int s = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un un = { .sun_family = AF_UNIX };
  snprintf (un.sun_path, sizeof un.sun_path, "%s", socket_path);
  report ("connect-unix", connect (s, (struct sockaddr *) &un, sizeof un));
  close (s);
  s = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in in = { .sin_family = AF_INET, .sin_port = htons ((uint16_t) port) };
  in.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  report ("connect-inet", connect (s, (struct sockaddr *) &in, sizeof in));
  close (s);

  report ("kill", kill (getpid (), 0));
  report ("unshare", unshare (CLONE_NEWUSER));
  report ("getpriority", syscall (SYS_getpriority, 0, 0));
  if (extra)
    {
      struct itimerval timer;
      report ("getitimer", syscall (SYS_getitimer, ITIMER_REAL, &timer));
    }
  if (seconds > 0)
    sleep ((unsigned) seconds);
  fflush (stdout);
  return 0;
}
