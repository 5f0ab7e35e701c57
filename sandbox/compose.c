/* compose.c — the one composer every front end calls (the CLI, the argv[0]
 * alias through it, a bubblewrap-compatible front end): it reads sbox.conf,
 * chooses the profile (and says when a command has none), puts the front
 * end's layer of profile keys on top, builds the plan through context.c,
 * appends the raw operations and environment edits, chooses the command
 * and applies sbox.conf's checks. Front ends only parse. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <pwd.h>
#include <sys/resource.h>

#include "compose.h"
#include "config-file.h"
#include "context.h"
#include "doctor.h"
#include "env.h"
#include "error.h"
#include "grammar.h"
#include "landlock.h"
#include "net-policy.h"
#include "net-proxy.h"
#include "paths.h"
#include "profile.h"
#include "view.h"

void
sbox_compose_request_init (SboxRequest *request)
{
  *request = (SboxRequest){
    .layer = g_ptr_array_new_with_free_func (g_free),
    .fs_ops = g_ptr_array_new_with_free_func (sbox_fs_op_free),
    .env_edits = g_ptr_array_new_with_free_func (g_free),
    .argv = g_ptr_array_new_with_free_func (g_free),
    .json_status_fd = -1,
    .info_fd = -1,
  };
}

void
sbox_compose_request_clear (SboxRequest *request)
{
  g_clear_pointer (&request->profile, g_free);
  g_clear_pointer (&request->layer, g_ptr_array_unref);
  g_clear_pointer (&request->fs_ops, g_ptr_array_unref);
  g_clear_pointer (&request->env_edits, g_ptr_array_unref);
  g_clear_pointer (&request->argv, g_ptr_array_unref);
  g_clear_pointer (&request->chdir, g_free);
  g_clear_pointer (&request->instance_name, g_free);
  g_clear_pointer (&request->learn_output, g_free);
}

void
sbox_compose_request_set (SboxRequest *request, const char *section, const char *key,
                          const char *value)
{
  g_ptr_array_add (request->layer, g_strdup (section));
  g_ptr_array_add (request->layer, g_strdup (key));
  g_ptr_array_add (request->layer, g_strdup (value));
}

/* Real root, not uid 0 of some user namespace (where the root-caller path
 * could neither write its two-line maps nor idmap the host's files). */
static gboolean
is_real_root (void)
{
  g_autofree char *map = NULL;
  if (getuid () != 0 || !g_file_get_contents ("/proc/self/uid_map", &map, NULL, NULL))
    return FALSE;
  g_auto (GStrv) fields = g_strsplit_set (g_strstrip (map), " \t\n", -1);
  g_autoptr (GPtrArray) words = g_ptr_array_new ();
  for (char **f = fields; *f; f++)
    if (**f)
      g_ptr_array_add (words, *f);
  return words->len == 3 && g_str_equal (g_ptr_array_index (words, 0), "0")
         && g_str_equal (g_ptr_array_index (words, 1), "0")
         && g_str_equal (g_ptr_array_index (words, 2), "4294967295");
}

static char *
caller_home (const char *const *envp, GError **error)
{
  g_autofree char *clean = sbox_paths_clean_dest (sbox_paths_caller_home (envp), error);
  if (clean == NULL)
    g_prefix_error (error, "HOME: ");
  return g_steal_pointer (&clean);
}

/* The profile: --noprofile, --profile, the command's name, or default. */
static SboxProfile *
choose_profile (SboxRequest *request, const SboxConfig *config, const char *const *envp,
                SboxPlan *plan, GError **error)
{
  if (request->noprofile)
    return sbox_profile_new (NULL);
  if (request->profile)
    return sbox_profile_load (request->profile, envp, error);
  if (request->argv->len > 0)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (request->argv, 0));
      g_autofree char *found = sbox_profile_find (name, envp);
      if (found)
        return sbox_profile_load (found, envp, error);
    }
  if (request->argv->len > 0)
    {
      /* Say it: an app that finds no display or network under the default
       * profile otherwise just fails in its own words. */
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (request->argv, 0));
      gboolean builtin = g_str_equal (config->default_profile, "default");
      g_ptr_array_add (
          plan->warnings,
          g_strdup_printf ("no profile for %s: it runs under the %s profile%s; for a "
                           "desktop app use sbox --profile=gui %s (or "
                           "--profile=gui-network), see sbox --list-profiles",
                           name, config->default_profile,
                           builtin
                               ? " (no display, sound or network; an empty home, forgotten on exit)"
                               : "",
                           name));
    }
  g_autofree char *fallback = sbox_profile_find (config->default_profile, envp);
  if (fallback)
    return sbox_profile_load (fallback, envp, error);
  if (!g_str_equal (config->default_profile, "default"))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "sbox.conf: DefaultProfile=%s: no such profile", config->default_profile);
      return NULL;
    }
  return sbox_profile_new ("default"); /* not installed: the built-in default */
}

/* Without a command, the first Command= candidate the sandbox can run. */
static gboolean
choose_command (SboxProfile *profile, SboxPlan *plan, GError **error)
{
  if (plan->run.argv->len > 0)
    return TRUE;
  GPtrArray *candidates = sbox_profile_get_list (profile, SBOX_KEY_PROFILE_COMMAND);
  const char *path = sbox_sandbox_getenv (&plan->sandbox, "PATH");
  g_auto (GStrv) dirs = g_strsplit (path ? path : SBOX_SAFE_PATH, ":", -1);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *name = ((SboxSetting *) g_ptr_array_index (candidates, i))->value;
      for (char **dir = dirs; *dir; dir++)
        {
          g_autofree char *inside = g_build_filename (*dir, name, NULL);
          g_autofree char *host = sbox_sandbox_host_path_for (&plan->sandbox, inside, NULL);
          if (host && g_file_test (host, G_FILE_TEST_IS_EXECUTABLE))
            {
              g_ptr_array_add (plan->run.argv, g_strdup (name));
              return TRUE;
            }
        }
    }
  if (candidates->len > 0)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                 "no command given and none of the profile's Command= candidates is installed");
  else
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "no command given (see sbox --help)");
  return FALSE;
}

static gboolean
apply_layer (SboxRequest *request, SboxProfile *profile, GError **error)
{
  for (guint i = 0; i + 2 < request->layer->len; i += 3)
    if (!sbox_profile_apply (profile, g_ptr_array_index (request->layer, i),
                             g_ptr_array_index (request->layer, i + 1),
                             g_ptr_array_index (request->layer, i + 2), SBOX_ORIGIN_COMMAND_LINE,
                             error))
      return FALSE;
  return TRUE;
}

/* sbox's init and the command are two processes, unless the command runs
 * as PID 1: a limit of one lets init start and the command fail to fork. */
static gboolean
check_process_limits (const SboxPlan *plan, GError **error)
{
  if (plan->run.as_pid_1)
    return TRUE;
  if (plan->sandbox.limits.pids_max == 1)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "--pids=1: too small for a command to start under sbox's init (the least is "
                   "2, or 1 with --as-pid-1)");
      return FALSE;
    }
  for (guint i = 0; i < plan->sandbox.limits.rlimits->len; i++)
    {
      const SboxRlimit *r = &g_array_index (plan->sandbox.limits.rlimits, SboxRlimit, i);
      if (r->resource == RLIMIT_NPROC && r->soft < 2)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "rlimit nproc=%" G_GUINT64_FORMAT ": too small for a command to start "
                       "under sbox's init (the least is 2, or 1 with --as-pid-1)",
                       r->soft);
          return FALSE;
        }
    }
  return TRUE;
}

/* What the confinement mode cannot keep, so it refuses rather than run
 * weaker than it says: its only walls are Landlock's (truncate is covered
 * from ABI 3); a root caller's files include the system's, which Landlock
 * does not stop it from chmod-ing, and its private directories would be
 * handed to another uid; the broad-grant guards (~/.bashrc, autostart,
 * ~/.local/bin read-only beneath a writable home) cannot be expressed, as
 * Landlock cannot take write back beneath a writable tree. */
static gboolean
host_root (void)
{
  if (getuid () != 0)
    return FALSE;
  /* uid 0 of a user namespace of its own owns only what its mapped uid
   * owns: the initial namespace maps every id to itself. */
  g_autofree char *map = NULL;
  if (!g_file_get_contents ("/proc/self/uid_map", &map, NULL, NULL))
    return TRUE;
  g_auto (GStrv) fields = g_strsplit_set (g_strstrip (map), " \t\n", -1);
  g_autoptr (GPtrArray) words = g_ptr_array_new ();
  for (char **f = fields; *f; f++)
    if (**f)
      g_ptr_array_add (words, *f);
  return words->len == 3 && g_str_equal (words->pdata[0], "0") && g_str_equal (words->pdata[1], "0")
         && g_str_equal (words->pdata[2], "4294967295");
}

static const char *
confinement_cannot_hold (const SboxPlan *plan)
{
  if (host_root ())
    return "it is not offered to root callers (root owns the system's files, which Landlock does "
           "not keep from chmod)";
  if (g_str_equal (plan->sandbox.landlock, "false"))
    return NULL; /* asked for explicitly: nothing is claimed */
  if (sbox_landlock_abi () < 3)
    return "it needs Landlock ABI 3 or later (file truncation), which this kernel does not offer";
  for (guint i = 0; i < plan->sandbox.fs_ops->len; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if ((op->kind == SBOX_FS_REMOUNT_RO || op->kind == SBOX_FS_PIN) && op->origin
          && (g_str_has_prefix (op->origin, "guarded under ")
              || g_str_has_prefix (op->origin, "pinned under ")))
        return "a broad writable grant needs paths beneath it kept read-only (launch points such "
               "as ~/.bashrc), which Landlock cannot do; grant narrower directories";
    }
  return NULL;
}

/* The full sandbox where a user namespace can be had; elsewhere the
 * policy's choice: refuse with the cause and the fix, or the confinement
 * mode, which cannot honour what needs a namespace of its own. Only a
 * policy that may confine, or a plan with proxies, pays for trying the
 * clone: otherwise the launcher's own clone fails with the same cause and
 * fix. */
static gboolean
choose_mode (const SboxConfig *config, SboxPlan *plan, GError **error)
{
  /* The doors' proxies run in sandboxes of their own, which would fail
   * first and say less. */
  gboolean proxies = plan->sandbox.proxies->len > 0 || plan->sandbox.audio_upstream;
  plan->run.userns_blocked = sbox_doctor_userns_blocked (
      proxies || g_str_equal (plan->run.fallback, "confine"));
  if (plan->run.userns_blocked == NULL)
    return TRUE;
  const char *why = plan->run.userns_blocked;
  const char *network = sbox_sandbox_network (&plan->sandbox);
  const char *needs = g_str_equal (network, "isolated")
                          ? "Network=isolated needs a network namespace"
                      : g_str_equal (network, "filtered")
                          ? "Network=filtered needs a network namespace"
                      : plan->sandbox.hostname ? "--hostname (Hostname=) needs a UTS namespace"
                      : plan->run.as_pid_1     ? "--as-pid-1 needs a PID namespace"
                      : plan->run.learn_output
                          ? "--learn needs the full sandbox (its seccomp supervisor and view)"
                      : plan->sandbox.proxies->len > 0 || plan->sandbox.audio_upstream
                          ? "the D-Bus and audio doors need the full sandbox (their filtered "
                            "sockets are bound over the host's)"
                          : NULL;
  if (needs == NULL)
    needs = confinement_cannot_hold (plan);
  if (!g_str_equal (plan->run.fallback, "confine"))
    {
      /* The confinement mode is the fix only where it could run. */
      if (needs)
        g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                     "cannot create the sandbox's user namespace: %s; and this sandbox needs "
                     "it: %s; see sbox --doctor",
                     why, needs);
      else
        g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                     "cannot create the sandbox's user namespace: %s; or run it confined by "
                     "Landlock, seccomp and limits only with --fallback=confine (sbox.conf "
                     "Fallback=confine), see sbox --doctor",
                     why);
      return FALSE;
    }
  if (config->fallback_forbidden_by)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "cannot create the sandbox's user namespace (%s) and the confinement mode "
                   "is forbidden by %s (Fallback=refuse)",
                   why, config->fallback_forbidden_by);
      return FALSE;
    }
  if (needs)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "cannot run in the confinement mode: %s (no user namespace here: %s)", needs,
                   why);
      return FALSE;
    }
  g_free (plan->sandbox.mode);
  plan->sandbox.mode = g_strdup ("confine");
  return TRUE;
}

/* Network=filtered: the proxy's socket (made by the launcher in the
 * instance directory) bound inside, and the variables that lead clients to
 * the forwarder the sandbox's init runs on its loopback. */
static gboolean
add_net_proxy (SboxPlan *plan)
{
  SboxSandbox *sandbox = &plan->sandbox;
  sandbox->net_proxy_socket = g_build_filename (plan->instance.dir, "net-proxy", NULL);
  sandbox->net_proxy_inside = g_strdup_printf ("/run/user/%u/sbox-net-proxy", sandbox->ids.uid);
  SboxFsOp *op = sbox_sandbox_add_fs (sandbox, SBOX_FS_BIND, SBOX_FS_FLAG_RUNTIME,
                                      sandbox->net_proxy_socket, sandbox->net_proxy_inside);
  op->origin = g_strdup ("Network=filtered");
  g_autofree char *http = g_strdup_printf ("http://127.0.0.1:%u", SBOX_NET_FORWARD_PORT);
  g_autofree char *socks = g_strdup_printf ("socks5h://127.0.0.1:%u", SBOX_NET_FORWARD_PORT);
  static const char *const http_names[] = { "http_proxy", "https_proxy", "HTTP_PROXY",
                                            "HTTPS_PROXY", NULL };
  for (const char *const *name = http_names; *name; name++)
    sbox_sandbox_setenv (sandbox, *name, http);
  sbox_sandbox_setenv (sandbox, "all_proxy", socks);
  sbox_sandbox_setenv (sandbox, "ALL_PROXY", socks);
  sbox_sandbox_setenv (sandbox, "no_proxy", "localhost,127.0.0.1,::1");
  sbox_sandbox_setenv (sandbox, "NO_PROXY", "localhost,127.0.0.1,::1");
  return TRUE;
}

/* The network: Network= decides; without it shared=network (which the
 * context applied) means host, and the default is loopback only. */
static gboolean
decide_network (SboxProfile *profile, SboxPlan *plan, GError **error)
{
  SboxSandbox *sandbox = &plan->sandbox;
  const SboxSetting *mode = sbox_profile_get_setting (profile, SBOX_KEY_SANDBOX_NETWORK);
  g_autofree char *network = g_strdup (mode ? mode->value : sbox_sandbox_network (sandbox));
  /* A host to reach without a mode chosen means the filtered network:
   * "sbox --profile=build --allow-host=crates.io -- cargo build". */
  GPtrArray *hosts = sbox_profile_get_list (profile, SBOX_KEY_SANDBOX_ALLOW_HOSTS);
  if (hosts->len > 0 && mode == NULL)
    {
      g_free (network);
      network = g_strdup ("filtered");
    }
  for (guint i = 0; i < hosts->len; i++)
    {
      const SboxSetting *s = g_ptr_array_index (hosts, i);
      if (!g_str_equal (network, "filtered"))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "%s: AllowHosts=%s names hosts for Network=filtered only (here %s, from %s)",
                       s->origin, s->value, network, mode->origin);
          return FALSE;
        }
      sbox_plan_add_item (sandbox->allow_hosts, s->value, s->origin);
    }
  g_free (sandbox->network);
  sandbox->network = g_strdup (network);
  if (g_str_equal (network, "host"))
    sandbox->namespaces &= ~SBOX_NS_NET;
  else
    sandbox->namespaces |= SBOX_NS_NET;
  GPtrArray *publish = sbox_profile_get_list (profile, SBOX_KEY_SANDBOX_PUBLISH);
  for (guint i = 0; i < publish->len; i++)
    {
      const SboxSetting *s = g_ptr_array_index (publish, i);
      if (!g_str_equal (network, "isolated"))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "%s: Publish=%s forwards a port into Network=isolated only (here %s)",
                       s->origin, s->value, network);
          return FALSE;
        }
      sbox_plan_add_item (sandbox->publish, s->value, s->origin);
    }
  if (g_str_equal (network, "filtered"))
    return add_net_proxy (plan);
  if (!g_str_equal (network, "isolated"))
    return TRUE;
  /* pasta, dropping root's capabilities first, cannot join a user
   * namespace root made. */
  if (getuid () == 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "%s: Network=isolated is not offered to root callers (pasta cannot join a "
                   "sandbox root makes); run sbox as a user",
                   mode ? mode->origin : "Network=isolated");
      return FALSE;
    }
  /* Names resolve through pasta's relay: the host's resolver may sit on
   * its loopback (127.0.0.53), which is not the sandbox's. */
  g_autofree char *host_resolv = NULL;
  g_file_get_contents ("/etc/resolv.conf", &host_resolv, NULL, NULL);
  SboxFsOp *op = sbox_sandbox_add_fs (sandbox, SBOX_FS_FILE,
                                      SBOX_FS_FLAG_BIND_DATA | SBOX_FS_FLAG_READ_ONLY, NULL,
                                      "/etc/resolv.conf");
  op->content = sbox_net_policy_resolv_conf (host_resolv);
  op->mode = 0644;
  op->origin = g_strdup ("Network=isolated");
  return TRUE;
}

/* The runtime directories of the caller's other sandboxes (their proxies'
 * sockets: another sandbox's network, its D-Bus policy) stay out of this
 * one's view, whatever it binds of the host around them (/dev/shm, /tmp,
 * the runtime directory). Its own sockets are bound one by one. */
static void
hide_instance_base (SboxPlan *plan)
{
  const char *base = plan->instance.base;
  guint n = plan->sandbox.fs_ops->len;
  for (guint i = 0; base && i < n; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, i);
      if ((op->kind != SBOX_FS_BIND && op->kind != SBOX_FS_RO_BIND && op->kind != SBOX_FS_DEV_BIND)
          || op->source == NULL || (op->flags & SBOX_FS_FLAG_RUNTIME))
        continue;
      const char *rel = NULL;
      if (g_str_equal (op->source, base))
        rel = "";
      else if (g_str_has_prefix (base, op->source)
               && (base[strlen (op->source)] == '/' || g_str_equal (op->source, "/")))
        rel = base + strlen (op->source);
      if (rel == NULL)
        continue;
      g_autofree char *dest = g_build_filename (op->dest, rel, NULL);
      SboxFsOp *mask = sbox_sandbox_add_fs (&plan->sandbox, SBOX_FS_MASK, SBOX_FS_FLAG_TRY, NULL,
                                            dest);
      mask->origin = g_strdup ("the caller's other sandboxes");
    }
}

/* Default view, the profile's entries, then the caller's raw operations and
 * environment edits in the order given. */
SboxPlan *
sbox_compose_plan (SboxRequest *request, const char *const *envp, GError **error)
{
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  g_auto (SboxConfig) config = { 0 };
  if (!sbox_config_load (envp, &config, error))
    return NULL;
  g_autoptr (SboxProfile) profile = choose_profile (request, &config, envp, plan, error);
  if (profile == NULL || !apply_layer (request, profile, error))
    return NULL;
  /* The profile's and the command line's choices come on top of these. */
  g_free (plan->sandbox.seccomp);
  plan->sandbox.seccomp = g_strdup (config.seccomp);
  g_free (plan->sandbox.dbus_proxy);
  plan->sandbox.dbus_proxy = g_strdup (config.dbus_proxy);
  g_free (plan->run.fallback);
  plan->run.fallback = g_strdup (config.fallback);
  plan->run.fallback_origin = g_strdup (config.fallback_origin);

  plan->sandbox.chdir = g_steal_pointer (&request->chdir);
  plan->run.as_pid_1 = request->as_pid_1;
  plan->run.pty = !request->no_pty;
  gboolean real_root = is_real_root ();
  if ((request->run_uid || request->run_gid) && (!real_root || request->keep_root))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "--uid and --gid choose the ids a root caller's sandbox runs as%s",
                   !real_root ? "; sbox is not running as root" : ", not with --keep-root");
      return NULL;
    }
  plan->sandbox.ids.drop_root = real_root && !request->keep_root;
  plan->sandbox.ids.run_uid = request->run_uid ? request->run_uid : 65534;
  plan->sandbox.ids.run_gid = request->run_gid ? request->run_gid : 65534;
  plan->instance.name = g_steal_pointer (&request->instance_name);
  plan->run.json_status_fd = request->json_status_fd;
  plan->sandbox.limits.memory_max = request->memory_max;
  plan->sandbox.limits.pids_max = request->pids_max;
  plan->sandbox.limits.cpus = request->cpus;
  plan->run.quiet = request->output == SBOX_OUTPUT_QUIET;
  plan->run.info_fd = request->info_fd;
  plan->run.learn_output = g_steal_pointer (&request->learn_output);
  /* sbox-trace asks for Landlock's own records of the command's denials. */
  const char *landlock_log = g_environ_getenv ((char **) envp, "SBOX_LANDLOCK_LOG");
  plan->sandbox.landlock_log = landlock_log && g_str_equal (landlock_log, "1");
  plan->run.verbose = request->output == SBOX_OUTPUT_VERBOSE;
  plan->sandbox.home = caller_home (envp, error);
  if (plan->sandbox.home == NULL)
    return NULL;

  struct passwd *pw = getpwuid (plan->sandbox.ids.uid);
  g_autofree char *cwd = g_get_current_dir ();
  SboxExpandContext caller = {
    .envp = envp,
    .home = plan->sandbox.home,
    .user = pw ? pw->pw_name : g_get_user_name (),
    .cwd = cwd,
    .uid = plan->sandbox.ids.uid,
    .verbose = plan->run.verbose,
  };
  /* The command first: the profile's FileArguments= looks at it. */
  g_ptr_array_extend_and_steal (plan->run.argv, g_steal_pointer (&request->argv));
  request->argv = g_ptr_array_new_with_free_func (g_free);
  if (!sbox_view_add_default (&plan->sandbox, error)
      || !sbox_context_build_plan (profile, &caller, plan, error))
    return NULL;
  if (!decide_network (profile, plan, error))
    return NULL;
  g_ptr_array_extend_and_steal (plan->sandbox.fs_ops, g_steal_pointer (&request->fs_ops));
  request->fs_ops = g_ptr_array_new_with_free_func (sbox_fs_op_free);
  hide_instance_base (plan);

  for (guint i = 0; i < request->env_edits->len; i++)
    {
      const char *edit = g_ptr_array_index (request->env_edits, i);
      if (edit[0] == '+')
        {
          const char *eq = strchr (edit, '=');
          g_autofree char *name = g_strndup (edit + 1, (gsize) (eq - edit - 1));
          sbox_sandbox_setenv (&plan->sandbox, name, eq + 1);
        }
      else
        sbox_sandbox_unsetenv (&plan->sandbox, edit + 1);
    }

  if (!check_process_limits (plan, error) || !choose_command (profile, plan, error)
      || !sbox_config_check_plan (&config, plan, error) || !choose_mode (&config, plan, error))
    return NULL;
  return g_steal_pointer (&plan);
}

gboolean
sbox_compose_bwrap_plan (SboxPlan *plan, const char *const *envp, GError **error)
{
  g_auto (SboxConfig) config = { 0 };
  if (!sbox_config_load (envp, &config, error))
    return FALSE;
  const char *asked = g_environ_getenv ((char **) envp, "SBOX_BWRAP_HARDEN");
  if ((asked && g_str_equal (asked, "1")) || config.bwrap_harden_by || config.landlock_required_by)
    {
      g_free (plan->sandbox.seccomp);
      plan->sandbox.seccomp = g_strdup (config.seccomp);
      g_free (plan->sandbox.landlock);
      plan->sandbox.landlock = g_strdup (config.landlock_required_by ? "required" : "true");
    }
  if (config.network_forbidden_by && !(plan->sandbox.namespaces & SBOX_NS_NET))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "network access is not allowed: %s forbids it (AllowNetwork=false)",
                   config.network_forbidden_by);
      return FALSE;
    }
  return TRUE;
}
