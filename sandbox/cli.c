/* cli.c — sbox's own options, parsed from one table. Options that mean the
 * same as a profile key become a layer on top of the profile (same
 * validation, same merging); raw mounts and environment edits go after the
 * profile's own, in the order given. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>

#include "cgroup.h"
#include "cli.h"
#include "config-file.h"
#include "context.h"
#include "env.h"
#include "error.h"
#include "paths.h"
#include "profile.h"
#include "rlimits.h"
#include "view.h"

#define CLI_ORIGIN "command line"

typedef struct
{
  SboxCli *cli;
  SboxPlan *user;       /* raw fs ops, argv and run flags, before the profile */
  GPtrArray *env_edits; /* "+NAME=VALUE" or "-NAME", in order */
  GPtrArray *layer;     /* triples section, key, value: profile overrides in order */
  char *profile;        /* --profile */
  gboolean keep_root;   /* --keep-root */
} CliState;

static void
add_layer (CliState *state, const char *section, const char *key, const char *value)
{
  g_ptr_array_add (state->layer, g_strdup (section));
  g_ptr_array_add (state->layer, g_strdup (key));
  g_ptr_array_add (state->layer, g_strdup (value));
}

typedef gboolean (*OptionHandler) (CliState *state, const char *opt, const char *a,
                                   const char *b, GError **error);

typedef enum
{
  ARG_NONE,
  ARG_ONE,
  ARG_TWO,
  ARG_OPTIONAL, /* only as --opt=VALUE */
} ArgCount;

typedef struct
{
  const char *name;
  ArgCount args;
  OptionHandler handler;
  const char *metavar;
  const char *help;
} OptionSpec;

/* A clean absolute destination, or an error naming the option. */
static char *
option_dest (const char *opt, const char *path, GError **error)
{
  char *dest = sbox_paths_clean_dest (path, error);
  if (dest == NULL)
    g_prefix_error (error, "%s: ", opt);
  return dest;
}

static gboolean
add_bind (CliState *state, SboxFsKind kind, const char *opt, const char *src, const char *dest,
          GError **error)
{
  g_autofree char *source = sbox_paths_absolute_source (src, error);
  if (source == NULL)
    return FALSE;
  g_autofree char *clean = option_dest (opt, dest, error);
  if (clean == NULL)
    return FALSE;
  sbox_plan_add_fs (state->user, kind, SBOX_FS_FLAG_NONE, source, clean);
  return TRUE;
}

static gboolean
opt_bind (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  SboxFsKind kind = g_str_has_prefix (opt, "--ro-bind")    ? SBOX_FS_RO_BIND
                    : g_str_has_prefix (opt, "--dev-bind") ? SBOX_FS_DEV_BIND
                                                           : SBOX_FS_BIND;
  if (!add_bind (state, kind, opt, a, b, error))
    return FALSE;
  if (g_str_has_suffix (opt, "-try"))
    {
      SboxFsOp *op = g_ptr_array_index (state->user->fs_ops, state->user->fs_ops->len - 1);
      op->flags |= SBOX_FS_FLAG_TRY;
    }
  return TRUE;
}

static gboolean
opt_dest_only (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  g_autofree char *dest = option_dest (opt, a, error);
  if (dest == NULL)
    return FALSE;
  sbox_plan_add_fs (state->user, g_str_equal (opt, "--tmpfs") ? SBOX_FS_TMPFS : SBOX_FS_DIR,
                    SBOX_FS_FLAG_NONE, NULL, dest);
  return TRUE;
}

static gboolean
opt_symlink (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  g_autofree char *dest = option_dest (opt, b, error);
  if (dest == NULL)
    return FALSE;
  if (*a == '\0')
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: empty link target", opt);
      return FALSE;
    }
  sbox_plan_add_fs (state->user, SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, a, dest);
  return TRUE;
}

static gboolean
valid_env_name (const char *name)
{
  if (*name == '\0' || g_ascii_isdigit (*name))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (*p == '=')
      return FALSE;
  return TRUE;
}

static gboolean
opt_env (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (!valid_env_name (a))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: invalid variable name '%s'", opt, a);
      return FALSE;
    }
  if (b)
    g_ptr_array_add (state->env_edits, g_strconcat ("+", a, "=", b, NULL));
  else
    g_ptr_array_add (state->env_edits, g_strconcat ("-", a, NULL));
  return TRUE;
}

static gboolean
opt_chdir (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  g_autofree char *dir = option_dest (opt, a, error);
  if (dir == NULL)
    return FALSE;
  g_free (state->user->chdir);
  state->user->chdir = g_steal_pointer (&dir);
  return TRUE;
}

/* --OPTION=VALUE and --noOPTION=VALUE for list keys of [Context]. */
static const struct
{
  const char *grant;
  const char *revoke;
  const char *section;
  const char *key;
} list_options[] = {
  { "--share", "--unshare", "Context", "shared" },
  { "--socket", "--nosocket", "Context", "sockets" },
  { "--device", "--nodevice", "Context", "devices" },
  { "--filesystem", "--nofilesystem", "Context", "filesystems" },
  { "--persist", NULL, "Context", "persistent" },
  { "--keep-env", NULL, "Sandbox", "KeepEnvironment" },
  { "--feature", "--nofeature", "Context", "features" },
  { "--seccomp-allow", NULL, "Sandbox", "SeccompAllow" },
  { "--seccomp-deny", NULL, "Sandbox", "SeccompDeny" },
  { "--rlimit", NULL, "Sandbox", "Rlimits" },
};

static gboolean
opt_list (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (list_options); i++)
    {
      gboolean revoke = list_options[i].revoke && g_str_equal (opt, list_options[i].revoke);
      if (!revoke && !g_str_equal (opt, list_options[i].grant))
        continue;
      g_autofree char *value = revoke ? g_strconcat ("!", a, NULL) : g_strdup (a);
      add_layer (state, list_options[i].section, list_options[i].key, value);
    }
  return TRUE;
}

static const struct
{
  const char *option;
  const char *section;
  const char *key;   /* NULL: the option's value is the key (bus names) */
  const char *value; /* NULL: the option's value is the value */
} scalar_options[] = {
  { "--home", "Sandbox", "Home", NULL },
  { "--file-arguments", "Sandbox", "FileArguments", NULL },
  { "--timeout", "Sandbox", "Timeout", NULL },
  { "--seccomp", "Sandbox", "Seccomp", NULL },
  { "--landlock", "Sandbox", "Landlock", NULL },
  { "--new-session", "Sandbox", "NewSession", "true" },
  { "--no-new-session", "Sandbox", "NewSession", "false" },
  { "--hostname", "Sandbox", "Hostname", NULL },
  { "--die-with-parent", "Sandbox", "DieWithParent", "true" },
  { "--no-die-with-parent", "Sandbox", "DieWithParent", "false" },
  { "--talk-name", "Session Bus Policy", NULL, "talk" },
  { "--own-name", "Session Bus Policy", NULL, "own" },
  { "--see-name", "Session Bus Policy", NULL, "see" },
  { "--system-talk-name", "System Bus Policy", NULL, "talk" },
  { "--system-own-name", "System Bus Policy", NULL, "own" },
};

static gboolean
opt_scalar (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  for (gsize i = 0; i < G_N_ELEMENTS (scalar_options); i++)
    if (g_str_equal (opt, scalar_options[i].option))
      add_layer (state, scalar_options[i].section, scalar_options[i].key ? scalar_options[i].key : a,
                 scalar_options[i].value ? scalar_options[i].value : a);
  return TRUE;
}

/* --env=VAR=VALUE and --unset-env=VAR: the [Environment] layer. */
static gboolean
opt_profile_env (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (g_str_equal (opt, "--unset-env"))
    {
      add_layer (state, "Environment", a, "");
      return TRUE;
    }
  const char *eq = strchr (a, '=');
  if (eq == NULL)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: expected VAR=VALUE, got '%s'", opt, a);
      return FALSE;
    }
  g_autofree char *name = g_strndup (a, (gsize) (eq - a));
  add_layer (state, "Environment", name, eq + 1);
  return TRUE;
}

static gboolean
opt_profile (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (g_str_equal (opt, "--check-profile"))
    {
      state->cli->action = SBOX_CLI_CHECK_PROFILE;
      g_free (state->cli->check_target);
      state->cli->check_target = g_strdup (a);
      return TRUE;
    }
  g_free (state->profile);
  state->profile = g_strdup (a);
  return TRUE;
}

static gboolean
opt_export (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  state->cli->action = SBOX_CLI_EXPORT_SECCOMP;
  g_free (state->cli->export_path);
  state->cli->export_path = g_strdup (a);
  return TRUE;
}

static gboolean
opt_learn (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  g_free (state->user->learn_output);
  state->user->learn_output = g_canonicalize_filename (a, NULL);
  return TRUE;
}

static gboolean
opt_fd (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  guint64 fd;
  if (!g_ascii_string_to_unsigned (a, 10, 0, G_MAXINT, &fd, NULL))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: '%s' is not a file descriptor", opt, a);
      return FALSE;
    }
  if (fcntl ((int) fd, F_GETFD) < 0)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: file descriptor %s is not open", opt, a);
      return FALSE;
    }
  if (g_str_equal (opt, "--json-status-fd"))
    state->user->json_status_fd = (int) fd;
  else
    state->user->info_fd = (int) fd;
  return TRUE;
}

static gboolean
opt_cgroup (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  SboxPlan *user = state->user;
  gboolean ok;
  if (g_str_equal (opt, "--memory"))
    ok = sbox_cgroup_parse_size (a, &user->memory_max);
  else if (g_str_equal (opt, "--pids"))
    {
      guint64 n;
      ok = g_ascii_string_to_unsigned (a, 10, 1, G_MAXINT32, &n, NULL);
      user->pids_max = (guint) n;
    }
  else
    {
      char *end = NULL;
      user->cpus = g_ascii_strtod (a, &end);
      ok = end != a && *end == '\0' && user->cpus > 0 && user->cpus <= 4096;
    }
  if (!ok)
    g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: bad value '%s'", opt, a);
  return ok;
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

/* --uid/--gid: the unprivileged ids a root caller's sandbox runs as. */
static gboolean
opt_run_id (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  guint64 id;
  if (!g_ascii_string_to_unsigned (a, 10, 1, 0xfffffffe, &id, NULL))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: '%s' is not a non-root id", opt, a);
      return FALSE;
    }
  if (g_str_equal (opt, "--uid"))
    state->user->run_uid = (uid_t) id;
  else
    state->user->run_gid = (gid_t) id;
  return TRUE;
}

/* --cache=DIR: a persistent read-write cache at its usual place, kept in
 * sbox's storage rather than in the host's DIR (caches=). */
static gboolean
opt_cache (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  add_layer (state, "Context", "caches", a);
  return TRUE;
}

static gboolean
opt_instance (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  SboxCli *cli = state->cli;
  if (g_str_equal (opt, "--list"))
    {
      cli->action = SBOX_CLI_LIST;
      cli->list_json = a && g_str_equal (a, "json");
      if (a && !cli->list_json && !g_str_equal (a, "text"))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "--list: unknown format '%s'", a);
          return FALSE;
        }
    }
  else if (g_str_equal (opt, "--enter"))
    {
      cli->action = SBOX_CLI_ENTER;
      g_free (cli->enter_target);
      cli->enter_target = g_strdup (a);
    }
  else if (g_str_equal (opt, "--kill"))
    {
      cli->action = SBOX_CLI_KILL;
      g_free (cli->kill_target);
      cli->kill_target = g_strdup (a);
    }
  else if (g_str_equal (opt, "--signal"))
    {
      int sig = 0;
      for (int s = 1; s < NSIG && sig == 0; s++)
        {
          const char *abbrev = sigabbrev_np (s);
          if (abbrev && (g_ascii_strcasecmp (a, abbrev) == 0
                         || (g_str_has_prefix (a, "SIG") && g_ascii_strcasecmp (a + 3, abbrev) == 0)))
            sig = s;
        }
      guint64 number;
      if (sig == 0 && g_ascii_string_to_unsigned (a, 10, 1, NSIG - 1, &number, NULL))
        sig = (int) number;
      if (sig == 0)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "--signal: unknown signal '%s'", a);
          return FALSE;
        }
      cli->kill_signal = sig;
    }
  else
    {
      if (!g_regex_match_simple ("^[A-Za-z0-9][A-Za-z0-9._-]*$", a, 0, 0))
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       "--name: '%s' is not a name (letters, digits, '.', '_', '-')", a);
          return FALSE;
        }
      g_free (state->user->instance_name);
      state->user->instance_name = g_strdup (a);
    }
  return TRUE;
}

static gboolean
opt_flag (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  SboxCli *cli = state->cli;
  if (g_str_equal (opt, "--noprofile"))
    cli->noprofile = TRUE;
  else if (g_str_equal (opt, "--keep-root"))
    state->keep_root = TRUE;
  else if (g_str_equal (opt, "--as-pid-1"))
    state->user->as_pid_1 = TRUE;
  else if (g_str_equal (opt, "--no-pty"))
    state->user->pty = FALSE;
  else if (g_str_equal (opt, "--verbose"))
    state->user->verbose = TRUE, cli->quiet = FALSE;
  else if (g_str_equal (opt, "--quiet"))
    cli->quiet = TRUE, state->user->verbose = FALSE;
  else if (g_str_equal (opt, "--help"))
    cli->action = SBOX_CLI_HELP;
  else if (g_str_equal (opt, "--version"))
    cli->action = SBOX_CLI_VERSION;
  else if (g_str_equal (opt, "--list-profiles"))
    cli->action = SBOX_CLI_LIST_PROFILES;
  else if (g_str_equal (opt, "--doctor"))
    cli->action = SBOX_CLI_DOCTOR;
  return TRUE;
}

static gboolean
opt_print_plan (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (a == NULL || g_str_equal (a, "text"))
    state->cli->action = SBOX_CLI_PRINT_PLAN_TEXT;
  else if (g_str_equal (a, "json"))
    state->cli->action = SBOX_CLI_PRINT_PLAN_JSON;
  else
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "%s: unknown format '%s' (expected text or json)", opt, a);
      return FALSE;
    }
  return TRUE;
}

static const OptionSpec option_table[] = {
  { "--profile", ARG_ONE, opt_profile, "NAME|PATH", "use this profile (default: the command's name)" },
  { "--noprofile", ARG_NONE, opt_flag, NULL, "use the default sandbox, no profile" },
  { "--check-profile", ARG_ONE, opt_profile, "NAME|PATH", "check a profile and exit" },
  { "--list-profiles", ARG_NONE, opt_flag, NULL, "list installed profiles and exit" },
  { "--home", ARG_ONE, opt_scalar, "MODE", "home: private, tmpfs, host-ro or host" },
  { "--file-arguments", ARG_ONE, opt_scalar, "MODE",
    "files named in the command's arguments: ro, rw or none (not forwarded)" },
  { "--filesystem", ARG_ONE, opt_list, "FS[:ro|:rw|:create]", "grant a path (as filesystems=)" },
  { "--nofilesystem", ARG_ONE, opt_list, "FS", "revoke a path" },
  { "--persist", ARG_ONE, opt_list, "DIR", "keep ~/DIR in the profile's private storage" },
  { "--share", ARG_ONE, opt_list, "network|ipc", "share the host's network or IPC namespace" },
  { "--unshare", ARG_ONE, opt_list, "network|ipc", "revoke a share" },
  { "--socket", ARG_ONE, opt_list, "SOCKET", "grant a socket (as sockets=)" },
  { "--nosocket", ARG_ONE, opt_list, "SOCKET", "revoke a socket" },
  { "--device", ARG_ONE, opt_list, "DEVICE", "grant devices: dri, kvm, input, shm, all" },
  { "--nodevice", ARG_ONE, opt_list, "DEVICE", "revoke devices" },
  { "--talk-name", ARG_ONE, opt_scalar, "NAME", "talk to NAME on the session bus" },
  { "--own-name", ARG_ONE, opt_scalar, "NAME", "own NAME on the session bus" },
  { "--see-name", ARG_ONE, opt_scalar, "NAME", "see NAME on the session bus" },
  { "--system-talk-name", ARG_ONE, opt_scalar, "NAME", "talk to NAME on the system bus" },
  { "--system-own-name", ARG_ONE, opt_scalar, "NAME", "own NAME on the system bus" },
  { "--feature", ARG_ONE, opt_list, "devel|multiarch", "ptrace for debuggers, or 32-bit binaries" },
  { "--nofeature", ARG_ONE, opt_list, "FEATURE", "revoke a feature" },
  { "--seccomp", ARG_ONE, opt_scalar, "POLICY", "default, strict, none, or a file of allowed syscalls" },
  { "--seccomp-allow", ARG_ONE, opt_list, "SYSCALL", "allow a syscall the policy denies" },
  { "--seccomp-deny", ARG_ONE, opt_list, "SYSCALL[:ERRNO]", "deny a syscall (EPERM by default)" },
  { "--learn", ARG_ONE, opt_learn, "OUT", "record syscalls and missing paths, write a profile fragment" },
  { "--seccomp-export", ARG_ONE, opt_export, "FILE", "write the compiled BPF filter to FILE and exit" },
  { "--landlock", ARG_ONE, opt_scalar, "true|false|required", "Landlock rules (default true)" },
  { "--new-session", ARG_NONE, opt_scalar, NULL, "run the command in a new session (default)" },
  { "--no-new-session", ARG_NONE, opt_scalar, NULL, "keep the caller's session (allows TIOCSTI)" },
  { "--env", ARG_ONE, opt_profile_env, "VAR=VALUE", "set VAR (as [Environment])" },
  { "--unset-env", ARG_ONE, opt_profile_env, "VAR", "remove VAR (as [Environment])" },
  { "--ro-bind", ARG_TWO, opt_bind, "SRC DEST", "bind SRC read-only at DEST" },
  { "--bind", ARG_TWO, opt_bind, "SRC DEST", "bind SRC read-write at DEST" },
  { "--bind-try", ARG_TWO, opt_bind, "SRC DEST", "like --bind, skipped when SRC is missing" },
  { "--ro-bind-try", ARG_TWO, opt_bind, "SRC DEST", "like --ro-bind, skipped when SRC is missing" },
  { "--cache", ARG_ONE, opt_cache, "DIR", "a cache at DIR (~/.cargo) kept in sbox's storage across runs" },
  { "--keep-env", ARG_ONE, opt_list, "GLOB", "let matching variables through the scrub" },
  { "--memory", ARG_ONE, opt_cgroup, "SIZE", "memory limit (cgroup v2; else RLIMIT_AS)" },
  { "--cpus", ARG_ONE, opt_cgroup, "N", "CPU limit in cores (cgroup v2)" },
  { "--pids", ARG_ONE, opt_cgroup, "N", "process limit (cgroup v2; else RLIMIT_NPROC)" },
  { "--timeout", ARG_ONE, opt_scalar, "SECS", "kill the whole sandbox after SECS (exit 124)" },
  { "--json-status-fd", ARG_ONE, opt_fd, "FD", "JSON lines: child pid, then exit status and usage" },
  { "--info-fd", ARG_ONE, opt_fd, "FD", "JSON: instance id, child pid, namespaces" },
  { "--dev-bind", ARG_TWO, opt_bind, "SRC DEST", "bind SRC at DEST, device nodes usable" },
  { "--tmpfs", ARG_ONE, opt_dest_only, "DEST", "mount an empty tmpfs at DEST" },
  { "--dir", ARG_ONE, opt_dest_only, "DEST", "create the directory DEST" },
  { "--symlink", ARG_TWO, opt_symlink, "TARGET DEST", "create DEST as a symlink to TARGET" },
  { "--setenv", ARG_TWO, opt_env, "VAR VALUE", "set VAR in the command's environment" },
  { "--unsetenv", ARG_ONE, opt_env, "VAR", "remove VAR from the command's environment" },
  { "--chdir", ARG_ONE, opt_chdir, "DIR", "run the command in DIR" },
  { "--hostname", ARG_ONE, opt_scalar, "NAME", "hostname inside the sandbox" },
  { "--rlimit", ARG_ONE, opt_list, "RES=VALUE", "resource limit (as, core, cpu, fsize, memlock, nofile, nproc)" },
  { "--die-with-parent", ARG_NONE, opt_scalar, NULL, "kill the sandbox when sbox dies (default)" },
  { "--no-die-with-parent", ARG_NONE, opt_scalar, NULL, "let the sandbox outlive sbox" },
  { "--as-pid-1", ARG_NONE, opt_flag, NULL, "run the command as PID 1 (no init)" },
  { "--no-pty", ARG_NONE, opt_flag, NULL, "hand the caller's terminal over instead of a pty of the sandbox's own" },
  { "--uid", ARG_ONE, opt_run_id, "UID", "as root: the unprivileged uid the sandbox runs as (65534)" },
  { "--gid", ARG_ONE, opt_run_id, "GID", "as root: the unprivileged gid the sandbox runs as (65534)" },
  { "--keep-root", ARG_NONE, opt_flag, NULL, "as root: keep running as real root (still no caps)" },
  { "--print-plan", ARG_OPTIONAL, opt_print_plan, "[=json]", "print the plan and exit" },
  { "--verbose", ARG_NONE, opt_flag, NULL, "print each setup step on stderr" },
  { "--quiet", ARG_NONE, opt_flag, NULL, "print nothing but errors" },
  { "--doctor", ARG_NONE, opt_flag, NULL, "check what sandboxes need on this machine" },
  { "--name", ARG_ONE, opt_instance, "NAME", "name this sandbox (unique among running ones)" },
  { "--list", ARG_OPTIONAL, opt_instance, "[=json]", "list running sandboxes and exit" },
  { "--enter", ARG_ONE, opt_instance, "NAME|ID|PID", "run CMD (a shell by default) in a running sandbox" },
  { "--kill", ARG_ONE, opt_instance, "NAME|ID|PID", "stop a running sandbox and exit" },
  { "--signal", ARG_ONE, opt_instance, "SIG", "the signal --kill sends (TERM)" },
  { "--help", ARG_NONE, opt_flag, NULL, "show this help" },
  { "--version", ARG_NONE, opt_flag, NULL, "show the version" },
};

static const OptionSpec *
find_option (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (option_table); i++)
    if (g_str_equal (option_table[i].name, name))
      return &option_table[i];
  return NULL;
}

char *
sbox_cli_help (void)
{
  GString *out = g_string_new ("Usage: sbox [OPTIONS] [--] COMMAND [ARGS...]\n"
                               "Run COMMAND in an unprivileged sandbox.\n\n");
  for (gsize i = 0; i < G_N_ELEMENTS (option_table); i++)
    {
      const OptionSpec *spec = &option_table[i];
      g_autofree char *left = g_strdup_printf (
          "%s%s%s", spec->name,
          spec->metavar && spec->args != ARG_OPTIONAL ? " " : "",
          spec->metavar ? spec->metavar : "");
      g_string_append_printf (out, "  %-28s %s\n", left, spec->help);
    }
  g_string_append (out, "\nExit status: the command's, 128+N when it is killed by signal N,\n"
                        "125 when sbox fails, 126 when the command cannot run, 127 when it\n"
                        "is not found. See sbox(1) and sbox.profile(5).\n");
  return g_string_free (out, FALSE);
}

void
sbox_cli_clear (SboxCli *cli)
{
  g_clear_pointer (&cli->plan, sbox_plan_free);
  g_clear_pointer (&cli->check_target, g_free);
  g_clear_pointer (&cli->export_path, g_free);
  g_clear_pointer (&cli->kill_target, g_free);
  g_clear_pointer (&cli->enter_target, g_free);
  g_clear_pointer (&cli->enter_argv, g_strfreev);
}

static char *
caller_home (const char *const *envp, GError **error)
{
  const char *home = g_environ_getenv ((char **) envp, "HOME");
  if (home == NULL || *home == '\0')
    home = g_get_home_dir ();
  g_autofree char *clean = sbox_paths_clean_dest (home, error);
  if (clean == NULL)
    g_prefix_error (error, "HOME: ");
  return g_steal_pointer (&clean);
}

/* The profile: --noprofile, --profile, the command's name, or default. */
static SboxProfile *
choose_profile (CliState *state, const SboxConfig *config, const char *const *envp,
                SboxPlan *plan, GError **error)
{
  if (state->cli->noprofile)
    return sbox_profile_new (NULL);
  if (state->profile)
    return sbox_profile_load (state->profile, envp, error);
  if (state->user->argv->len > 0)
    {
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (state->user->argv, 0));
      g_autofree char *found = sbox_profile_find (name, envp);
      if (found)
        return sbox_profile_load (found, envp, error);
    }
  if (state->user->argv->len > 0)
    {
      /* Say it: an app that finds no display or network under the default
       * profile otherwise just fails in its own words. */
      g_autofree char *name = g_path_get_basename (g_ptr_array_index (state->user->argv, 0));
      gboolean builtin = g_str_equal (config->default_profile, "default");
      g_ptr_array_add (plan->warnings,
                       g_strdup_printf ("no profile for %s: it runs under the %s profile%s; for a "
                                        "desktop app use sbox --profile=gui %s (or "
                                        "--profile=gui-network), see sbox --list-profiles",
                                        name, config->default_profile,
                                        builtin ? " (no display, sound or network; an empty home, forgotten on exit)" : "",
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

/* Where a path inside the sandbox comes from on the host, through the
 * plan's binds (the last one covering it wins); NULL when nothing shows it. */
static char *
host_path_for (SboxPlan *plan, const char *inside)
{
  for (guint i = plan->fs_ops->len; i > 0; i--)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->fs_ops, i - 1);
      gsize len = strlen (op->dest);
      if (strncmp (inside, op->dest, len) != 0 || (inside[len] != '/' && inside[len] != '\0'))
        continue;
      if (op->kind == SBOX_FS_SYMLINK)
        {
          /* /bin → usr/bin: follow it once, relative to the link's directory. */
          g_autofree char *parent = g_path_get_dirname (op->dest);
          g_autofree char *target = g_path_is_absolute (op->source)
                                        ? g_strdup (op->source)
                                        : g_build_filename (parent, op->source, NULL);
          g_autofree char *followed = g_strconcat (target, inside + len, NULL);
          return len > 1 ? host_path_for (plan, followed) : NULL;
        }
      if (op->kind != SBOX_FS_BIND && op->kind != SBOX_FS_RO_BIND && op->kind != SBOX_FS_DEV_BIND)
        return NULL;
      if (op->beneath)
        return g_strconcat (op->source, "/", op->beneath, inside + len, NULL);
      return g_strconcat (op->source, inside + len, NULL);
    }
  return NULL;
}

/* Without a command, the first Command= candidate the sandbox can run. */
static gboolean
choose_command (SboxProfile *profile, SboxPlan *plan, GError **error)
{
  if (plan->argv->len > 0)
    return TRUE;
  GPtrArray *candidates = sbox_profile_get_list (profile, "Profile", "Command");
  const char *path = sbox_plan_getenv (plan, "PATH");
  g_auto (GStrv) dirs = g_strsplit (path ? path : SBOX_SAFE_PATH, ":", -1);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *name = ((SboxSetting *) g_ptr_array_index (candidates, i))->value;
      for (char **dir = dirs; *dir; dir++)
        {
          g_autofree char *inside = g_build_filename (*dir, name, NULL);
          g_autofree char *host = host_path_for (plan, inside);
          if (host && g_file_test (host, G_FILE_TEST_IS_EXECUTABLE))
            {
              g_ptr_array_add (plan->argv, g_strdup (name));
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
apply_layer (CliState *state, SboxProfile *profile, GError **error)
{
  for (guint i = 0; i + 2 < state->layer->len; i += 3)
    if (!sbox_profile_apply (profile, g_ptr_array_index (state->layer, i),
                             g_ptr_array_index (state->layer, i + 1),
                             g_ptr_array_index (state->layer, i + 2), CLI_ORIGIN, error))
      return FALSE;
  return TRUE;
}

/* Default view, the profile's entries, then the caller's raw operations and
 * environment edits in the order given. */
static gboolean
build_plan (CliState *state, const char *const *envp, GError **error)
{
  SboxPlan *user = state->user;
  g_autoptr (SboxPlan) plan = sbox_plan_new ();
  g_auto (SboxConfig) config = { 0 };
  if (!sbox_config_load (envp, &config, error))
    return FALSE;
  g_autoptr (SboxProfile) profile = choose_profile (state, &config, envp, plan, error);
  if (profile == NULL || !apply_layer (state, profile, error))
    return FALSE;
  /* The profile's and the command line's choices come on top of these. */
  g_free (plan->seccomp);
  plan->seccomp = g_strdup (config.seccomp);
  g_free (plan->dbus_proxy);
  plan->dbus_proxy = g_strdup (config.dbus_proxy);

  plan->chdir = g_steal_pointer (&user->chdir);
  plan->as_pid_1 = user->as_pid_1;
  plan->pty = user->pty;
  gboolean real_root = is_real_root ();
  if ((user->run_uid || user->run_gid) && (!real_root || state->keep_root))
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "--uid and --gid choose the ids a root caller's sandbox runs as%s",
                   !real_root ? "; sbox is not running as root" : ", not with --keep-root");
      return FALSE;
    }
  plan->drop_root = real_root && !state->keep_root;
  plan->run_uid = user->run_uid ? user->run_uid : 65534;
  plan->run_gid = user->run_gid ? user->run_gid : 65534;
  plan->instance_name = g_steal_pointer (&user->instance_name);
  plan->json_status_fd = user->json_status_fd;
  plan->memory_max = user->memory_max;
  plan->pids_max = user->pids_max;
  plan->cpus = user->cpus;
  plan->quiet = state->cli->quiet;
  plan->info_fd = user->info_fd;
  plan->learn_output = g_steal_pointer (&user->learn_output);
  plan->verbose = user->verbose;
  plan->home = caller_home (envp, error);
  if (plan->home == NULL)
    return FALSE;

  struct passwd *pw = getpwuid (plan->uid);
  g_autofree char *cwd = g_get_current_dir ();
  SboxExpandContext caller = {
    .envp = envp,
    .home = plan->home,
    .user = pw ? pw->pw_name : g_get_user_name (),
    .cwd = cwd,
    .uid = plan->uid,
    .verbose = plan->verbose,
  };
  /* The command first: the profile's FileArguments= looks at it. */
  g_ptr_array_extend_and_steal (plan->argv, g_steal_pointer (&user->argv));
  user->argv = g_ptr_array_new ();
  if (!sbox_view_add_default (plan, error) || !sbox_context_build_plan (profile, &caller, plan, error))
    return FALSE;
  g_ptr_array_extend_and_steal (plan->fs_ops, g_steal_pointer (&user->fs_ops));
  user->fs_ops = g_ptr_array_new ();

  for (guint i = 0; i < state->env_edits->len; i++)
    {
      const char *edit = g_ptr_array_index (state->env_edits, i);
      if (edit[0] == '+')
        {
          const char *eq = strchr (edit, '=');
          g_autofree char *name = g_strndup (edit + 1, (gsize) (eq - edit - 1));
          sbox_plan_setenv (plan, name, eq + 1);
        }
      else
        sbox_plan_unsetenv (plan, edit + 1);
    }

  if (!choose_command (profile, plan, error) || !sbox_config_check_plan (&config, plan, error))
    return FALSE;
  state->cli->plan = g_steal_pointer (&plan);
  return TRUE;
}

gboolean
sbox_cli_parse (int argc, char *const *argv, const char *const *envp, SboxCli *cli,
                GError **error)
{
  g_autoptr (SboxPlan) user = sbox_plan_new ();
  g_autoptr (GPtrArray) env_edits = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) layer = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *profile = NULL;
  CliState state = { .cli = cli, .user = user, .env_edits = env_edits, .layer = layer };
  cli->action = SBOX_CLI_RUN;

  int i = 1;
  while (i < argc)
    {
      const char *arg = argv[i];
      if (g_str_equal (arg, "--"))
        {
          i++;
          break;
        }
      if (arg[0] != '-' || arg[1] == '\0')
        break;

      const char *eq = g_str_has_prefix (arg, "--") ? strchr (arg, '=') : NULL;
      g_autofree char *name = eq ? g_strndup (arg, (gsize) (eq - arg)) : g_strdup (arg);
      const OptionSpec *spec = find_option (name);
      if (spec == NULL)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "unknown option %s%s", arg,
                       arg[1] == '-' ? ""
                                     : " (to run a command that starts with '-', put it after --)");
          return FALSE;
        }
      const char *a = NULL, *b = NULL;
      int needed = spec->args == ARG_TWO ? 2 : spec->args == ARG_ONE ? 1 : 0;
      if (eq && (spec->args == ARG_ONE || spec->args == ARG_OPTIONAL))
        a = eq + 1;
      else if (eq)
        {
          g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                       spec->args == ARG_NONE ? "%s takes no value" : "%s takes two arguments: %s",
                       spec->name, spec->metavar);
          return FALSE;
        }
      else if (needed > 0)
        {
          if (i + needed >= argc)
            {
              g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s needs %s", spec->name,
                           spec->metavar);
              return FALSE;
            }
          a = argv[i + 1];
          b = needed == 2 ? argv[i + 2] : NULL;
          i += needed;
        }
      if (!spec->handler (&state, spec->name, a, b, error))
        return FALSE;
      i++;
    }

  profile = state.profile;
  if (cli->action == SBOX_CLI_HELP || cli->action == SBOX_CLI_VERSION
      || cli->action == SBOX_CLI_CHECK_PROFILE || cli->action == SBOX_CLI_LIST_PROFILES
      || cli->action == SBOX_CLI_DOCTOR || cli->action == SBOX_CLI_LIST
      || cli->action == SBOX_CLI_KILL)
    return TRUE;
  if (cli->action == SBOX_CLI_ENTER)
    {
      cli->enter_argv = g_new0 (char *, (gsize) (argc - i + 1));
      for (int n = 0; i < argc; i++, n++)
        cli->enter_argv[n] = g_strdup (argv[i]);
      return TRUE;
    }
  for (; i < argc; i++)
    g_ptr_array_add (user->argv, g_strdup (argv[i]));
  return build_plan (&state, envp, error);
}
