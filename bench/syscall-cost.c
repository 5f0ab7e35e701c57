/* syscall-cost — nanoseconds per getppid() call (the cheapest syscall, so
 * what is measured is the entry path and any seccomp filter on it), or per
 * open+close of /dev/null with "openclose". Prints the median of ROUNDS
 * rounds of N calls. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static int
compare (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (int argc, char **argv)
{
  long n = argc > 1 ? atol (argv[1]) : 2000000;
  int openclose = argc > 2 && strcmp (argv[2], "openclose") == 0;
  enum
  {
    ROUNDS = 7
  };
  double per_call[ROUNDS];
  for (int r = 0; r < ROUNDS; r++)
    {
      double start = now_ns ();
      if (openclose)
        for (long i = 0; i < n; i++)
          close (open ("/dev/null", O_RDONLY));
      else
        for (long i = 0; i < n; i++)
          syscall (SYS_getppid);
      per_call[r] = (now_ns () - start) / (double) n;
    }
  qsort (per_call, ROUNDS, sizeof per_call[0], compare);
  printf ("%.1f\n", per_call[ROUNDS / 2]);
  return 0;
}
