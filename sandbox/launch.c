/* launch.c — the parent: clone the child into new namespaces, write its
 * uid/gid maps, release it, then forward signals and wait. Single-threaded
 * throughout (signalfd and poll, no GLib main loop). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"
#include "error.h"
#include "init.h"
#include "launch.h"
#include "ns.h"
#include "seccomp.h"
#include "sync.h"

static void
report (const char *text)
{
  fprintf (stderr, "sbox: %s\n", text);
}

static pid_t
clone_child (unsigned long flags, int *pidfd)
{
  struct clone_args args = {
    .flags = flags | CLONE_PIDFD,
    .pidfd = (guint64) (guintptr) pidfd,
    .exit_signal = SIGCHLD,
  };
  return (pid_t) syscall (SYS_clone3, &args, sizeof args);
}

static void
block_signals (sigset_t *set, sigset_t *old)
{
  sigemptyset (set);
  sigaddset (set, SIGCHLD);
  for (const int *sig = sbox_init_forwarded_signals; *sig; sig++)
    sigaddset (set, *sig);
  sigprocmask (SIG_BLOCK, set, old);
}

static int
status_from_waitid (const siginfo_t *info)
{
  if (info->si_code == CLD_EXITED)
    return info->si_status;
  return SBOX_EXIT_SIGNAL_BASE + info->si_status;
}

static void
kill_and_reap (int pidfd)
{
  siginfo_t info;
  syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
  while (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) < 0 && errno == EINTR)
    ;
}

/* Print what the child reported; TRUE when the channel is done (EOF). */
static gboolean
drain_channel (int fd, int *reported_status)
{
  SboxSyncMsg msg;
  int ret = sbox_sync_recv (fd, &msg);
  if (ret == 1 && msg.step == SBOX_STEP_ERROR)
    {
      report (msg.text);
      *reported_status = msg.exit_code;
      return FALSE;
    }
  return ret <= 0;
}

static int
monitor (int pidfd, int sync_fd, const sigset_t *signals)
{
  int sfd = signalfd (-1, signals, SFD_CLOEXEC);
  if (sfd < 0)
    {
      report ("cannot create a signalfd");
      kill_and_reap (pidfd);
      return SBOX_EXIT_FAILURE;
    }
  int reported = -1;
  gboolean channel_open = TRUE;
  for (;;)
    {
      struct pollfd fds[3] = {
        { .fd = pidfd, .events = POLLIN },
        { .fd = sfd, .events = POLLIN },
        { .fd = channel_open ? sync_fd : -1, .events = POLLIN },
      };
      if (poll (fds, 3, -1) < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (fds[2].revents)
        channel_open = !drain_channel (sync_fd, &reported);
      if (fds[1].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          if (read (sfd, &si, sizeof si) == (ssize_t) sizeof si && si.ssi_signo != SIGCHLD)
            syscall (SYS_pidfd_send_signal, pidfd, (int) si.ssi_signo, NULL, 0);
        }
      if (fds[0].revents & POLLIN)
        {
          siginfo_t info = { 0 };
          if (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) < 0)
            continue;
          /* An error sent just before the child exited is still queued. */
          while (channel_open && !drain_channel (sync_fd, &reported))
            ;
          close (sfd);
          int status = status_from_waitid (&info);
          return reported >= 0 && status == reported ? reported : status;
        }
    }
  close (sfd);
  kill_and_reap (pidfd);
  return SBOX_EXIT_FAILURE;
}

static char *
caller_terminal (void)
{
  if (!isatty (STDIN_FILENO))
    return NULL;
  const char *name = ttyname (STDIN_FILENO);
  return name ? g_strdup (name) : NULL;
}

static int run_compiled (SboxPlan *plan, const SboxSeccompFilters *seccomp);

int
sbox_launch_run (SboxPlan *plan)
{
  /* Nothing the caller left open leaks into the sandbox. */
  syscall (SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);

  g_autoptr (GError) error = NULL;
  SboxSeccompFilters seccomp;
  if (!sbox_seccomp_compile (plan, &seccomp, &error))
    {
      report (error->message);
      return SBOX_EXIT_FAILURE;
    }
  int status = run_compiled (plan, &seccomp);
  sbox_seccomp_filters_clear (&seccomp);
  return status;
}

static int
run_compiled (SboxPlan *plan, const SboxSeccompFilters *seccomp)
{
  g_autofree char *console = caller_terminal ();
  g_autofree char *cwd = g_get_current_dir ();
  g_ptr_array_add (plan->argv, NULL);
  g_ptr_array_add (plan->env, NULL);
  SboxChildArgs args = {
    .plan = plan,
    .console = console,
    .cwd = cwd,
    .argv = (char *const *) plan->argv->pdata,
    .envp = (char *const *) plan->env->pdata,
    .seccomp = seccomp,
  };

  int fds[2];
  if (sbox_sync_pair (fds) != 0)
    {
      report ("cannot create the sync channel");
      return SBOX_EXIT_FAILURE;
    }
  args.sync_fd = fds[1];

  sigset_t signals, old_mask;
  block_signals (&signals, &old_mask);
  fflush (NULL);

  int pidfd = -1;
  pid_t child = clone_child (sbox_ns_clone_flags (plan->namespaces), &pidfd);
  if (child == 0)
    {
      close (fds[0]);
      sbox_child_run (&args);
    }
  int clone_errno = errno;
  close (fds[1]);
  if (child < 0)
    {
      g_autofree char *text = g_strdup_printf (
          "cannot create the sandbox's namespaces: %s%s", g_strerror (clone_errno),
          clone_errno == EPERM || clone_errno == ENOSPC
              ? " (are unprivileged user namespaces enabled? see user.max_user_namespaces)"
              : "");
      report (text);
      close (fds[0]);
      return SBOX_EXIT_FAILURE;
    }

  g_autoptr (GError) error = NULL;
  if (plan->verbose)
    fprintf (stderr, "sbox: writing uid/gid maps for %d\n", (int) child);
  if (!sbox_ns_write_maps (child, plan->uid, getuid (), plan->gid, getgid (), &error)
      || sbox_sync_send_step (fds[0], SBOX_STEP_MAPS_WRITTEN) != 0)
    {
      report (error ? error->message : "cannot release the sandbox");
      kill_and_reap (pidfd);
      close (fds[0]);
      return SBOX_EXIT_FAILURE;
    }

  int status = monitor (pidfd, fds[0], &signals);
  close (fds[0]);
  close (pidfd);
  sigprocmask (SIG_SETMASK, &old_mask, NULL);
  return status;
}
