/* dbus.c — starts xdg-dbus-proxy outside the sandbox for each bus the plan
 * opens. Arguments travel through --args=FD (no length limit, nothing in
 * ps); readiness and lifetime through --fd=FD: the proxy writes a byte when
 * its socket listens and exits when sbox closes the other end, or dies. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dbus.h"
#include "error.h"

#define READY_TIMEOUT_MS 5000

static int
args_fd (const SboxProxy *proxy)
{
  int fd = memfd_create ("sbox-dbus-proxy-args", MFD_CLOEXEC);
  if (fd < 0)
    return -1;
  GString *args = g_string_new (NULL);
  g_string_append_len (args, proxy->upstream, (gssize) strlen (proxy->upstream) + 1);
  g_string_append_len (args, proxy->socket, (gssize) strlen (proxy->socket) + 1);
  for (guint i = 0; i < proxy->args->len; i++)
    {
      const char *a = g_ptr_array_index (proxy->args, i);
      g_string_append_len (args, a, (gssize) strlen (a) + 1);
    }
  gboolean ok = write (fd, args->str, args->len) == (ssize_t) args->len
                && lseek (fd, 0, SEEK_SET) == 0;
  g_string_free (args, TRUE);
  if (!ok)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* xdg-dbus-proxy connects upstream only when a client arrives: check a
 * unix:path= bus here, so a dead bus is one clear error, not a silent one. */
static gboolean
check_upstream (const SboxProxy *proxy, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (proxy->upstream, ",", -1);
  const char *path = NULL;
  if (!g_str_has_prefix (proxy->upstream, "unix:"))
    return TRUE;
  for (char **p = parts; *p; p++)
    {
      const char *kv = g_str_has_prefix (*p, "unix:") ? *p + 5 : *p;
      if (g_str_has_prefix (kv, "path="))
        path = kv + 5;
    }
  if (path == NULL)
    return TRUE; /* abstract or runtime addresses: the proxy will tell */
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (fd < 0 || strlen (path) >= sizeof addr.sun_path)
    {
      if (fd >= 0)
        close (fd);
      return sbox_error_set_errno (error, ENAMETOOLONG, "cannot reach the %s bus at %s",
                                   proxy->bus, proxy->upstream);
    }
  strcpy (addr.sun_path, path);
  int ret = connect (fd, (struct sockaddr *) &addr, sizeof addr);
  int errsv = errno;
  close (fd);
  if (ret != 0)
    return sbox_error_set_errno (error, errsv, "cannot reach the %s bus at %s", proxy->bus,
                                 proxy->upstream);
  return TRUE;
}

static gboolean
start_one (const SboxProxy *proxy, const char *program, SboxProxyProcess *out, GError **error)
{
  if (!check_upstream (proxy, error))
    return FALSE;
  int sync[2];
  int args = args_fd (proxy);
  if (args < 0 || pipe2 (sync, O_CLOEXEC) != 0)
    {
      if (args >= 0)
        close (args);
      return sbox_error_set_errno (error, errno, "cannot prepare xdg-dbus-proxy");
    }
  pid_t pid = fork ();
  if (pid < 0)
    {
      close (args);
      close (sync[0]);
      close (sync[1]);
      return sbox_error_set_errno (error, errno, "cannot start xdg-dbus-proxy");
    }
  if (pid == 0)
    {
      /* The proxy's two fds at fixed numbers, without close-on-exec; moved
       * out of the way first so neither dup2 clobbers the other. */
      int high_sync = fcntl (sync[1], F_DUPFD_CLOEXEC, 10);
      int high_args = fcntl (args, F_DUPFD_CLOEXEC, 10);
      if (high_sync < 0 || high_args < 0 || dup2 (high_sync, 3) < 0 || dup2 (high_args, 4) < 0)
        _exit (127);
      execl (program, "xdg-dbus-proxy", "--fd=3", "--args=4", (char *) NULL);
      _exit (127);
    }
  close (args);
  close (sync[1]);

  struct pollfd pfd = { .fd = sync[0], .events = POLLIN };
  char byte;
  int ready = poll (&pfd, 1, READY_TIMEOUT_MS);
  if (ready == 1 && read (sync[0], &byte, 1) == 1)
    {
      out->pid = pid;
      out->sync_fd = sync[0];
      return TRUE;
    }
  close (sync[0]);
  kill (pid, SIGTERM);
  int status = 0;
  waitpid (pid, &status, 0);
  if (ready == 0)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "xdg-dbus-proxy for the %s bus (%s) was not ready after %d s", proxy->bus,
                 proxy->upstream, READY_TIMEOUT_MS / 1000);
  else if (WIFEXITED (status) && WEXITSTATUS (status) == 127)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "cannot run %s (install the Debian package xdg-dbus-proxy)", program);
  else
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "xdg-dbus-proxy could not serve the %s bus at %s (is that bus running?)",
                 proxy->bus, proxy->upstream);
  return FALSE;
}

gboolean
sbox_dbus_start_proxies (const SboxPlan *plan, GArray *running, GError **error)
{
  for (guint i = 0; i < plan->proxies->len; i++)
    {
      SboxProxyProcess process;
      if (!start_one (g_ptr_array_index (plan->proxies, i), plan->dbus_proxy, &process, error))
        return FALSE;
      g_array_append_val (running, process);
      if (plan->verbose)
        g_printerr ("sbox: xdg-dbus-proxy %d serves the %s bus\n", (int) process.pid,
                    ((SboxProxy *) g_ptr_array_index (plan->proxies, i))->bus);
    }
  return TRUE;
}

void
sbox_dbus_stop_proxies (GArray *running)
{
  for (guint i = 0; i < running->len; i++)
    {
      SboxProxyProcess *p = &g_array_index (running, SboxProxyProcess, i);
      close (p->sync_fd);
      kill (p->pid, SIGTERM);
      while (waitpid (p->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  g_array_set_size (running, 0);
}
