/* child.c — the clone→execve sequence: one call per step, nothing else.
 * Runs in the fork-like child of a single-threaded parent: no threads, no
 * GIO; errors travel back to the parent over the sync channel. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "caps.h"
#include "child.h"
#include "confine.h"
#include "error.h"
#include "init.h"
#include "mount.h"
#include "net-proxy.h"
#include "net.h"
#include "ns.h"
#include "sync.h"
#include "timing.h"

static void
step (const SboxPlan *plan, const char *what)
{
  if (plan->run.verbose)
    dprintf (STDERR_FILENO, "sbox: %s\n", what);
}

static G_NORETURN void
fail (const SboxChildArgs *args, const SboxSyncMsg *msg)
{
  sbox_sync_send_error (args->sync_fd, msg);
  guint status = args->plan->run.failure_status;
  _exit (status ? (int) status : sbox_sync_exit_status (msg));
}

/* Die with the launcher, and have the id maps written: by this process
 * when it can, else by the launcher, whose go it waits for. EOF means the
 * launcher is gone or gave up. */
static int
wait_for_parent (const SboxChildArgs *args, SboxSyncMsg *msg)
{
  if (args->plan->run.die_with_parent && prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
    return sbox_sync_fail (msg, errno, "cannot set the parent-death signal");
  if (args->maps_by_child)
    {
      /* The launcher sends no go in this case (its word on the helpers
       * may be queued already): a hangup is its end closing, perhaps
       * before the death signal was armed. */
      struct pollfd gone = { .fd = args->sync_fd, .events = POLLIN };
      if (poll (&gone, 1, 0) != 0 && (gone.revents & (POLLHUP | POLLERR)))
        _exit (SBOX_EXIT_FAILURE);
      return sbox_ns_write_own_maps (args->plan->sandbox.ids.uid, args->outside_uid,
                                     args->plan->sandbox.ids.gid, args->outside_gid, msg);
    }
  SboxSyncMsg go;
  int ret = sbox_sync_recv (args->sync_fd, &go, NULL);
  if (ret <= 0 || go.step != SBOX_STEP_MAPS_WRITTEN)
    _exit (SBOX_EXIT_FAILURE);
  return 0;
}

/* Root callers' sandboxes: trees the launcher idmapped, one per op that
 * wants it, sent right after the maps. */
static int *
receive_idmapped (const SboxChildArgs *args)
{
  const SboxPlan *plan = args->plan;
  if (!plan->sandbox.ids.drop_root)
    return NULL;
  int *fds = g_new (int, plan->sandbox.fs_ops->len);
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      fds[i] = -1;
      if (!sbox_mount_wants_idmap (&plan->sandbox.ids, g_ptr_array_index (plan->sandbox.fs_ops, i)))
        continue;
      SboxSyncMsg tree;
      if (sbox_sync_recv (args->sync_fd, &tree, &fds[i]) <= 0
          || tree.step != SBOX_STEP_IDMAPPED_TREE)
        _exit (SBOX_EXIT_FAILURE);
    }
  return fds;
}

/* The sandbox's ids, taken as --enter takes them (confine.c). Root
 * callers' sandboxes become their unprivileged uid here, once the mounts
 * that needed real root's access are done. */
static int
take_ids (const SboxChildArgs *args, SboxSyncMsg *msg)
{
  const SboxPlan *plan = args->plan;
  uid_t uid = plan->sandbox.ids.uid;
  gid_t gid = plan->sandbox.ids.gid;
  /* In a user namespace the caller set up (bwrap's --userns, and
   * --userns-block-fd's maps) the ids are what its maps make of the
   * caller's own, as under bwrap: with --userns, --uid and --gid switch
   * only when they name other ids than the caller's. */
  gboolean keep_uid = plan->run.userns_block_fd >= 0
                      || (plan->sandbox.userns_fd >= 0 && uid == args->outside_uid);
  gboolean keep_gid = plan->run.userns_block_fd >= 0
                      || (plan->sandbox.userns_fd >= 0 && gid == args->outside_gid);
  if (keep_uid && keep_gid)
    return 0;
  if (keep_uid || keep_gid)
    {
      uid = keep_uid ? getuid () : uid;
      gid = keep_gid ? getgid () : gid;
    }
  if (plan->sandbox.ids.drop_root)
    {
      step (plan, "switching to the unprivileged uid");
      /* Done already, and denied since, in --disable-userns's namespace. */
      if (setgroups (0, NULL) != 0 && !plan->sandbox.disable_userns)
        return sbox_sync_fail (msg, errno, "cannot drop the supplementary groups");
    }
  if (sbox_confine_set_ids (uid, gid, msg) != 0)
    return -1;
  /* Switching from root clears the parent-death signal. */
  if (plan->sandbox.ids.drop_root && plan->run.die_with_parent
      && prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0)
    return sbox_sync_fail (msg, errno, "cannot set the parent-death signal");
  return 0;
}

/* Network=filtered: the forwarder the proxy variables name, listening on
 * the sandbox's loopback and handing each client to the proxy outside. A
 * child of init (or, with --as-pid-1, of the command), it drops every
 * capability, confines itself (net-proxy.c) and dies with its parent. The
 * command starts once it listens. */
static int
start_forwarder (const SboxPlan *plan, SboxSyncMsg *msg)
{
  if (plan->sandbox.net_proxy_inside == NULL || !(plan->sandbox.namespaces & SBOX_NS_NET))
    return 0;
  step (plan, "starting the network forwarder");
  int ready[2];
  if (pipe2 (ready, O_CLOEXEC) != 0)
    return sbox_sync_fail (msg, errno, "cannot start the network forwarder");
  pid_t pid = fork ();
  if (pid < 0)
    {
      int errsv = errno;
      close (ready[0]);
      close (ready[1]);
      return sbox_sync_fail (msg, errsv, "cannot start the network forwarder");
    }
  if (pid == 0)
    {
      close (ready[0]);
      const char *what = NULL;
      if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0 || sbox_caps_drop (&what) != 0)
        _exit (SBOX_EXIT_FAILURE);
      _exit (sbox_net_proxy_forward_run (SBOX_NET_FORWARD_PORT, plan->sandbox.net_proxy_inside, -1,
                                         ready[1]));
    }
  close (ready[1]);
  char line[16];
  ssize_t n;
  do
    n = read (ready[0], line, sizeof line);
  while (n < 0 && errno == EINTR);
  close (ready[0]);
  if (n <= 0)
    return sbox_sync_fail (msg, 0, "the network forwarder did not start at 127.0.0.1:%u",
                           SBOX_NET_FORWARD_PORT);
  return 0;
}

static int
setup_network (const SboxChildArgs *args, SboxSyncMsg *msg)
{
  const SboxPlan *plan = args->plan;
  if (!(plan->sandbox.namespaces & SBOX_NS_NET))
    return 0;
  step (plan, "bringing up lo");
  if (sbox_net_loopback_up () != 0)
    return sbox_sync_fail (msg, errno, "cannot bring up the loopback interface");
  if (args->net_rules == NULL)
    return 0;
  /* pasta, outside, makes and configures the interface meanwhile. */
  SboxSyncMsg go;
  if (sbox_sync_recv (args->sync_fd, &go, NULL) <= 0 || go.step != SBOX_STEP_NET_READY)
    _exit (SBOX_EXIT_FAILURE);
  step (plan, "refusing the host, its networks, link-local and the private ranges (routing rules)");
  guint failed = 0;
  if (sbox_net_apply_rules (args->net_rules, &failed) != 0)
    return sbox_sync_fail (msg, errno, "cannot add routing rule %u of Network=isolated", failed);
  return 0;
}

static int
setup_hostname (const SboxPlan *plan, SboxSyncMsg *msg)
{
  if (plan->sandbox.hostname == NULL)
    return 0;
  step (plan, "setting the hostname");
  if (sbox_ns_set_hostname (plan->sandbox.hostname) != 0)
    return sbox_sync_fail (msg, errno, "cannot set hostname %s", plan->sandbox.hostname);
  return 0;
}

/* A nested user namespace for the command (bwrap's --disable-userns and
 * --cap-add), first half, while the host's /proc is still in view: with
 * --disable-userns the sandbox's user namespace allows one more beneath it
 * (a per-namespace sysctl, written for the writer's own namespace); and a
 * handle on this process's /proc directory for the maps written later.
 * Returns that handle, -1 when not asked for, -2 on failure. */
static int
limit_userns (const SboxPlan *plan, SboxSyncMsg *msg)
{
  /* Only in a user namespace made here, as bwrap nests one (--userns and
   * --userns-block-fd leave the caller's namespace as it is). */
  if ((!plan->sandbox.disable_userns && !plan->sandbox.keep_caps)
      || !(plan->sandbox.namespaces & SBOX_NS_USER) || plan->run.userns_block_fd >= 0)
    return -1;
  if (plan->sandbox.disable_userns)
    {
      step (plan, "allowing one more user namespace (--disable-userns)");
      int fd = open ("/proc/sys/user/max_user_namespaces", O_WRONLY | O_CLOEXEC);
      if (fd < 0 || write (fd, "1", 1) != 1)
        {
          sbox_sync_fail (msg, errno, "cannot set user.max_user_namespaces");
          return -2;
        }
      close (fd);
    }
  int self = open ("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (self < 0)
    {
      sbox_sync_fail (msg, errno, "cannot open /proc/self");
      return -2;
    }
  return self;
}

static int
write_at (int dir, const char *name, const char *text)
{
  int fd = openat (dir, name, O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  ssize_t len = (ssize_t) strlen (text);
  int ret = write (fd, text, (size_t) len) == len ? 0 : -1;
  int errsv = errno;
  close (fd);
  errno = errsv;
  return ret;
}

/* Second half, once the mounts are made: the command goes into a nested
 * user namespace (which uses up the one --disable-userns allows), its ids
 * mapped to themselves. The other namespaces stay owned by the outer one:
 * capabilities kept with --cap-add reach none of them (no remounting a
 * read-only bind, no reconfiguring the network), as under bwrap. */
static int
nest_userns (const SboxPlan *plan, int self, SboxSyncMsg *msg)
{
  char map[64];
  uid_t uid = getuid ();
  gid_t gid = getgid ();
  step (plan, "entering a nested user namespace");
  /* The gid map of a namespace made without privilege over its parent
   * needs setgroups denied: the groups go first (where the outer
   * namespace still allows it: a root caller's). */
  if (setgroups (0, NULL) != 0 && errno != EPERM)
    return sbox_sync_fail (msg, errno, "cannot drop the supplementary groups");
  if (unshare (CLONE_NEWUSER) != 0)
    return sbox_sync_fail (msg, errno, "cannot make the nested user namespace");
  g_snprintf (map, sizeof map, "%u %u 1\n", (guint) uid, (guint) uid);
  if (write_at (self, "uid_map", map) != 0)
    return sbox_sync_fail (msg, errno, "cannot write the nested uid map");
  g_snprintf (map, sizeof map, "%u %u 1\n", (guint) gid, (guint) gid);
  if (write_at (self, "setgroups", "deny") != 0 || write_at (self, "gid_map", map) != 0)
    return sbox_sync_fail (msg, errno, "cannot write the nested gid map");
  close (self);
  return 0;
}

/* --assert-userns-disabled: making a user namespace must fail now. */
static int
assert_no_userns (const SboxPlan *plan, SboxSyncMsg *msg)
{
  if (!plan->sandbox.assert_userns_disabled || unshare (CLONE_NEWUSER) != 0)
    return 0;
  return sbox_sync_fail (msg, 0, "creation of new user namespaces was not disabled as requested");
}

/* bubblewrap's steps once the root is built (plan.h, run.keep_fds…): the
 * locks held while the sandbox runs (by init, or by the command when it is
 * PID 1 and inherits them), the wait on block_fd, and $PWD. */
static int
take_locks (const SboxPlan *plan, SboxSyncMsg *msg)
{
  for (guint i = 0; i < plan->run.lock_files->len; i++)
    {
      const char *path = g_ptr_array_index (plan->run.lock_files, i);
      int fd = open (path, O_RDONLY | (plan->run.as_pid_1 ? 0 : O_CLOEXEC));
      struct flock lock = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
      if (fd < 0 || fcntl (fd, F_SETLK, &lock) != 0)
        return sbox_sync_fail (msg, errno, "Unable to %s lock file %s", fd < 0 ? "open" : "lock",
                               path);
    }
  return 0;
}

static void
wait_for_block_fd (const SboxPlan *plan)
{
  char byte;
  if (plan->run.block_fd < 0)
    return;
  while (read (plan->run.block_fd, &byte, 1) < 0 && errno == EINTR)
    ;
  close (plan->run.block_fd);
}

/* args with $PWD set to the working directory the command starts in, in
 * its place when the environment has one (as setenv does). */
static const SboxChildArgs *
with_pwd (const SboxChildArgs *args, SboxChildArgs *copy)
{
  g_autofree char *cwd = g_get_current_dir ();
  char *pwd = g_strconcat ("PWD=", cwd, NULL);
  GPtrArray *env = g_ptr_array_new ();
  gboolean placed = FALSE;
  for (char *const *e = args->envp; *e; e++)
    {
      gboolean is_pwd = g_str_has_prefix (*e, "PWD=");
      if (is_pwd && placed)
        continue;
      g_ptr_array_add (env, is_pwd ? pwd : *e);
      placed |= is_pwd;
    }
  if (!placed)
    g_ptr_array_add (env, pwd);
  g_ptr_array_add (env, NULL);
  *copy = *args;
  copy->envp = (char *const *) g_ptr_array_free (env, FALSE);
  return copy;
}

/* args with argv[0] replaced by bwrap's --argv0. */
static const SboxChildArgs *
with_argv0 (const SboxChildArgs *args, SboxChildArgs *copy)
{
  guint n = 0;
  while (args->argv[n])
    n++;
  char **argv = g_new (char *, n + 1);
  memcpy (argv, args->argv, (n + 1) * sizeof *argv);
  argv[0] = args->plan->run.argv0;
  *copy = *args;
  copy->argv = argv;
  return copy;
}

static G_NORETURN void
exec_command (const SboxChildArgs *args)
{
  SboxSyncMsg msg = { 0 };
  /* A new session: the command cannot push input into the caller's
   * terminal with TIOCSTI (CVE-2017-5226). With a pty of its own, init's
   * session (or the command's as PID 1), the slave its terminal. */
  const SboxPty *pty = args->pty;
  if (pty ? (args->plan->run.as_pid_1 ? sbox_pty_child_session (pty) : sbox_pty_child_command (pty))
          : (args->plan->run.new_session ? setsid () < 0 : 0))
    {
      sbox_sync_fail (&msg, errno, "cannot start a new session");
      fail (args, &msg);
    }
  sbox_init_reset_signals ();
  if (args->learn_filter)
    {
      int listener = sbox_seccomp_install_listener (args->learn_filter);
      if (listener < 0 || sbox_sync_send_fd (args->sync_fd, SBOX_STEP_LISTENER, listener) != 0)
        {
          sbox_sync_fail (&msg, errno, "cannot start learn mode");
          fail (args, &msg);
        }
      close (listener);
    }
  sbox_timing_mark (SBOX_PHASE_SESSION);
  /* The program is the plan's command even when argv[0] says otherwise. */
  sbox_confine_exec_file (g_ptr_array_index (args->plan->run.argv, 0), args->argv, args->envp,
                          &msg);
  fail (args, &msg);
}

static int
command_entry (void *data)
{
  sbox_timing_enter (SBOX_TIMING_COMMAND);
  exec_command (data);
}

/* The command shares init's memory until it execs (as posix_spawn does):
 * copying the launcher's address space for a process that execs at once is
 * the slowest step of a start. Init waits meanwhile, and the command's
 * side only writes its own stack, its own kernel state and environ (which
 * init never reads). */
static pid_t
spawn_command (const SboxChildArgs *args)
{
#ifdef __SANITIZE_ADDRESS__
  /* AddressSanitizer cannot follow a switch to another stack: its builds
   * (--enable-sanitizers=address) fork. A build with UBSan alone
   * (--enable-sanitizers=undefined) keeps the clone below. */
  step (args->plan, "starting the command under init (fork: AddressSanitizer build)");
  pid_t pid = fork ();
  if (pid == 0)
    command_entry ((void *) args);
  return pid;
#else
  static char stack[64 * 1024] __attribute__ ((aligned (16)));
  step (args->plan, "starting the command under init (clone CLONE_VM|CLONE_VFORK)");
  pid_t pid = clone (command_entry, stack + sizeof stack, CLONE_VM | CLONE_VFORK | SIGCHLD,
                     (void *) args);
  /* The command has exec'd or died (CLONE_VFORK): its stack is dead, and
   * init waits for the sandbox's whole life. */
  madvise (stack, sizeof stack, MADV_DONTNEED);
  return pid;
#endif
}

void
sbox_child_run (const SboxChildArgs *args)
{
  const SboxPlan *plan = args->plan;
  SboxSyncMsg msg = { 0 };
  sbox_timing_enter (SBOX_TIMING_SANDBOX);
  sbox_timing_mark (SBOX_PHASE_CLONE);

  /* The launcher writes --info-fd; a caller reading it to its end must not
   * wait for this process (with --userns-block-fd it waits for the caller). */
  if (plan->run.info_fd >= 0)
    close (plan->run.info_fd);
  if (plan->sandbox.pidns_fd >= 0 && (plan->sandbox.namespaces & SBOX_NS_PID)
      && sbox_ns_hop_into_new_pid (args->sync_fd, &msg) != 0)
    fail (args, &msg);
  if (args->pty && sbox_pty_child_stdio (args->pty) != 0)
    {
      sbox_sync_fail (&msg, errno, "cannot make the pseudo-terminal the sandbox's stdio");
      fail (args, &msg);
    }
  /* First, while the launcher writes the maps: nothing waits on this. */
  if (sbox_ns_send_own (args->sync_fd, plan->sandbox.namespaces) != 0)
    _exit (SBOX_EXIT_FAILURE);
  sbox_timing_mark (SBOX_PHASE_NAMESPACES);
  if (wait_for_parent (args, &msg) != 0)
    fail (args, &msg);
  int *idmapped = receive_idmapped (args);
  sbox_timing_mark (SBOX_PHASE_MAPS);
  int self = limit_userns (plan, &msg);
  if (self == -2 || setup_network (args, &msg) != 0 || setup_hostname (plan, &msg) != 0)
    fail (args, &msg);
  sbox_timing_mark (SBOX_PHASE_NETWORK);
  if (sbox_mount_setup_root (&plan->sandbox, plan->run.verbose, plan->run.quiet, args->console,
                             idmapped, args->sync_fd, &msg)
          != 0
      || sbox_ns_enter_userns2 (plan->sandbox.userns2_fd, &msg) != 0
      || (self >= 0 && nest_userns (plan, self, &msg) != 0) || assert_no_userns (plan, &msg) != 0
      || take_ids (args, &msg) != 0
      || sbox_confine_chdir (plan->sandbox.chdir, args->cwd, plan->sandbox.home, &msg) != 0)
    fail (args, &msg);
  SboxChildArgs pwd_args, argv0_args;
  if (plan->run.set_pwd)
    args = with_pwd (args, &pwd_args);
  if (plan->run.argv0)
    args = with_argv0 (args, &argv0_args);
  if (take_locks (plan, &msg) != 0)
    fail (args, &msg);
  wait_for_block_fd (plan);
  int sfd = plan->run.as_pid_1 ? -1 : sbox_init_signalfd ();
  if (!plan->run.as_pid_1 && sfd < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot create init's signalfd");
      fail (args, &msg);
    }
  if (start_forwarder (plan, &msg) != 0)
    fail (args, &msg);
  sbox_timing_mark (SBOX_PHASE_IDS);
  step (plan, "confining: capabilities, no_new_privs, Landlock, rlimits, seccomp");
  if (sbox_confine_apply (args->confinement, args->seccomp, &msg) != 0)
    fail (args, &msg);

  if (plan->run.as_pid_1)
    exec_command (args);

  /* Init is not dumpable now (sbox_confine_apply): the command, which
   * does not exist yet, can never trace it. */
  if (args->pty && sbox_pty_child_session (args->pty) != 0)
    {
      sbox_sync_fail (&msg, errno, "cannot make %s the sandbox's terminal", args->console);
      fail (args, &msg);
    }
  if (sbox_init_prepare () != 0)
    {
      sbox_sync_fail (&msg, errno, "cannot prepare init's signal handling");
      fail (args, &msg);
    }
  sbox_timing_mark (SBOX_PHASE_SPAWN);
  pid_t app = spawn_command (args);
  if (app < 0)
    {
      sbox_sync_fail (&msg, errno, "cannot fork the command");
      fail (args, &msg);
    }
  if (app == 0)
    exec_command (args);
  /* The launcher sees EOF once the command has exec'd and init let go. */
  close (args->sync_fd);
  _exit (sbox_init_run (app, sfd, args->pty));
}
