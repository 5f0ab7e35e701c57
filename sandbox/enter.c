/* enter.c — --enter: run a command in a running sandbox. The joining
 * process takes the namespaces from the sandbox's first process and the
 * limits (ids, capabilities, no_new_privs, Landlock, seccomp) from what the
 * launcher recorded, so it can do no more than the original. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "confine.h"
#include "net-proxy.h"
#include "enter-data.h"
#include "enter.h"
#include "error.h"
#include "init.h"
#include "instance.h"
#include "ns.h"
#include "pty.h"
#include "seccomp.h"
#include "sync.h"

static gboolean
load_limits (const SboxInstanceRef *target, SboxEnterLimits *out, GError **error)
{
  g_autoptr (GKeyFile) info = sbox_instance_open_enter_data (target, error);
  return info && sbox_enter_data_parse (info, target->id, out, error);
}

/* The joined process is an ordinary fork (not vfork-like): it may print
 * through the one reporter itself. */
static G_NORETURN void
child_fail (const SboxSyncMsg *msg)
{
  sbox_error_print (msg->text);
  _exit (sbox_sync_exit_status (msg));
}

/* In the forked process, now inside the pid namespace: the first
 * command's sequence (confine.c) — ids, directory, capabilities and
 * no_new_privs, Landlock, rlimits, seccomp, not dumpable, exec. The
 * cgroup was joined before the namespaces (sbox_enter_run). */
static G_NORETURN void
run_joined (const SboxEnterLimits *limits, const char *cwd, char *const *argv, const SboxPty *pty)
{
  const SboxSandbox *sandbox = limits->sandbox;
  SboxSyncMsg msg = { 0 };
  if (pty == NULL)
    sbox_init_reset_signals ();
  else if (sbox_pty_child_stdio (pty) != 0)
    {
      sbox_sync_fail (&msg, errno, "cannot make the pseudo-terminal the command's stdio");
      child_fail (&msg);
    }
  if (prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
    {
      sbox_sync_fail (&msg, errno, "cannot set the parent-death signal");
      child_fail (&msg);
    }
  if (sbox_confine_set_ids (sandbox->ids.uid, sandbox->ids.gid, &msg) != 0
      || sbox_confine_chdir (NULL, cwd, sandbox->home, &msg) != 0)
    child_fail (&msg);
  int sfd = pty ? sbox_init_signalfd () : -1;
  if (pty && sfd < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot create a signalfd");
      child_fail (&msg);
    }
  const SboxConfinement confinement = {
    .rlimits = sandbox->limits.rlimits,
    .landlock = sandbox->landlock,
    .fs_ops = sandbox->fs_ops,
    /* The network's Landlock wall, as the first command's. */
    .no_tcp = g_str_equal (sandbox->network, "none"),
    .tcp_connect_port = g_str_equal (sandbox->network, "filtered") ? SBOX_NET_FORWARD_PORT : 0,
  };
  if (sbox_confine_apply (&confinement, &limits->seccomp, &msg) != 0)
    child_fail (&msg);
  if (pty == NULL && limits->new_session && setsid () < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot start a new session");
      child_fail (&msg);
    }
  if (pty && (sbox_pty_child_session (pty) != 0 || sbox_init_prepare () != 0))
    {
      sbox_sync_fail (&msg, errno, "cannot start a session on the sandbox's terminal");
      child_fail (&msg);
    }
  /* With a pty this process leads the session, as init does for the
   * first command: it runs the command's job control on the slave. */
  pid_t app = pty ? fork () : 0;
  if (app < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot fork the command");
      child_fail (&msg);
    }
  if (app > 0)
    _exit (sbox_init_run (app, sfd, pty));
  if (pty)
    {
      if (sbox_pty_child_command (pty) != 0)
        {
          sbox_sync_fail (&msg, errno, "cannot take the sandbox's terminal");
          child_fail (&msg);
        }
      sbox_init_reset_signals ();
    }
  sbox_confine_exec (argv, (char *const *) limits->env->pdata, &msg);
  child_fail (&msg);
}

/* Forward the usual signals to the joined command until it ends. */
static int
wait_forwarding (pid_t pid, const sigset_t *signals)
{
  for (;;)
    {
      int status;
      pid_t done = waitpid (pid, &status, WNOHANG);
      if (done == pid)
        return sbox_error_exit_for_wait (status);
      siginfo_t info;
      int sig = sigwaitinfo (signals, &info);
      if (sig > 0 && sig != SIGCHLD)
        kill (pid, sig);
    }
}

/* Report error through the one reporter; the status its kind calls for. */
static int
fail (const GError *error)
{
  sbox_error_print (error->message);
  return sbox_error_exit_for (error);
}

int
sbox_enter_run (const char *const *envp, const char *which, char *const *argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (SboxInstanceRef) target = { .pidfd = -1 };
  g_auto (SboxEnterLimits) limits = { 0 };
  if (!sbox_instance_find (envp, which, &target, &error) || !load_limits (&target, &limits, &error))
    return fail (error);

  /* A shell by default: the sandbox's $SHELL when it has one. */
  const char *shell = g_environ_getenv ((char **) limits.env->pdata, "SHELL");
  char *default_argv[] = { (char *) (shell ? shell : "/bin/sh"), NULL };
  if (argv == NULL || argv[0] == NULL)
    argv = default_argv;
  g_autofree char *cwd = g_get_current_dir ();

  /* Nothing of the caller's leaks in, and once this process is in the
   * sandbox's user namespace (with every capability there) the sandbox
   * must not be able to trace it: it is in no pid namespace the sandbox
   * sees, and not dumpable. */
  syscall (SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
  prctl (PR_SET_DUMPABLE, 0, 0, 0, 0);
  /* Into the sandbox's cgroup while its directory is still in view: the
   * joined command counts against --memory, --pids and --cpus. */
  if (limits.cgroup && !sbox_cgroup_join (limits.cgroup, getpid (), &error))
    {
      g_prefix_error (&error, "cannot join sandbox %s: ", which);
      return fail (error);
    }
  /* Opened from the host's /dev/ptmx, before joining (pty.c). */
  SboxPty *pty = sbox_pty_open (limits.new_session, TRUE, &error);
  if (error)
    return fail (error);
  const char *what = NULL;
  if (sbox_ns_join_held (target.launcher, limits.namespaces, &what) != 0)
    {
      sbox_error_set_errno (&error, errno, "cannot join sandbox %s (%s)", which, what);
      sbox_pty_close (pty);
      return fail (error);
    }

  sigset_t signals;
  sigemptyset (&signals);
  sigaddset (&signals, SIGCHLD);
  for (const int *sig = sbox_init_forwarded_signals; *sig; sig++)
    sigaddset (&signals, *sig);
  sbox_pty_add_signals (pty, &signals);
  sigprocmask (SIG_BLOCK, &signals, NULL);
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    {
      sbox_error_set_errno (&error, errno, "cannot fork");
      sbox_pty_close (pty);
      return fail (error);
    }
  if (pid == 0)
    run_joined (&limits, cwd, argv, pty);
  int status = pty ? sbox_pty_wait (pty, pid, &signals) : wait_forwarding (pid, &signals);
  if (status < 0)
    {
      sbox_error_set_errno (&error, errno, "cannot relay the sandbox's terminal");
      kill (pid, SIGKILL);
      status = fail (error);
    }
  sbox_pty_close (pty);
  /* This process now lives in the sandbox's namespaces and is not
   * dumpable: nothing is left to clean up, and exit handlers that inspect
   * the process (a leak checker's tracer) cannot attach to it. */
  fflush (NULL);
  _exit (status);
}
