/* proxy-sandbox.c — the small sandbox each xdg-dbus-proxy runs in.
 *
 * Portals tell a sandboxed app from a host app by /.flatpak-info in the root
 * of the process at the other end of its bus connection, and for a
 * sandboxed app that process is its proxy. So the proxy runs in a sandbox
 * of its own whose root holds the app's /.flatpak-info, built by the
 * executor's own steps (ns.c, mount.c, caps.c, landlock.c, seccomp.c) from
 * a plan that names only what the proxy needs: /usr, the dynamic linker's
 * cache, the real bus sockets and the instance directory it listens in. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "confine.h"
#include "error.h"
#include "mount.h"
#include "ns.h"
#include "proxy-sandbox.h"
#include "sync.h"
#include "timing.h"
#include "view.h"

#define FLATPAK_INFO "/.flatpak-info"

/* The bus sockets an address names. unix:path= sockets are bound at their
 * own paths; abstract sockets and TCP need the host's network namespace,
 * and abstract ones also no Landlock scoping. */
static gboolean
add_upstream (SboxSandbox *box, const SboxProxy *proxy, GError **error)
{
  g_auto (GStrv) entries = g_strsplit (proxy->upstream, ";", -1);
  for (char **entry = entries; *entry; entry++)
    {
      const char *colon = strchr (*entry, ':');
      if (**entry == '\0')
        continue;
      if (colon && (g_str_has_prefix (*entry, "tcp:") || g_str_has_prefix (*entry, "nonce-tcp:")))
        {
          box->namespaces &= ~SBOX_NS_NET;
          continue;
        }
      gboolean known = FALSE;
      g_auto (GStrv) pairs = g_strsplit (colon ? colon + 1 : "", ",", -1);
      for (char **kv = pairs; g_str_has_prefix (*entry, "unix:") && *kv; kv++)
        if (g_str_has_prefix (*kv, "path="))
          {
            g_autofree char *path = g_uri_unescape_string (*kv + 5, NULL);
            if (path == NULL || !g_path_is_absolute (path))
              break;
            sbox_sandbox_add_fs (box, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, path, path);
            known = TRUE;
          }
        else if (g_str_has_prefix (*kv, "abstract="))
          {
            box->namespaces &= ~SBOX_NS_NET;
            g_free (box->landlock);
            box->landlock = g_strdup ("false");
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                       "cannot sandbox xdg-dbus-proxy for the %s bus at %s: only unix:path=, "
                       "unix:abstract= and tcp: addresses are supported",
                       proxy->bus, proxy->upstream);
          return FALSE;
        }
    }
  return TRUE;
}

/* A valid application id element from a profile name. */
static char *
id_element (const char *name)
{
  GString *out = g_string_new (g_ascii_isdigit (name[0]) ? "_" : "");
  for (const char *c = name; *c; c++)
    g_string_append_c (out, g_ascii_isalnum (*c) || *c == '_' ? *c : '_');
  return g_string_free (out, FALSE);
}

/* The app's own /.flatpak-info when it has one (AppId=). Without an AppId
 * the app gets none (toolkits would take it for a Flatpak app), but its
 * proxy still must not pass for a host app: portals then see an app of
 * their own id, with no [Context] permissions. */
static char *
flatpak_info (const SboxPlan *app)
{
  for (guint i = 0; i < app->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (app->sandbox.fs_ops, i);
      if (op->kind == SBOX_FS_FILE && g_str_equal (op->dest, FLATPAK_INFO))
        return g_strdup (op->content);
    }
  g_autofree char *element = app->profile_name ? id_element (app->profile_name) : NULL;
  return g_strdup_printf ("[Application]\nname=org.sbox.Unnamed%s%s\n"
                          "runtime=runtime/org.sbox.Host/x86_64/host\n\n"
                          "[Instance]\ninstance-id=%s\nsbox-version=%s\n",
                          element ? "." : "", element ? element : "",
                          app->instance.id ? app->instance.id : "", PACKAGE_VERSION);
}

SboxProxySandbox *
sbox_proxy_sandbox_new (const SboxPlan *app, const SboxProxy *proxy, GError **error)
{
  if (!g_path_is_absolute (app->sandbox.dbus_proxy))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                   "DBusProxy=%s: xdg-dbus-proxy must be named by an absolute path",
                   app->sandbox.dbus_proxy);
      return NULL;
    }
  g_autoptr (SboxProxySandbox) sandbox = g_new0 (SboxProxySandbox, 1);
  SboxSandbox *box = sandbox->box = sbox_sandbox_new ();
  /* No cgroup namespace needed: the proxy reads nothing of its cgroup. */
  box->namespaces = SBOX_NS_USER | SBOX_NS_MOUNT | SBOX_NS_PID | SBOX_NS_IPC | SBOX_NS_UTS
                    | SBOX_NS_NET;
  sbox_view_add_usr (box);
  sbox_sandbox_add_fs (box, SBOX_FS_RO_BIND, SBOX_FS_FLAG_TRY, "/etc/ld.so.cache",
                       "/etc/ld.so.cache");
  if (!g_str_has_prefix (app->sandbox.dbus_proxy, "/usr/"))
    sbox_sandbox_add_fs (box, SBOX_FS_RO_BIND, SBOX_FS_FLAG_NONE, app->sandbox.dbus_proxy,
                         app->sandbox.dbus_proxy);
  if (!add_upstream (box, proxy, error))
    return NULL;
  /* Where the proxy makes its listening socket; the only writable place. */
  g_autofree char *socket_dir = g_path_get_dirname (proxy->socket);
  sbox_sandbox_add_fs (box, SBOX_FS_BIND, SBOX_FS_FLAG_NONE, socket_dir, socket_dir);
  SboxFsOp *info = sbox_sandbox_add_fs (box, SBOX_FS_FILE, SBOX_FS_FLAG_NONE, NULL, FLATPAK_INFO);
  info->content = flatpak_info (app);
  info->mode = 0444;
  if (!sbox_seccomp_compile (box, &sandbox->seccomp, error))
    return NULL;
  sandbox->program = g_strdup (app->sandbox.dbus_proxy);
  /* XDG_RUNTIME_DIR only: it tells this user's proxies apart in ps. */
  sandbox->envp = g_environ_setenv (NULL, "PATH", "/usr/bin:/bin", TRUE);
  const char *runtime = g_getenv ("XDG_RUNTIME_DIR");
  if (runtime)
    sandbox->envp = g_environ_setenv (sandbox->envp, "XDG_RUNTIME_DIR", runtime, TRUE);
  return g_steal_pointer (&sandbox);
}

void
sbox_proxy_sandbox_free (SboxProxySandbox *sandbox)
{
  if (sandbox == NULL)
    return;
  g_clear_pointer (&sandbox->box, sbox_sandbox_free);
  sbox_seccomp_filters_clear (&sandbox->seccomp);
  g_free (sandbox->program);
  g_strfreev (sandbox->envp);
  g_free (sandbox);
}

/* The proxy's two fds at 3 and 4 without close-on-exec, all three moved out
 * of the way first so that no dup2 clobbers another. */
static int
place_fds (int *sync_fd, int *args_fd, int *report_fd)
{
  *report_fd = fcntl (*report_fd, F_DUPFD_CLOEXEC, 10);
  *sync_fd = fcntl (*sync_fd, F_DUPFD_CLOEXEC, 10);
  *args_fd = fcntl (*args_fd, F_DUPFD_CLOEXEC, 10);
  if (*report_fd < 0 || *sync_fd < 0 || *args_fd < 0 || dup2 (*sync_fd, 3) < 0
      || dup2 (*args_fd, 4) < 0)
    return -1;
  return 0;
}

/* Child side, between clone and execve: fork-safe steps only. */
static G_NORETURN void
enter_and_exec (const SboxProxySandbox *sandbox, int sync_fd, int args_fd, int report_fd)
{
  const SboxSandbox *box = sandbox->box;
  SboxSyncMsg msg = { 0 };
  sbox_timing_enter (SBOX_TIMING_PROXY);
  sbox_timing_mark (SBOX_PHASE_CLONE);
  if (place_fds (&sync_fd, &args_fd, &report_fd) != 0)
    _exit (SBOX_EXIT_FAILURE);
  /* Lifetime is the --fd pipe's business; this only shortens it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  /* The same confinement as an app's command (confine.c), with the
   * proxy's own view and no rlimits. */
  const SboxConfinement confinement = {
    .rlimits = box->limits.rlimits,
    .landlock = box->landlock,
    .fs_ops = box->fs_ops,
  };
  int maps = sbox_ns_write_own_maps (box->ids.uid, box->ids.uid, box->ids.gid, box->ids.gid, &msg);
  sbox_timing_mark (SBOX_PHASE_MAPS);
  if (maps == 0 && sbox_mount_setup_root (box, FALSE, TRUE, NULL, NULL, -1, &msg) == 0
      && sbox_confine_apply (&confinement, &sandbox->seccomp, &msg) == 0)
    {
      char *const argv[] = { "xdg-dbus-proxy", "--fd=3", "--args=4", NULL };
      sbox_timing_mark (SBOX_PHASE_SESSION);
      execve (sandbox->program, argv, sandbox->envp);
      int err = errno;
      sbox_sync_fail_kind (&msg, err == ENOENT ? SBOX_ERROR_NOT_FOUND : SBOX_ERROR_EXEC, err,
                           "cannot run %s", sandbox->program);
    }
  sbox_sync_send_error (report_fd, &msg);
  _exit (sbox_sync_exit_status (&msg));
}

pid_t
sbox_proxy_sandbox_spawn (const SboxProxySandbox *sandbox, int sync_fd, int args_fd, int report_fd)
{
  pid_t pid = sbox_ns_clone (sbox_ns_clone_flags (sandbox->box->namespaces), NULL, NULL);
  if (pid == 0)
    enter_and_exec (sandbox, sync_fd, args_fd, report_fd);
  return pid;
}
