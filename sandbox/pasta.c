/* pasta.c — Network=isolated's outside half: pasta, attached to the
 * sandbox's network and user namespaces after clone, before the command
 * runs. It is held by a keeper process that kills it once the launcher's
 * lifeline closes, so it never outlives the sandbox, even when sbox is
 * killed with SIGKILL (pasta, joining namespaces and dropping to nobody
 * as root, cannot keep a parent-death signal of its own). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "error.h"
#include "net-policy.h"
#include "pasta.h"

/* pasta writes its pid here once the namespace is configured. */
#define READY_FD 3
#define READY_TIMEOUT_MS 10000

gboolean
sbox_pasta_check (SboxPasta *pasta, GError **error)
{
  pasta->keeper = 0;
  pasta->lifeline = -1;
  pasta->program = g_find_program_in_path ("pasta");
  if (pasta->program == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "Network=isolated needs pasta, which is not installed (Debian package passt)");
      return FALSE;
    }
  /* pasta makes the sandbox's interface from /dev/net/tun, as the caller. */
  if (access ("/dev/net/tun", R_OK | W_OK) != 0)
    return sbox_error_set_errno (error, errno,
                                 "Network=isolated: pasta cannot use /dev/net/tun (Debian makes "
                                 "it mode 0666)");
  return TRUE;
}

static GPtrArray *
pasta_argv (const SboxPasta *pasta, const SboxPlan *plan, pid_t child)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (pasta->program));
  /* In the foreground (the keeper's child), quiet, configuring the
   * namespace itself; no local bypass towards the host's loopback (-T, -U
   * none), the gateway not mapped to the host, no port forwarded in but
   * those published, and only on the host's loopback. */
  const char *fixed[] = { "--foreground", "--quiet",     "--config-net",  "--tcp-ns",
                          "none",         "--udp-ns",    "none",          "--udp-ports",
                          "none",         "--no-map-gw", "--dns-forward", SBOX_NET_POLICY_DNS,
                          "--pid" };
  for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (argv, g_strdup (fixed[i]));
  g_ptr_array_add (argv, g_strdup_printf ("/proc/self/fd/%d", READY_FD));
  GString *ports = g_string_new (NULL);
  for (guint i = 0; i < plan->sandbox.publish->len; i++)
    {
      const SboxPlanItem *item = g_ptr_array_index (plan->sandbox.publish, i);
      g_string_append_printf (ports, "%s127.0.0.1/%s", ports->len ? "," : "", item->value);
    }
  if (ports->len == 0)
    g_string_append (ports, "none");
  g_ptr_array_add (argv, g_strdup ("--tcp-ports"));
  g_ptr_array_add (argv, g_string_free (ports, FALSE));
  /* pasta relays DNS to the resolvers in the host's /etc/resolv.conf,
   * loopback ones included (it reaches them from the host); this
   * version's own --dns breaks the relay, so none is named here. */
  g_ptr_array_add (argv, g_strdup_printf ("%d", (int) child));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* The keeper: pasta's parent, outside the caller's session (no terminal
 * signals); it ends pasta when the lifeline closes and ends with it. */
static G_NORETURN void
keep (char **argv, int ready, int lifeline, pid_t launcher)
{
  /* No parent-death signal: the keeper must outlive the launcher to end
   * pasta, which the lifeline's EOF tells it to do. */
  setsid ();
  if (getppid () != launcher)
    _exit (1);
  sigset_t none;
  sigemptyset (&none);
  sigset_t all;
  sigfillset (&all);
  sigprocmask (SIG_SETMASK, &all, NULL);
  pid_t pid = fork ();
  if (pid == 0)
    {
      sigprocmask (SIG_SETMASK, &none, NULL);
      int null = open ("/dev/null", O_RDONLY | O_CLOEXEC);
      if (null < 0 || dup2 (null, STDIN_FILENO) < 0 || dup2 (ready, READY_FD) < 0)
        _exit (1);
      syscall (SYS_close_range, READY_FD + 1, ~0U, 0);
      /* pasta runs outside the sandbox: it gets none of the caller's
       * variables (LD_PRELOAD, GCONV_PATH, …), which it would act on. */
      char *no_env[] = { NULL };
      execve (argv[0], argv, no_env);
      dprintf (STDERR_FILENO, "sbox: cannot run %s: %s\n", argv[0], strerror (errno));
      _exit (1);
    }
  close (ready);
  if (pid < 0)
    _exit (1);
  /* Until the lifeline closes or pasta ends by itself. */
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  struct pollfd pfds[] = { { .fd = lifeline, .events = POLLIN },
                           { .fd = pidfd, .events = POLLIN } };
  while (poll (pfds, pidfd >= 0 ? 2 : 1, -1) < 0 && errno == EINTR)
    ;
  if (!(pfds[1].revents & POLLIN))
    kill (pid, SIGKILL);
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
  _exit (0);
}

gboolean
sbox_pasta_start (SboxPasta *pasta, const SboxPlan *plan, pid_t child, GError **error)
{
  g_autoptr (GPtrArray) argv = pasta_argv (pasta, plan, child);
  int ready[2], life[2];
  if (pipe2 (ready, O_CLOEXEC) != 0)
    return sbox_error_set_errno (error, errno, "cannot start pasta");
  if (pipe2 (life, O_CLOEXEC) != 0)
    {
      int errsv = errno;
      close (ready[0]);
      close (ready[1]);
      return sbox_error_set_errno (error, errsv, "cannot start pasta");
    }
  if (plan->run.verbose)
    {
      g_autofree char *line = g_strjoinv (" ", (char **) argv->pdata);
      g_printerr ("sbox: starting %s\n", line);
    }
  pid_t launcher = getpid ();
  fflush (NULL);
  pid_t keeper = fork ();
  if (keeper == 0)
    {
      close (ready[0]);
      close (life[1]);
      keep ((char **) argv->pdata, ready[1], life[0], launcher);
    }
  int errsv = errno;
  close (ready[1]);
  close (life[0]);
  if (keeper < 0)
    {
      close (ready[0]);
      close (life[1]);
      return sbox_error_set_errno (error, errsv, "cannot start pasta");
    }
  pasta->keeper = keeper;
  pasta->lifeline = life[1];

  /* Ready: pasta wrote its pid. EOF: it ended first (and said why). */
  char buf[32];
  gsize got = 0;
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * 1000;
  gboolean done = FALSE;
  while (!done && got < sizeof buf - 1)
    {
      struct pollfd pfd = { .fd = ready[0], .events = POLLIN };
      int ret = poll (&pfd, 1, (int) MAX (0, (deadline - g_get_monotonic_time ()) / 1000));
      if (ret < 0 && errno == EINTR)
        continue;
      if (ret <= 0)
        break;
      ssize_t n = read (ready[0], buf + got, sizeof buf - 1 - got);
      if (n <= 0)
        break;
      got += (gsize) n;
      done = memchr (buf, '\n', got) != NULL;
    }
  close (ready[0]);
  if (done)
    {
      if (plan->run.verbose)
        g_printerr ("sbox: pasta %.*s connects the sandbox (Network=isolated)\n",
                    (int) strcspn (buf, "\n"), buf);
      return TRUE;
    }
  sbox_pasta_stop (pasta);
  g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
               "Network=isolated: pasta did not connect the sandbox%s",
               got == 0 ? " (see its message above)" : "");
  return FALSE;
}

void
sbox_pasta_stop (SboxPasta *pasta)
{
  if (pasta->lifeline >= 0)
    close (pasta->lifeline);
  pasta->lifeline = -1;
  if (pasta->keeper > 0)
    while (waitpid (pasta->keeper, NULL, 0) < 0 && errno == EINTR)
      ;
  pasta->keeper = 0;
  g_clear_pointer (&pasta->program, g_free);
}
