/* bench/launch.c — starts a command the way make bench needs without a
 * shell between: `launch [--t0] [--fd N=FILE]... COMMAND...`. --t0 puts the
 * monotonic clock's reading, just before the exec, in SBOX_TIMING_T0 (so
 * that sbox's SBOX_TIMING=1 table includes its own exec and loading);
 * --fd opens FILE read-only at descriptor N (bwrap's --seccomp N). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
  int i = 1, t0 = 0;
  for (; i < argc && strncmp (argv[i], "--", 2) == 0; i++)
    {
      char *eq;
      if (strcmp (argv[i], "--t0") == 0)
        t0 = 1;
      else if (strcmp (argv[i], "--fd") == 0 && i + 1 < argc && (eq = strchr (argv[i + 1], '=')))
        {
          int want = atoi (argv[++i]);
          int fd = open (eq + 1, O_RDONLY);
          if (fd < 0 || want < 3 || (fd != want && (dup2 (fd, want) < 0 || close (fd) < 0)))
            {
              perror (eq + 1);
              return 127;
            }
        }
      else
        break;
    }
  if (i >= argc)
    {
      fprintf (stderr, "usage: launch [--t0] [--fd N=FILE]... COMMAND...\n");
      return 127;
    }
  if (t0)
    {
      struct timespec ts;
      char text[32];
      clock_gettime (CLOCK_MONOTONIC, &ts);
      snprintf (text, sizeof text, "%lld", (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec);
      setenv ("SBOX_TIMING_T0", text, 1);
    }
  execvp (argv[i], argv + i);
  perror (argv[i]);
  return 127;
}
