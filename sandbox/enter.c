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
#include "enter.h"
#include "error.h"
#include "init.h"
#include "instance.h"
#include "ns.h"
#include "pty.h"
#include "seccomp.h"
#include "sync.h"

typedef struct
{
  SboxSandbox *sandbox; /* what the launcher wrote of the sandbox: ids, Landlock, rlimits */
  SboxSeccompFilters seccomp;
  GPtrArray *env; /* NULL-terminated */
  gboolean new_session;
  GStrv namespaces; /* "user=FD" entries: what the launcher holds */
  char *cgroup;     /* the sandbox's own cgroup, NULL without one */
} EnterLimits;

static void
enter_limits_clear (EnterLimits *limits)
{
  g_clear_pointer (&limits->sandbox, sbox_sandbox_free);
  sbox_seccomp_filters_clear (&limits->seccomp);
  g_clear_pointer (&limits->env, g_ptr_array_unref);
  g_clear_pointer (&limits->namespaces, g_strfreev);
  g_clear_pointer (&limits->cgroup, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EnterLimits, enter_limits_clear)

static gboolean
load_limits (const SboxInstanceRef *target, EnterLimits *out, GError **error)
{
  g_autoptr (GKeyFile) info = sbox_instance_open_enter_data (target, error);
  if (info == NULL)
    return FALSE;
  g_autofree char *mode = g_key_file_get_string (info, "Enter", "mode", NULL);
  if (mode && g_str_equal (mode, "confine"))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "sandbox %s runs in the confinement mode: it has no namespaces to join, and "
                   "--enter does not rebuild its Landlock rules",
                   target->id);
      return FALSE;
    }
  static const char *const required[] = { "uid",        "gid",     "landlock", "seccomp-programs",
                                          "namespaces", "environ", "rlimits",  NULL };
  for (const char *const *key = required; *key; key++)
    if (!g_key_file_has_key (info, "Enter", *key, NULL))
      {
        g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s: [Enter] has no %s",
                     target->id, *key);
        return FALSE;
      }
  SboxSandbox *sandbox = out->sandbox = sbox_sandbox_new ();
  sandbox->ids.uid = (uid_t) g_key_file_get_integer (info, "Enter", "uid", NULL);
  sandbox->ids.gid = (gid_t) g_key_file_get_integer (info, "Enter", "gid", NULL);
  g_free (sandbox->landlock);
  sandbox->landlock = g_key_file_get_string (info, "Enter", "landlock", NULL);
  g_autofree char *network = g_key_file_get_string (info, "Enter", "network", NULL);
  if (network)
    {
      g_free (sandbox->network);
      sandbox->network = g_steal_pointer (&network);
    }
  g_auto (GStrv) writable = g_key_file_get_string_list (info, "Enter", "writable", NULL, NULL);
  for (char **dest = writable; dest && *dest; dest++)
    sbox_sandbox_add_fs (sandbox, SBOX_FS_BIND, 0, *dest, *dest);
  sandbox->home = g_key_file_get_string (info, "Enter", "home", NULL);
  g_autofree char *rlimits_text = g_key_file_get_string (info, "Enter", "rlimits", NULL);
  g_auto (GStrv) rlimit_entries = g_strsplit (rlimits_text ? rlimits_text : "", ";", -1);
  for (char **entry = rlimit_entries; *entry; entry++)
    {
      SboxRlimit limit = { 0 };
      if (**entry == '\0')
        continue;
      if (sscanf (*entry, "%d:%" G_GUINT64_FORMAT ":%" G_GUINT64_FORMAT, &limit.resource,
                  &limit.soft, &limit.hard)
          != 3)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s: [Enter] rlimits: bad '%s'",
                       target->id, *entry);
          return FALSE;
        }
      g_array_append_val (sandbox->limits.rlimits, limit);
    }
  out->cgroup = g_key_file_get_string (info, "Enter", "cgroup", NULL);
  out->namespaces = g_key_file_get_string_list (info, "Enter", "namespaces", NULL, NULL);
  out->new_session = g_key_file_get_boolean (info, "Enter", "new-session", NULL);
  int programs = g_key_file_get_integer (info, "Enter", "seccomp-programs", NULL);
  for (int n = 0; n < programs && n < (int) G_N_ELEMENTS (out->seccomp.programs); n++)
    {
      g_autofree char *key = g_strdup_printf ("seccomp-%d", n);
      g_autofree char *text = g_key_file_get_string (info, "Enter", key, NULL);
      gsize len = 0;
      guchar *bytes = text ? g_base64_decode (text, &len) : NULL;
      if (bytes == NULL || len == 0 || len % sizeof (struct sock_filter) != 0)
        {
          g_free (bytes);
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP, "sandbox %s: [Enter] %s is no filter",
                       target->id, key);
          return FALSE;
        }
      out->seccomp.programs[n].filter = (struct sock_filter *) bytes;
      out->seccomp.programs[n].len = (unsigned short) (len / sizeof (struct sock_filter));
      out->seccomp.count = n + 1;
    }
  g_autofree char *env64 = g_key_file_get_string (info, "Enter", "environ", NULL);
  gsize env_len = 0;
  g_autofree char *env = (char *) g_base64_decode (env64, &env_len);
  out->env = g_ptr_array_new_with_free_func (g_free);
  for (gsize at = 0; at < env_len; at += strnlen (env + at, env_len - at) + 1)
    g_ptr_array_add (out->env, g_strndup (env + at, env_len - at));
  g_ptr_array_add (out->env, NULL);
  return TRUE;
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
run_joined (const EnterLimits *limits, const char *cwd, char *const *argv, const SboxPty *pty)
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
  g_auto (EnterLimits) limits = { 0 };
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
