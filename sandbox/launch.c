/* launch.c — the parent: clone the child into new namespaces, write its
 * uid/gid maps, release it, then forward signals and wait. Single-threaded
 * throughout (signalfd and poll, no GLib main loop). */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/sched.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audio-filter.h"
#include "child.h"
#include "confine-mode.h"
#include "error.h"
#include "init.h"
#include "launch.h"
#include "cgroup.h"
#include "dbus.h"
#include "doctor.h"
#include "instance.h"
#include "learn.h"
#include "mount.h"
#include "net-policy.h"
#include "net-proxy.h"
#include "pasta.h"
#include "residency.h"
#include "ns.h"
#include "paths.h"
#include "pty.h"
#include "seccomp.h"
#include "status.h"
#include "sync.h"
#include "timing.h"

/* What runs beside the sandbox: started before the clone, waited for
 * only where the sandbox needs them (wait_for_helpers). */
typedef struct
{
  GArray *proxies; /* SboxProxyProcess */
  SboxNetProxy *net_proxy;
  gboolean serving;
} Helpers;

static void
report (const char *text)
{
  sbox_error_print (text);
}

static void
block_signals (sigset_t *set, sigset_t *old, const SboxPty *pty)
{
  sigemptyset (set);
  sigaddset (set, SIGCHLD);
  for (const int *sig = sbox_init_forwarded_signals; *sig; sig++)
    sigaddset (set, *sig);
  sbox_pty_add_signals (pty, set);
  sigprocmask (SIG_BLOCK, set, old);
}

/* sbox's own failure: 125, or the front end's status (bwrap's 1). */
static int
own_failure (const SboxPlan *plan)
{
  return plan->run.failure_status ? (int) plan->run.failure_status : SBOX_EXIT_FAILURE;
}

static int
status_from_waitid (const siginfo_t *info)
{
  return sbox_error_exit_for_end (info->si_code != CLD_EXITED, info->si_status);
}

static void
kill_and_reap (int pidfd)
{
  siginfo_t info;
  syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
  while (waitid (P_PIDFD, (id_t) pidfd, &info, WEXITED) < 0 && errno == EINTR)
    ;
}

/* Print what the child reported, take a seccomp listener; TRUE when the
 * channel is done (EOF). */
static gboolean
drain_channel (int fd, int *reported_status, const SboxMonitorListener *listener)
{
  SboxSyncMsg msg;
  int passed = -1;
  int ret = sbox_sync_recv (fd, &msg, listener ? &passed : NULL);
  if (ret == 1 && msg.step == SBOX_STEP_ERROR)
    {
      report (msg.text);
      *reported_status = sbox_sync_exit_status (&msg);
      return FALSE;
    }
  if (ret == 1 && msg.step == SBOX_STEP_LISTENER && passed >= 0)
    {
      listener->set (listener->data, passed);
      return FALSE;
    }
  if (passed >= 0)
    close (passed);
  return ret <= 0;
}

/* waitid with the child's resource use (the glibc wrapper drops it). */
static int
wait_with_usage (int pidfd, siginfo_t *info, struct rusage *usage)
{
  return (int) syscall (SYS_waitid, P_PIDFD, pidfd, info, WEXITED, usage);
}

static int
finish (const SboxPlan *plan, const siginfo_t *info, const struct rusage *usage, gint64 started,
        gboolean timed_out)
{
  gboolean signalled = info->si_code != CLD_EXITED;
  sbox_status_ended (plan->run.json_status_fd, signalled, info->si_status, timed_out,
                     g_get_monotonic_time () - started, usage);
  if (timed_out)
    return SBOX_EXIT_TIMEOUT;
  return status_from_waitid (info);
}

static int
monitor (const SboxPlan *plan, int pidfd, int sync_fd, const sigset_t *signals,
         const SboxMonitorListener *listener, SboxPty *pty)
{
  gint64 started = g_get_monotonic_time ();
  gint64 deadline = plan->run.timeout ? started + (gint64) plan->run.timeout * G_USEC_PER_SEC : 0;
  int sfd = signalfd (-1, signals, SFD_CLOEXEC);
  if (sfd < 0)
    {
      report ("cannot create a signalfd");
      kill_and_reap (pidfd);
      return own_failure (plan);
    }
  int reported = -1;
  gboolean channel_open = TRUE;
  SboxResidency residency;
  sbox_residency_start (&residency, TRUE);
  for (;;)
    {
      struct pollfd fds[4 + SBOX_PTY_POLL_FDS] = {
        { .fd = pidfd, .events = POLLIN },
        /* Signals wait until init has handlers for them (channel EOF):
         * a pid namespace's init drops signals it does not handle. */
        { .fd = channel_open ? -1 : sfd, .events = POLLIN },
        { .fd = channel_open ? sync_fd : -1, .events = POLLIN },
        { .fd = listener ? listener->fd (listener->data) : -1, .events = POLLIN },
      };
      int wait_ms = sbox_pty_poll_fds (pty, fds + 4);
      if (deadline)
        {
          int until = (int) MAX (0, (deadline - g_get_monotonic_time () + 999) / 1000);
          wait_ms = wait_ms < 0 ? until : MIN (wait_ms, until);
        }
      int ready = poll (fds, G_N_ELEMENTS (fds), sbox_residency_timeout (&residency, wait_ms));
      sbox_residency_settle (&residency);
      if (ready < 0)
        {
          if (errno == EINTR)
            continue;
          break;
        }
      if (ready == 0 && deadline && g_get_monotonic_time () >= deadline)
        {
          /* The whole sandbox goes: killing its PID 1 ends every process in it. */
          /* Said unless --quiet: a CI log must show why the job ended with 124. */
          if (!plan->run.quiet)
            sbox_error_printf ("timeout: the sandbox ran for %u s (Timeout=/--timeout), "
                               "killed it (exit 124)",
                               plan->run.timeout);
          syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
          siginfo_t info = { 0 };
          struct rusage usage = { 0 };
          while (wait_with_usage (pidfd, &info, &usage) < 0 && errno == EINTR)
            ;
          close (sfd);
          return finish (plan, &info, &usage, started, TRUE);
        }
      if (fds[3].revents & POLLIN)
        listener->handle (listener->data);
      else if (fds[3].revents & (POLLHUP | POLLERR | POLLNVAL))
        listener->set (listener->data, -1);
      if (fds[2].revents)
        {
          channel_open = !drain_channel (sync_fd, &reported, listener);
          if (!channel_open)
            sbox_timing_mark (SBOX_PHASE_UNTIL_EXEC);
          if (!channel_open && reported < 0)
            sbox_instance_mark_running (&plan->instance);
        }
      if (!channel_open)
        sbox_pty_started (pty);
      if (fds[1].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          if (read (sfd, &si, sizeof si) == (ssize_t) sizeof si && si.ssi_signo != SIGCHLD
              && !sbox_pty_signal (pty, (int) si.ssi_signo))
            syscall (SYS_pidfd_send_signal, pidfd, (int) si.ssi_signo, NULL, 0);
        }
      sbox_pty_relay (pty, fds + 4);
      if (fds[0].revents & POLLIN)
        {
          siginfo_t info = { 0 };
          struct rusage usage = { 0 };
          if (wait_with_usage (pidfd, &info, &usage) < 0)
            continue;
          /* An error sent just before the child exited is still queued. */
          while (channel_open && !drain_channel (sync_fd, &reported, listener))
            ;
          sbox_timing_mark (SBOX_PHASE_RUN);
          close (sfd);
          int status = finish (plan, &info, &usage, started, FALSE);
          return reported >= 0 && status == reported ? reported : status;
        }
    }
  close (sfd);
  kill_and_reap (pidfd);
  return own_failure (plan);
}

static gboolean
write_maps (const SboxPlan *plan, pid_t child, GError **error)
{
  if (plan->sandbox.ids.drop_root)
    return sbox_ns_write_root_maps (child, plan->sandbox.ids.uid, plan->sandbox.ids.run_uid,
                                    plan->sandbox.ids.gid, plan->sandbox.ids.run_gid, error);
  return sbox_ns_write_maps (child, plan->sandbox.ids.uid, getuid (), plan->sandbox.ids.gid,
                             getgid (), error);
}

/* Root callers: each read-write bind goes to the child as a tree idmapped
 * through the child's user namespace, so files owned by root on disk are
 * the sandbox's own (and what it creates is owned by root on disk), while
 * its processes run as an unprivileged uid. Only real root can idmap a
 * host filesystem; filesystems that cannot be idmapped are bound plainly. */
static gboolean
send_idmapped_trees (const SboxPlan *plan, pid_t child, int sync_fd, GError **error)
{
  if (!plan->sandbox.ids.drop_root)
    return TRUE;
  g_autofree char *ns_path = g_strdup_printf ("/proc/%d/ns/user", (int) child);
  int userns = open (ns_path, O_RDONLY | O_CLOEXEC);
  if (userns < 0)
    return sbox_error_set_errno (error, errno, "cannot open %s", ns_path);
  gboolean ok = TRUE;
  for (guint i = 0; ok && i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if (!sbox_mount_wants_idmap (&plan->sandbox.ids, op))
        continue;
      /* Opened as the child opens sources (mount.c); one the walk refuses
       * or misses goes over as none, and the child reports or skips it. */
      SboxPathsOpenFlags flags = op->origin ? SBOX_PATHS_CONFINED : SBOX_PATHS_FOLLOW;
      if (op->flags & SBOX_FS_FLAG_CREATE)
        flags |= SBOX_PATHS_CREATE;
      int source = sbox_paths_open_grant (op->source, flags, plan->sandbox.home,
                                          (const char *const *) plan->sandbox.own_state, NULL);
      int tree = source < 0 ? -1
                            : open_tree (source, "",
                                         OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE
                                             | AT_EMPTY_PATH);
      if (source >= 0)
        close (source);
      struct mount_attr attr = { .attr_set = MOUNT_ATTR_IDMAP | MOUNT_ATTR_NOSUID
                                             | MOUNT_ATTR_NODEV,
                                 .userns_fd = (guint64) userns };
      if (tree >= 0
          && mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &attr, sizeof attr) != 0)
        {
          if (!plan->run.quiet)
            sbox_error_printf ("cannot idmap %s (%s): bound as it is, the sandbox's uid may "
                               "not write it",
                               op->source, g_strerror (errno));
          close (tree);
          tree = -1;
        }
      ok = sbox_sync_send_fd (sync_fd, SBOX_STEP_IDMAPPED_TREE, tree) == 0;
      if (tree >= 0)
        close (tree);
    }
  close (userns);
  if (!ok)
    return sbox_error_set_errno (error, errno, "cannot hand the idmapped trees over");
  return TRUE;
}

/* bwrap's --userns-block-fd: the caller, having read --info-fd, writes the
 * maps itself, then a byte (or closes the descriptor). A child that dies
 * meanwhile ends the wait; the monitor reports it. */
static void
wait_for_caller_maps (const SboxPlan *plan, int pidfd, int sync_fd)
{
  struct pollfd fds[] = { { .fd = plan->run.userns_block_fd, .events = POLLIN },
                          { .fd = pidfd, .events = POLLIN } };
  while (poll (fds, G_N_ELEMENTS (fds), -1) < 0 && errno == EINTR)
    ;
  char byte;
  if (fds[0].revents && !fds[1].revents)
    while (read (plan->run.userns_block_fd, &byte, 1) < 0 && errno == EINTR)
      ;
  close (plan->run.userns_block_fd);
  sbox_sync_send_step (sync_fd, SBOX_STEP_MAPS_WRITTEN);
}

static char *
caller_terminal (void)
{
  if (!isatty (STDIN_FILENO))
    return NULL;
  const char *name = ttyname (STDIN_FILENO);
  return name ? g_strdup (name) : NULL;
}

/* Without doors the directory only serves --list and --kill: a sandbox
 * still starts when it cannot be made (a foreign /tmp/sbox-UID, say); the
 * launcher's copy of the place then has no directory. */
static gboolean
create_instance_dir (const SboxPlan *plan, SboxInstancePlace *place, GError **error)
{
  if (sbox_instance_create_dir (place, error))
    return TRUE;
  if (place->name /* a name no one could see is no claim */ || plan->sandbox.proxies->len > 0
      || plan->sandbox.audio_upstream
      || plan->sandbox.net_proxy_socket) /* their sockets live there */
    return FALSE;
  if (plan->run.verbose)
    sbox_error_printf ("%s; this sandbox will not show in --list", (*error)->message);
  g_clear_error (error);
  place->dir = NULL;
  return TRUE;
}

/* argv and envp for execve: the plan's arrays with a NULL after them, the
 * strings borrowed from the plan. */
static char **
null_terminated (const GPtrArray *strings)
{
  char **out = g_new (char *, strings->len + 1);
  for (guint i = 0; i < strings->len; i++)
    out[i] = g_ptr_array_index (strings, i);
  out[strings->len] = NULL;
  return out;
}

/* The confinement mode's process goes through the same signal handling,
 * timeout and exit status as a sandbox's (confine-mode.c). */
static void
block_for_monitor (sigset_t *set, sigset_t *old)
{
  block_signals (set, old, NULL);
}

static int
monitor_plain (const SboxPlan *plan, int pidfd, int sync_fd, const sigset_t *signals,
               const SboxMonitorListener *listener)
{
  return monitor (plan, pidfd, sync_fd, signals, listener, NULL);
}

static void
learn_set (gpointer learn, int fd)
{
  sbox_learn_set_listener (learn, fd);
}

static int
learn_fd (gpointer learn)
{
  return sbox_learn_listener (learn);
}

static gboolean
learn_handle (gpointer learn)
{
  return sbox_learn_handle (learn);
}

/* Network=filtered: the proxy outside, serving before the command starts.
 * It ends when the launcher does (its lifeline), killed or not. */
static gboolean
start_net_proxy (const SboxPlan *plan, SboxNetProxy *proxy, GError **error)
{
  if (plan->sandbox.net_proxy_socket == NULL)
    return TRUE;
  g_autoptr (GPtrArray) hosts = g_ptr_array_new ();
  for (guint i = 0; i < plan->sandbox.allow_hosts->len; i++)
    g_ptr_array_add (hosts,
                     ((SboxPlanItem *) g_ptr_array_index (plan->sandbox.allow_hosts, i))->value);
  g_ptr_array_add (hosts, NULL);
  SboxNetProxyConfig config = {
    .program = "/proc/self/exe",
    .socket_path = plan->sandbox.net_proxy_socket,
    .allow_hosts = (const char *const *) hosts->pdata,
    .log_fd = plan->run.json_status_fd,
    .verbose = plan->run.verbose,
  };
  /* Its socket listens already; run_compiled waits for it to serve while
   * the child builds the sandbox. */
  return sbox_net_proxy_start (&config, proxy, error);
}

/* Every helper on its way, none waited for. */
static gboolean
start_helpers (const SboxPlan *plan, Helpers *helpers, SboxAudioFilter *audio, GError **error)
{
  sbox_timing_mark (SBOX_PHASE_INSTANCE);
  if (!sbox_dbus_spawn_proxies (plan, helpers->proxies, error))
    return FALSE;
  const char *app_name = plan->app_id         ? plan->app_id
                         : plan->profile_name ? plan->profile_name
                                              : "noprofile";
  if (plan->sandbox.audio_upstream
      && !sbox_audio_filter_start (plan->sandbox.audio_upstream, plan->sandbox.audio_socket,
                                   app_name, plan->run.verbose, audio, error))
    return FALSE;
  if (!start_net_proxy (plan, helpers->net_proxy, error))
    return FALSE;
  sbox_timing_mark (SBOX_PHASE_HELPERS);
  return TRUE;
}

#define SBOX_LAUNCHER_FDS 64

/* -1 when WANTED descriptors can be opened beside those open now; else how
 * many could. Counted from the limit and /proc/self/fd in a few calls; by
 * opening them one by one only without /proc. */
static int
enough_descriptors (int wanted)
{
  struct rlimit limit;
  DIR *dir = opendir ("/proc/self/fd");
  if (dir && getrlimit (RLIMIT_NOFILE, &limit) == 0)
    {
      int self = dirfd (dir);
      guint64 below_limit = 0;
      struct dirent *entry;
      while ((entry = readdir (dir)))
        {
          guint64 fd;
          if (g_ascii_string_to_unsigned (entry->d_name, 10, 0, G_MAXINT, &fd, NULL)
              && (int) fd != self && (limit.rlim_cur == RLIM_INFINITY || fd < limit.rlim_cur))
            below_limit++;
        }
      closedir (dir);
      if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= below_limit + (guint64) wanted)
        return -1;
      return (int) (limit.rlim_cur > below_limit ? limit.rlim_cur - below_limit : 0);
    }
  if (dir)
    closedir (dir);
  int fds[SBOX_LAUNCHER_FDS];
  int got = 0;
  if ((fds[0] = open ("/", O_PATH | O_CLOEXEC)) >= 0)
    for (got = 1; got < wanted && (fds[got] = fcntl (fds[0], F_DUPFD_CLOEXEC, 3)) >= 0;)
      got++;
  for (int i = 0; i < got; i++)
    close (fds[i]);
  return got == wanted ? -1 : got;
}

static int run_compiled (const SboxPlan *plan, const SboxInstancePlace *place,
                         const SboxSeccompFilters *seccomp, const struct sock_fprog *learn_filter,
                         SboxLearn *learn, Helpers *helpers);

int
sbox_launch_run (const SboxPlan *plan)
{
  /* Nothing the caller left open leaks into the sandbox, unless the plan
   * hands the caller's descriptors on as bubblewrap does. */
  if (!plan->run.keep_fds)
    syscall (SYS_close_range, 3, ~0U, CLOSE_RANGE_CLOEXEC);
  /* A launcher holds dozens of descriptors at once (namespaces, pidfd,
   * signalfd, sockets, the --enter data): with fewer it would fail half
   * way, in a message about whichever came last. */
  int spare = enough_descriptors (SBOX_LAUNCHER_FDS);
  if (spare >= 0)
    {
      sbox_error_printf ("too few file descriptors: %d free, a start needs %d (raise ulimit -n)",
                         spare, SBOX_LAUNCHER_FDS);
      return own_failure (plan);
    }
  sbox_timing_mark (SBOX_PHASE_PLAN);
  if (g_str_equal (plan->sandbox.mode, "confine"))
    {
      int status = sbox_confine_mode_run (plan, &(SboxConfineModeMonitor){ block_for_monitor,
                                                                           monitor_plain });
      sbox_timing_report ();
      return status;
    }

  g_autoptr (GError) error = NULL;
  SboxSeccompFilters seccomp;
  struct sock_fprog learn_filter = { 0 };
  if (!sbox_seccomp_compile (&plan->sandbox, &seccomp, &error)
      || (plan->run.learn_output
          && !sbox_seccomp_compile_learn (&plan->sandbox, &learn_filter, &error)))
    {
      report (error->message);
      sbox_seccomp_filters_clear (&seccomp);
      return own_failure (plan);
    }
  sbox_timing_mark (SBOX_PHASE_COMPILE);
  g_autoptr (SboxLearn) learn = plan->run.learn_output ? sbox_learn_new (plan) : NULL;
  g_autoptr (GArray) proxies = g_array_new (FALSE, FALSE, sizeof (SboxProxyProcess));
  SboxAudioFilter audio = { 0 };
  SboxNetProxy net_proxy = { .lifeline = -1, .ready = -1 };
  int status = own_failure (plan);
  SboxInstancePlace place = plan->instance; /* borrowed strings */
  sbox_instance_clean_stale (&place);
  Helpers helpers = { .proxies = proxies, .net_proxy = &net_proxy };
  if (sbox_instance_check_name (&place, &error) && create_instance_dir (plan, &place, &error)
      && start_helpers (plan, &helpers, &audio, &error))
    status = run_compiled (plan, &place, &seccomp, learn ? &learn_filter : NULL, learn, &helpers);
  else
    report (error->message);
  g_clear_error (&error);
  sbox_dbus_kill_proxies (proxies);
  sbox_audio_filter_stop (&audio);
  sbox_net_proxy_stop (&net_proxy);
  sbox_instance_release_name ();
  sbox_instance_remove_dir (&place);
  sbox_dbus_stop_proxies (proxies);
  sbox_seccomp_filters_clear (&seccomp);
  g_free (learn_filter.filter);
  if (learn && !sbox_learn_write (learn, &error))
    {
      report (error->message);
      return own_failure (plan);
    }
  if (learn && plan->run.verbose)
    sbox_error_printf ("learn: wrote %s and %s.syscalls", plan->run.learn_output,
                       plan->run.learn_output);
  sbox_timing_mark (SBOX_PHASE_TEARDOWN);
  sbox_timing_report ();
  return status;
}

/* Once: until every helper serves (a proxy that fails ends the start). */
static gboolean
wait_for_helpers (const SboxPlan *plan, Helpers *helpers, GError **error)
{
  if (helpers->serving)
    return TRUE;
  if (!sbox_dbus_wait_proxies (plan, helpers->proxies, error)
      || (helpers->net_proxy->pid > 0 && !sbox_net_proxy_ready (helpers->net_proxy, error)))
    return FALSE;
  helpers->serving = TRUE;
  return TRUE;
}

/* The sandbox binds the helpers' sockets: it waits for the word (mount.c).
 * A root caller's binds are idmapped trees of the sockets, made here
 * before the maps' go: those wait for the helpers first. */
static gboolean
release_helpers (const SboxPlan *plan, Helpers *helpers, int sync_fd, GError **error)
{
  if (!wait_for_helpers (plan, helpers, error))
    return FALSE;
  if (!sbox_mount_waits_for_helpers (&plan->sandbox))
    return TRUE;
  sbox_timing_mark (SBOX_PHASE_HELPERS_WAIT);
  if (sbox_sync_send_step (sync_fd, SBOX_STEP_HELPERS_READY) != 0)
    return sbox_error_set_errno (error, errno, "cannot release the sandbox");
  return TRUE;
}

/* From the clone to the go: the maps, a root caller's idmapped trees, the
 * namespaces taken (for --enter and --info-fd; the child sent them before
 * it began to wait for the maps), pasta, the helpers. The maps are the
 * caller's with --userns-block-fd (written once the caller says) and there
 * are none to write in a joined user namespace; the child waits for the go
 * all the same. */
static gboolean
release_child (const SboxPlan *plan, const SboxChildArgs *args, pid_t child, int sync_fd,
               SboxPasta *pasta, Helpers *helpers, SboxNsHeld *held, GError **error)
{
  if (!args->maps_by_child && plan->run.userns_block_fd < 0)
    {
      if ((plan->sandbox.namespaces & SBOX_NS_USER) && !write_maps (plan, child, error))
        return FALSE;
      if (sbox_sync_send_step (sync_fd, SBOX_STEP_MAPS_WRITTEN) != 0)
        return sbox_error_set_errno (error, errno, "cannot release the sandbox");
    }
  sbox_timing_mark (SBOX_PHASE_MAPS);
  if ((plan->sandbox.ids.drop_root && !wait_for_helpers (plan, helpers, error))
      || !send_idmapped_trees (plan, child, sync_fd, error)
      || !sbox_ns_receive_held (sync_fd, held, error))
    return FALSE;
  if (pasta && !sbox_pasta_start (pasta, plan, child, error))
    return FALSE;
  if (pasta && sbox_sync_send_step (sync_fd, SBOX_STEP_NET_READY) != 0)
    return sbox_error_set_errno (error, errno, "cannot release the sandbox");
  sbox_timing_mark (SBOX_PHASE_RELEASE);
  return release_helpers (plan, helpers, sync_fd, error);
}

static int
run_compiled (const SboxPlan *plan, const SboxInstancePlace *place,
              const SboxSeccompFilters *seccomp, const struct sock_fprog *learn_filter,
              SboxLearn *learn, Helpers *helpers)
{
  g_autoptr (GError) pty_error = NULL;
  /* Terminal stdio: the sandbox gets a pty of its own (pty.c). */
  g_autoptr (SboxPty) pty = sbox_pty_open (plan->run.pty && plan->run.new_session,
                                           !plan->run.as_pid_1, &pty_error);
  if (pty_error)
    {
      report (pty_error->message);
      return own_failure (plan);
    }
  /* The plan's rlimits, and the cgroup's fallback when there is no cgroup. */
  gboolean use_cgroup;
  SboxConfinement confinement;
  g_autoptr (GArray) rlimits = sbox_confine_settle (&plan->sandbox, plan->run.quiet,
                                                    plan->run.verbose, &use_cgroup, &confinement);
  g_autofree char *console = pty ? g_strdup (sbox_pty_slave_path (pty)) : caller_terminal ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char **argv = null_terminated (plan->run.argv);
  g_autofree char **envp = null_terminated (plan->sandbox.env);
  SboxChildArgs args = {
    .plan = plan,
    .console = console,
    .pty = pty,
    .cwd = cwd,
    .argv = argv,
    .envp = envp,
    .confinement = &confinement,
    .seccomp = seccomp,
    .learn_filter = learn_filter,
    .maps_by_child = (plan->sandbox.namespaces & SBOX_NS_USER) && !plan->sandbox.ids.drop_root
                     && !use_cgroup && plan->run.userns_block_fd < 0,
    .outside_uid = getuid (),
    .outside_gid = getgid (),
  };

  /* Network=isolated: pasta outside, the refusals inside (net-policy.c);
   * pasta joins the user namespace once the launcher has mapped it. */
  gboolean isolated = g_str_equal (sbox_sandbox_network (&plan->sandbox), "isolated");
  g_autofree SboxNetRules *net_rules = isolated ? g_new0 (SboxNetRules, 1) : NULL;
  g_auto (SboxPasta) pasta = { .lifeline = -1 };
  g_autoptr (GError) net_error = NULL;
  if (isolated
      && (!sbox_pasta_check (&pasta, &net_error) || !sbox_net_policy_rules (net_rules, &net_error)))
    {
      report (net_error->message);
      return SBOX_EXIT_FAILURE;
    }
  args.net_rules = net_rules;
  args.maps_by_child &= !isolated;

  int fds[2];
  if (sbox_sync_pair (fds) != 0)
    {
      report ("cannot create the sync channel");
      return own_failure (plan);
    }
  args.sync_fd = fds[1];

  sigset_t signals, old_mask;
  block_signals (&signals, &old_mask, pty);
  fflush (NULL);
  sbox_timing_mark (SBOX_PHASE_PREPARE);

  g_autoptr (GError) error = NULL;
  /* A pid namespace of the sandbox's own beneath a joined one is made by
   * the first process (ns.c). */
  gboolean hop = plan->sandbox.pidns_fd >= 0 && (plan->sandbox.namespaces & SBOX_NS_PID);
  if (!sbox_ns_join_given (plan->sandbox.userns_fd, plan->sandbox.pidns_fd, &error))
    {
      report (error->message);
      close (fds[0]);
      close (fds[1]);
      return own_failure (plan);
    }
  int pidfd = -1;
  pid_t child = sbox_ns_clone (sbox_ns_clone_flags (plan->sandbox.namespaces
                                                    & ~(hop ? SBOX_NS_PID : 0)),
                               &pidfd, NULL);
  if (child == 0)
    {
      close (fds[0]);
      sbox_child_run (&args);
    }
  int clone_errno = errno;
  sbox_timing_mark (SBOX_PHASE_CLONE);
  close (fds[1]);
  if (child < 0)
    {
      g_autofree char *reason = sbox_doctor_userns_reason (clone_errno);
      g_autofree char *text
          = g_strdup_printf ("cannot create the sandbox's namespaces: %s%s%s; see sbox --doctor",
                             g_strerror (clone_errno), reason ? ": " : "", reason ? reason : "");
      report (text);
      close (fds[0]);
      return own_failure (plan);
    }

  if (hop && !sbox_ns_receive_hop (fds[0], &pidfd, &child, &error))
    {
      report (error->message);
      kill_and_reap (pidfd);
      close (fds[0]);
      return own_failure (plan);
    }

  SboxNsHeld held;
  for (int i = 0; i < SBOX_NS_KINDS; i++)
    held.fds[i] = -1;
  g_autofree char *cgroup = NULL;
  gboolean caller_maps = plan->run.userns_block_fd >= 0;
  if (plan->run.verbose && !args.maps_by_child)
    sbox_error_printf ("writing uid/gid maps for %d", (int) child);
  if ((use_cgroup
       && !sbox_cgroup_enter (&plan->sandbox.limits, plan->instance.id, child, &cgroup, &error))
      || !release_child (plan, &args, child, fds[0], isolated ? &pasta : NULL, helpers, &held,
                         &error))
    {
      report (error ? error->message : "cannot release the sandbox");
      kill_and_reap (pidfd);
      close (fds[0]);
      sbox_cgroup_remove (cgroup);
      sbox_ns_release (&held);
      return own_failure (plan);
    }

  int enter_fd = sbox_instance_write_info (plan, place, rlimits, seccomp, &held, cgroup, child,
                                           &error);
  if (error)
    {
      report (error->message);
      g_clear_error (&error);
    }
  sbox_status_started (plan, plan->run.json_status_fd, child);
  sbox_timing_mark (SBOX_PHASE_INFO);
  const SboxMonitorListener learn_listener = { learn, learn_set, learn_fd, learn_handle };
  int status;
  if (!sbox_status_info (plan, plan->run.info_fd, &held, child, &error))
    {
      report (error->message);
      kill_and_reap (pidfd);
      status = own_failure (plan);
    }
  else
    {
      if (caller_maps)
        wait_for_caller_maps (plan, pidfd, fds[0]);
      status = monitor (plan, pidfd, fds[0], &signals, learn ? &learn_listener : NULL, pty);
    }
  sbox_pasta_stop (&pasta);
  sbox_ns_release (&held);
  if (enter_fd >= 0)
    close (enter_fd);
  sbox_cgroup_remove (cgroup);
  close (fds[0]);
  close (pidfd);
  g_clear_pointer (&pty, sbox_pty_close);
  sigprocmask (SIG_SETMASK, &old_mask, NULL);
  return status;
}
