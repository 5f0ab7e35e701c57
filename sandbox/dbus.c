/* dbus.c — starts xdg-dbus-proxy for each bus the plan opens, each in a
 * small sandbox of its own (proxy-sandbox.c) beside the app's. Arguments
 * travel through --args=FD (no length limit, nothing in ps); readiness and
 * lifetime through --fd=FD: the proxy writes a byte when its socket listens
 * and exits when sbox closes the other end, or dies. */
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
#include "proxy-sandbox.h"
#include "sync.h"

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
  g_autofree char *path = NULL;
  if (!g_str_has_prefix (proxy->upstream, "unix:"))
    return TRUE;
  for (char **p = parts; *p; p++)
    {
      const char *kv = g_str_has_prefix (*p, "unix:") ? *p + 5 : *p;
      if (g_str_has_prefix (kv, "path="))
        {
          g_free (path);
          path = g_uri_unescape_string (kv + 5, NULL); /* D-Bus escapes bytes as %XX */
        }
    }
  if (path == NULL)
    return TRUE; /* abstract or runtime addresses: the proxy will tell */
  int fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  if (fd < 0 || strlen (path) >= sizeof addr.sun_path)
    {
      if (fd >= 0)
        close (fd);
      return sbox_error_set_errno (error, ENAMETOOLONG, "cannot reach the %s bus at %s", proxy->bus,
                                   proxy->upstream);
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

static void
close_if_open (int fd)
{
  if (fd >= 0)
    close (fd);
}

/* Clone the proxy into its sandbox; it is added to running at once, so
 * that stopping the proxies reaps it whatever happens next. */
static gboolean
spawn_one (const SboxPlan *plan, const SboxProxy *proxy, GArray *running, GError **error)
{
  if (!check_upstream (proxy, error))
    return FALSE;
  if (access (plan->sandbox.dbus_proxy, X_OK) != 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "cannot run %s (install the Debian package xdg-dbus-proxy)",
                   plan->sandbox.dbus_proxy);
      return FALSE;
    }
  g_autoptr (SboxProxySandbox) sandbox = sbox_proxy_sandbox_new (plan, proxy, error);
  if (sandbox == NULL)
    return FALSE;
  int sync[2] = { -1, -1 }, channel[2] = { -1, -1 };
  int args = args_fd (proxy);
  pid_t pid = -1;
  if (args >= 0 && pipe2 (sync, O_CLOEXEC) == 0 && sbox_sync_pair (channel) == 0)
    pid = sbox_proxy_sandbox_spawn (sandbox, sync[1], args, channel[1]);
  int errsv = errno;
  close_if_open (args);
  close_if_open (sync[1]);
  close_if_open (channel[1]);
  if (pid < 0)
    {
      close_if_open (sync[0]);
      close_if_open (channel[0]);
      return sbox_error_set_errno (error, errsv, "cannot start xdg-dbus-proxy");
    }
  SboxProxyProcess process = { .pid = pid, .sync_fd = sync[0], .report_fd = channel[0] };
  g_array_append_val (running, process);
  return TRUE;
}

/* The proxy writes a byte on its --fd once it listens; a sandbox that
 * could not be built says why on the report channel. */
static gboolean
wait_ready (const SboxProxy *proxy, const char *program, SboxProxyProcess *process, int report,
            GError **error)
{
  struct pollfd pfd = { .fd = process->sync_fd, .events = POLLIN };
  gint64 deadline = g_get_monotonic_time () + READY_TIMEOUT_MS * 1000;
  char byte;
  int ready;
  do
    ready = poll (&pfd, 1, (int) MAX (0, (deadline - g_get_monotonic_time ()) / 1000));
  while (ready < 0 && errno == EINTR);
  if (ready == 1 && read (process->sync_fd, &byte, 1) == 1)
    return TRUE;
  kill (process->pid, SIGKILL);
  while (waitpid (process->pid, NULL, 0) < 0 && errno == EINTR)
    ;
  process->pid = -1;
  SboxSyncMsg msg;
  gboolean reported = sbox_sync_recv (report, &msg, NULL) == 1 && msg.step == SBOX_STEP_ERROR;
  if (ready == 0)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "xdg-dbus-proxy for the %s bus (%s) was not ready after %d s", proxy->bus,
                 proxy->upstream, READY_TIMEOUT_MS / 1000);
  else if (reported && msg.kind == SBOX_ERROR_NOT_FOUND)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "cannot run %s (install the Debian package xdg-dbus-proxy)", program);
  else if (reported)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "cannot sandbox xdg-dbus-proxy for the %s bus: %s", proxy->bus, msg.text);
  else
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                 "xdg-dbus-proxy could not serve the %s bus at %s (is that bus running?)",
                 proxy->bus, proxy->upstream);
  return FALSE;
}

gboolean
sbox_dbus_spawn_proxies (const SboxPlan *plan, GArray *running, GError **error)
{
  for (guint i = 0; i < plan->sandbox.proxies->len; i++)
    if (!spawn_one (plan, g_ptr_array_index (plan->sandbox.proxies, i), running, error))
      return FALSE;
  return TRUE;
}

gboolean
sbox_dbus_wait_proxies (const SboxPlan *plan, GArray *running, GError **error)
{
  for (guint i = 0; i < running->len; i++)
    {
      const SboxProxy *proxy = g_ptr_array_index (plan->sandbox.proxies, i);
      SboxProxyProcess *process = &g_array_index (running, SboxProxyProcess, i);
      if (process->report_fd < 0)
        continue;
      gboolean ok = wait_ready (proxy, plan->sandbox.dbus_proxy, process, process->report_fd,
                                error);
      close (process->report_fd);
      process->report_fd = -1;
      if (!ok)
        return FALSE;
      if (plan->run.verbose)
        g_printerr ("sbox: xdg-dbus-proxy %d serves the %s bus, in a sandbox of its own\n",
                    (int) process->pid, proxy->bus);
    }
  return TRUE;
}

void
sbox_dbus_kill_proxies (GArray *running)
{
  for (guint i = 0; i < running->len; i++)
    {
      SboxProxyProcess *p = &g_array_index (running, SboxProxyProcess, i);
      /* The proxy is the init of its pid namespace: only SIGKILL is sure
       * to reach it (it also exits by itself once its --fd is closed).
       * Unreaped, its pid is its own: a second kill is harmless. */
      if (p->pid > 0)
        kill (p->pid, SIGKILL);
    }
}

void
sbox_dbus_stop_proxies (GArray *running)
{
  sbox_dbus_kill_proxies (running);
  for (guint i = 0; i < running->len; i++)
    {
      SboxProxyProcess *p = &g_array_index (running, SboxProxyProcess, i);
      close (p->sync_fd);
      close_if_open (p->report_fd);
      if (p->pid < 0)
        continue;
      while (waitpid (p->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  g_array_set_size (running, 0);
}
