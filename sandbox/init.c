/* init.c — PID 1 inside the sandbox: reaps orphans so zombies do not pile
 * up, forwards signals to the command, and exits with the command's status
 * (which ends every other process of the namespace). */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "init.h"
#include "residency.h"

const int sbox_init_forwarded_signals[] = {
  SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, 0,
};

/* The caller's dispositions, so the command inherits what it would have
 * without sbox (nohup's ignored SIGHUP, a background job's ignored SIGINT). */
static struct sigaction original[NSIG];

static void
accept_signal (int sig)
{
  (void) sig;
}

static void
fill_set (sigset_t *set)
{
  sigemptyset (set);
  sigaddset (set, SIGCHLD);
  for (const int *sig = sbox_init_forwarded_signals; *sig; sig++)
    sigaddset (set, *sig);
}

int
sbox_init_prepare (void)
{
  struct sigaction sa = { .sa_handler = accept_signal };
  sigset_t set;
  for (const int *sig = sbox_init_forwarded_signals; *sig; sig++)
    if (sigaction (*sig, &sa, &original[*sig]) != 0)
      return -1;
  fill_set (&set);
  /* Blocked, not read: init and the command (until its exec) move the
   * pty's foreground from the background (pty.c). */
  sigaddset (&set, SIGTTOU);
  return sigprocmask (SIG_BLOCK, &set, NULL);
}

void
sbox_init_reset_signals (void)
{
  sigset_t empty;
  for (const int *sig = sbox_init_forwarded_signals; *sig; sig++)
    if (original[*sig].sa_handler == SIG_IGN)
      sigaction (*sig, &original[*sig], NULL);
    else
      {
        struct sigaction sa = { .sa_handler = SIG_DFL };
        sigaction (*sig, &sa, NULL);
      }
  sigemptyset (&empty);
  sigprocmask (SIG_SETMASK, &empty, NULL);
}

int
sbox_init_signalfd (void)
{
  sigset_t set;
  fill_set (&set);
  return signalfd (-1, &set, SFD_CLOEXEC);
}

int
sbox_init_run (pid_t app, int sfd, const SboxPty *pty)
{
  if (sfd < 0)
    return SBOX_EXIT_FAILURE;

  SboxResidency residency;
  sbox_residency_start (&residency, FALSE);
  int channel = sbox_pty_init_channel (pty);
  for (;;)
    {
      struct pollfd fds[2] = { { .fd = sfd, .events = POLLIN },
                               { .fd = channel, .events = POLLIN } };
      int ready = poll (fds, 2, sbox_residency_timeout (&residency, -1));
      sbox_residency_settle (&residency);
      if (ready < 0 && errno != EINTR)
        return SBOX_EXIT_FAILURE;
      if (fds[1].revents && !sbox_pty_init_handle (pty, app))
        channel = -1;
      if (ready <= 0 || !(fds[0].revents & POLLIN))
        continue;
      struct signalfd_siginfo si;
      ssize_t n = read (sfd, &si, sizeof si);
      if (n < 0 && errno == EINTR)
        continue;
      if (n != (ssize_t) sizeof si)
        return SBOX_EXIT_FAILURE;
      if (si.ssi_signo != SIGCHLD)
        {
          kill (app, (int) si.ssi_signo);
          continue;
        }
      int status;
      pid_t pid;
      while ((pid = waitpid (-1, &status, WNOHANG | (pty ? WUNTRACED : 0))) > 0)
        if (WIFSTOPPED (status))
          {
            if (pid == app)
              sbox_pty_init_stopped (pty, WSTOPSIG (status));
          }
        else if (pid == app)
          return sbox_error_exit_for_wait (status);
      if (pid < 0 && errno == ECHILD)
        return SBOX_EXIT_FAILURE;
    }
}
