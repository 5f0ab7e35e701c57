/* cli.c — sbox's own options, parsed from one table into a request for the
 * composer (compose.c). Each row says what it sets: a field of the request
 * or of SboxCli, a profile key of the option layer, a raw filesystem
 * operation or an environment edit; the setters dispatch on the row's kind,
 * never on the option's name. Reads nothing but argv. */
#include "config.h"

#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <fcntl.h>
#include <signal.h>

#include "cgroup.h"
#include "cli.h"
#include "error.h"
#include "grammar.h"
#include "paths.h"
#include "rlimits.h"

typedef enum
{
  ARG_NONE,
  ARG_ONE,
  ARG_TWO,
  ARG_OPTIONAL, /* only as --opt=VALUE */
} ArgCount;

typedef enum
{
  SET_ACTION,    /* only the row's action */
  SET_INT,       /* int-sized field (gboolean, enum) := the row's value */
  SET_STRING,    /* char * field := the argument */
  SET_DEST,      /* char * field := the argument as a clean absolute path inside */
  SET_HOST_PATH, /* char * field := the argument made absolute on the host */
  SET_NAME,      /* char * field := the argument, a sandbox name */
  SET_FD,        /* int field := an open file descriptor */
  SET_ID,        /* guint field := a non-root id */
  SET_MEMORY,    /* guint64 field := a size in bytes, at least the least a command needs */
  SET_COUNT,     /* guint field := a positive count */
  SET_CPUS,      /* double field := cores */
  SET_SIGNAL,    /* int field := a signal by name or number */
  SET_FORMAT,    /* gboolean field := the argument is "json" (text, json or none) */
  FS_BIND,       /* a raw bind of the row's fs kind and flags: SRC DEST */
  FS_DEST,       /* a raw op of the row's fs kind: DEST */
  FS_SYMLINK,    /* a raw symlink: TARGET DEST */
  ENV_EDIT,      /* --setenv VAR VALUE / --unsetenv VAR, applied last */
  LAYER,         /* profile key section/key := fixed value, or the argument */
  LAYER_REVOKE,  /* profile list key section/key := "!" + the argument */
  LAYER_NAMED,   /* bus policy: the argument is the key, fixed value the value */
  LAYER_ENV,     /* [Environment]: VAR=VALUE, or VAR removed when no value is taken */
} OptionKind;

typedef struct
{
  const char *name;
  ArgCount args;
  OptionKind kind;
  SboxCliAction action; /* selected by the option when not SBOX_CLI_RUN */
  gsize offset;         /* the field in SboxCli the row sets */
  int value;            /* SET_INT's value; the fs kind of FS_* rows */
  SboxFsFlags flags;    /* FS_BIND */
  const char *section;  /* LAYER* rows */
  const char *key;
  const char *fixed; /* LAYER: the value, NULL: the argument */
  const char *metavar;
  const char *help;
} OptionSpec;

#define FIELD(f) .offset = offsetof (SboxCli, f)
#define REQ(f) .offset = offsetof (SboxCli, request.f)
#define AT(cli, spec, type) ((type *) (void *) ((char *) (cli) + (spec)->offset))

/* --- the table: one row per option, saying what the option sets --- */

/* clang-format off: a table laid out by hand */
static const OptionSpec option_table[] = {
  { "--profile", ARG_ONE, SET_STRING, REQ (profile), .metavar = "NAME|PATH",
    .help = "use this profile (default: the command's name)" },
  { "--noprofile", ARG_NONE, SET_INT, REQ (noprofile), .value = TRUE,
    .help = "use the default sandbox, no profile" },
  { "--check-profile", ARG_ONE, SET_STRING, SBOX_CLI_CHECK_PROFILE, FIELD (check_target),
    .metavar = "NAME|PATH", .help = "check a profile and exit" },
  { "--list-profiles", ARG_NONE, SET_ACTION, SBOX_CLI_LIST_PROFILES,
    .help = "list installed profiles and exit" },
  { "--home", ARG_ONE, LAYER, .section = "Sandbox", .key = "Home", .metavar = "MODE",
    .help = "home: private, tmpfs, host-ro or host" },
  { "--file-arguments", ARG_ONE, LAYER, .section = "Sandbox", .key = "FileArguments",
    .metavar = "MODE",
    .help = "files named in the command's arguments: ro, rw or none (not forwarded)" },
  { "--filesystem", ARG_ONE, LAYER, .section = "Context", .key = "filesystems",
    .metavar = "FS[:ro|:rw|:create]", .help = "grant a path (as filesystems=)" },
  { "--nofilesystem", ARG_ONE, LAYER_REVOKE, .section = "Context", .key = "filesystems",
    .metavar = "FS", .help = "revoke a path" },
  { "--persist", ARG_ONE, LAYER, .section = "Context", .key = "persistent", .metavar = "DIR",
    .help = "keep ~/DIR in the profile's private storage" },
  { "--share", ARG_ONE, LAYER, .section = "Context", .key = "shared", .metavar = "network|ipc",
    .help = "share the host's network or IPC namespace" },
  { "--unshare", ARG_ONE, LAYER_REVOKE, .section = "Context", .key = "shared",
    .metavar = "network|ipc", .help = "revoke a share" },
  { "--network", ARG_ONE, LAYER, .section = "Sandbox", .key = "Network", .metavar = "MODE",
    .help = "loopback, none, host, isolated (internet, not the host or LAN) or filtered" },
  { "--publish", ARG_ONE, LAYER, .section = "Sandbox", .key = "Publish",
    .metavar = "HOSTPORT:SANDBOXPORT", .help = "isolated: forward a host TCP port in" },
  { "--allow-host", ARG_ONE, LAYER, .section = "Sandbox", .key = "AllowHosts", .metavar = "PATTERN",
    .help = "filtered: a host (name, *.domain, address; :PORT) to reach" },
  { "--socket", ARG_ONE, LAYER, .section = "Context", .key = "sockets", .metavar = "SOCKET",
    .help = "grant a socket (as sockets=)" },
  { "--nosocket", ARG_ONE, LAYER_REVOKE, .section = "Context", .key = "sockets",
    .metavar = "SOCKET", .help = "revoke a socket" },
  { "--device", ARG_ONE, LAYER, .section = "Context", .key = "devices", .metavar = "DEVICE",
    .help = "grant devices: dri, kvm, input, shm, all" },
  { "--nodevice", ARG_ONE, LAYER_REVOKE, .section = "Context", .key = "devices",
    .metavar = "DEVICE", .help = "revoke devices" },
  { "--talk-name", ARG_ONE, LAYER_NAMED, .section = "Session Bus Policy", .fixed = "talk",
    .metavar = "NAME", .help = "talk to NAME on the session bus" },
  { "--own-name", ARG_ONE, LAYER_NAMED, .section = "Session Bus Policy", .fixed = "own",
    .metavar = "NAME", .help = "own NAME on the session bus" },
  { "--see-name", ARG_ONE, LAYER_NAMED, .section = "Session Bus Policy", .fixed = "see",
    .metavar = "NAME", .help = "see NAME on the session bus" },
  { "--system-talk-name", ARG_ONE, LAYER_NAMED, .section = "System Bus Policy", .fixed = "talk",
    .metavar = "NAME", .help = "talk to NAME on the system bus" },
  { "--system-own-name", ARG_ONE, LAYER_NAMED, .section = "System Bus Policy", .fixed = "own",
    .metavar = "NAME", .help = "own NAME on the system bus" },
  { "--feature", ARG_ONE, LAYER, .section = "Context", .key = "features",
    .metavar = "devel|multiarch", .help = "ptrace for debuggers, or 32-bit binaries" },
  { "--nofeature", ARG_ONE, LAYER_REVOKE, .section = "Context", .key = "features",
    .metavar = "FEATURE", .help = "revoke a feature" },
  { "--seccomp", ARG_ONE, LAYER, .section = "Sandbox", .key = "Seccomp", .metavar = "POLICY",
    .help = "default, strict, none, or a file of allowed syscalls" },
  { "--seccomp-allow", ARG_ONE, LAYER, .section = "Sandbox", .key = "SeccompAllow",
    .metavar = "SYSCALL", .help = "allow a syscall the policy denies" },
  { "--seccomp-deny", ARG_ONE, LAYER, .section = "Sandbox", .key = "SeccompDeny",
    .metavar = "SYSCALL[:ERRNO]", .help = "deny a syscall (EPERM by default)" },
  { "--learn", ARG_ONE, SET_HOST_PATH, REQ (learn_output), .metavar = "OUT",
    .help = "record syscalls and missing paths, write a profile fragment" },
  { "--seccomp-export", ARG_ONE, SET_STRING, SBOX_CLI_EXPORT_SECCOMP, FIELD (export_path),
    .metavar = "FILE", .help = "write the compiled BPF filter to FILE and exit" },
  { "--landlock", ARG_ONE, LAYER, .section = "Sandbox", .key = "Landlock",
    .metavar = "true|false|required", .help = "Landlock rules (default true)" },
  { "--fallback", ARG_ONE, LAYER, .section = "Sandbox", .key = "Fallback",
    .metavar = "refuse|confine",
    .help
    = "where no user namespace can be had: refuse, or confine (Landlock, seccomp, limits only)" },
  { "--new-session", ARG_NONE, LAYER, .section = "Sandbox", .key = "NewSession", .fixed = "true",
    .help = "run the command in a new session (default)" },
  { "--no-new-session", ARG_NONE, LAYER, .section = "Sandbox", .key = "NewSession",
    .fixed = "false", .help = "keep the caller's session (allows TIOCSTI)" },
  { "--env", ARG_ONE, LAYER_ENV, .section = "Environment", .metavar = "VAR=VALUE",
    .help = "set VAR (as [Environment]; ~ and ${HOME} expanded)" },
  { "--unset-env", ARG_ONE, LAYER_ENV, .section = "Environment", .fixed = "", .metavar = "VAR",
    .help = "remove VAR (as [Environment])" },
  { "--ro-bind", ARG_TWO, FS_BIND, .value = SBOX_FS_RO_BIND, .metavar = "SRC DEST",
    .help = "bind SRC read-only at DEST" },
  { "--bind", ARG_TWO, FS_BIND, .value = SBOX_FS_BIND, .metavar = "SRC DEST",
    .help = "bind SRC read-write at DEST" },
  { "--bind-try", ARG_TWO, FS_BIND, .value = SBOX_FS_BIND, .flags = SBOX_FS_FLAG_TRY,
    .metavar = "SRC DEST", .help = "like --bind, skipped when SRC is missing" },
  { "--ro-bind-try", ARG_TWO, FS_BIND, .value = SBOX_FS_RO_BIND, .flags = SBOX_FS_FLAG_TRY,
    .metavar = "SRC DEST", .help = "like --ro-bind, skipped when SRC is missing" },
  /* caches=: a persistent read-write cache at its usual place, kept in
   * sbox's storage rather than in the host's DIR. */
  { "--cache", ARG_ONE, LAYER, .section = "Context", .key = "caches", .metavar = "DIR",
    .help = "a cache at DIR (~/.cargo) kept in sbox's storage across runs" },
  { "--keep-env", ARG_ONE, LAYER, .section = "Sandbox", .key = "KeepEnvironment", .metavar = "GLOB",
    .help = "let matching variables through the scrub" },
  { "--memory", ARG_ONE, SET_MEMORY, REQ (memory_max), .metavar = "SIZE",
    .help = "memory limit (cgroup v2; else RLIMIT_AS)" },
  { "--cpus", ARG_ONE, SET_CPUS, REQ (cpus), .metavar = "N",
    .help = "CPU limit in cores (cgroup v2)" },
  { "--pids", ARG_ONE, SET_COUNT, REQ (pids_max), .metavar = "N",
    .help = "process limit (cgroup v2; else RLIMIT_NPROC)" },
  { "--timeout", ARG_ONE, LAYER, .section = "Sandbox", .key = "Timeout", .metavar = "SECS",
    .help = "kill the whole sandbox after SECS (exit 124)" },
  { "--json-status-fd", ARG_ONE, SET_FD, REQ (json_status_fd), .metavar = "FD",
    .help = "JSON lines: child pid, then exit status and usage" },
  { "--info-fd", ARG_ONE, SET_FD, REQ (info_fd), .metavar = "FD",
    .help = "JSON: instance id, child pid, namespaces" },
  { "--dev-bind", ARG_TWO, FS_BIND, .value = SBOX_FS_DEV_BIND, .metavar = "SRC DEST",
    .help = "bind SRC at DEST, device nodes usable" },
  { "--tmpfs", ARG_ONE, FS_DEST, .value = SBOX_FS_TMPFS, .metavar = "DEST",
    .help = "mount an empty tmpfs at DEST" },
  { "--dir", ARG_ONE, FS_DEST, .value = SBOX_FS_DIR, .metavar = "DEST",
    .help = "create the directory DEST" },
  { "--symlink", ARG_TWO, FS_SYMLINK, .metavar = "TARGET DEST",
    .help = "create DEST as a symlink to TARGET" },
  { "--setenv", ARG_TWO, ENV_EDIT, .metavar = "VAR VALUE",
    .help = "bubblewrap's spelling of --env: VALUE literal, applied last" },
  { "--unsetenv", ARG_ONE, ENV_EDIT, .metavar = "VAR",
    .help = "bubblewrap's spelling of --unset-env, applied last" },
  { "--chdir", ARG_ONE, SET_DEST, REQ (chdir), .metavar = "DIR", .help = "run the command in DIR" },
  { "--hostname", ARG_ONE, LAYER, .section = "Sandbox", .key = "Hostname", .metavar = "NAME",
    .help = "hostname inside the sandbox" },
  { "--rlimit", ARG_ONE, LAYER, .section = "Sandbox", .key = "Rlimits", .metavar = "RES=VALUE",
    .help = "resource limit (as, core, cpu, fsize, memlock, nofile, nproc)" },
  { "--die-with-parent", ARG_NONE, LAYER, .section = "Sandbox", .key = "DieWithParent",
    .fixed = "true", .help = "kill the sandbox when sbox dies (default)" },
  { "--no-die-with-parent", ARG_NONE, LAYER, .section = "Sandbox", .key = "DieWithParent",
    .fixed = "false", .help = "let the sandbox outlive sbox" },
  { "--as-pid-1", ARG_NONE, SET_INT, REQ (as_pid_1), .value = TRUE,
    .help = "run the command as PID 1 (no init)" },
  { "--no-pty", ARG_NONE, SET_INT, REQ (no_pty), .value = TRUE,
    .help = "hand the caller's terminal over instead of a pty of the sandbox's own" },
  { "--uid", ARG_ONE, SET_ID, REQ (run_uid), .metavar = "UID",
    .help = "as root: the unprivileged uid the sandbox runs as (65534)" },
  { "--gid", ARG_ONE, SET_ID, REQ (run_gid), .metavar = "GID",
    .help = "as root: the unprivileged gid the sandbox runs as (65534)" },
  { "--keep-root", ARG_NONE, SET_INT, REQ (keep_root), .value = TRUE,
    .help = "as root: keep running as real root (still no caps)" },
  { "--print-plan", ARG_OPTIONAL, SET_FORMAT, SBOX_CLI_PRINT_PLAN, FIELD (json),
    .metavar = "[=json]", .help = "print the plan and exit" },
  { "--verbose", ARG_NONE, SET_INT, REQ (output), .value = SBOX_OUTPUT_VERBOSE,
    .help = "print each setup step on stderr" },
  { "--quiet", ARG_NONE, SET_INT, REQ (output), .value = SBOX_OUTPUT_QUIET,
    .help = "print nothing but errors" },
  { "--doctor", ARG_NONE, SET_ACTION, SBOX_CLI_DOCTOR,
    .help = "check what sandboxes need on this machine" },
  { "--name", ARG_ONE, SET_NAME, REQ (instance_name), .metavar = "NAME",
    .help = "name this sandbox (unique among running ones)" },
  { "--list", ARG_OPTIONAL, SET_FORMAT, SBOX_CLI_LIST, FIELD (json), .metavar = "[=json]",
    .help = "list running sandboxes and exit" },
  { "--enter", ARG_ONE, SET_STRING, SBOX_CLI_ENTER, FIELD (enter_target), .metavar = "NAME|ID|PID",
    .help = "run CMD (a shell by default) in a running sandbox" },
  { "--kill", ARG_ONE, SET_STRING, SBOX_CLI_KILL, FIELD (kill_target), .metavar = "NAME|ID|PID",
    .help = "stop a running sandbox and exit" },
  { "--signal", ARG_ONE, SET_SIGNAL, FIELD (kill_signal), .metavar = "SIG",
    .help = "the signal --kill sends (TERM)" },
  { "--help", ARG_NONE, SET_ACTION, SBOX_CLI_HELP, .help = "show this help" },
  { "--version", ARG_NONE, SET_ACTION, SBOX_CLI_VERSION, .help = "show the version" },
};
/* clang-format on */

/* A clean absolute destination, or an error naming the option. */
static char *
option_dest (const char *opt, const char *path, GError **error)
{
  char *dest = sbox_paths_clean_dest (path, error);
  if (dest == NULL)
    g_prefix_error (error, "%s: ", opt);
  return dest;
}

/* One check of a variable name for every option that sets or removes one. */
static gboolean
check_env_name (const char *opt, const char *name, GError **error)
{
  g_autofree char *why = NULL;
  if (sbox_grammar_check_env_name (name, &why))
    return TRUE;
  return sbox_error_usage (error, "%s: %s", opt, why);
}

static int
parse_signal (const char *a)
{
  for (int s = 1; s < NSIG; s++)
    {
      const char *abbrev = sigabbrev_np (s);
      if (abbrev
          && (g_ascii_strcasecmp (a, abbrev) == 0
              || (g_str_has_prefix (a, "SIG") && g_ascii_strcasecmp (a + 3, abbrev) == 0)))
        return s;
    }
  guint64 number;
  if (g_ascii_string_to_unsigned (a, 10, 1, NSIG - 1, &number, NULL))
    return (int) number;
  return 0;
}

static void
set_string (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

/* What one row sets, given its argument(s) a and b. */
static gboolean
apply_option (SboxCli *cli, const OptionSpec *spec, const char *a, const char *b, GError **error)
{
  SboxRequest *request = &cli->request;
  const char *opt = spec->name;
  if (spec->action != SBOX_CLI_RUN)
    cli->action = spec->action;
  switch (spec->kind)
    {
    case SET_ACTION:
      return TRUE;
    case SET_INT:
      *AT (cli, spec, int) = spec->value;
      return TRUE;
    case SET_STRING:
      set_string (AT (cli, spec, char *), g_strdup (a));
      return TRUE;
    case SET_DEST:
      {
        char *dest = option_dest (opt, a, error);
        if (dest == NULL)
          return FALSE;
        set_string (AT (cli, spec, char *), dest);
        return TRUE;
      }
    case SET_HOST_PATH:
      set_string (AT (cli, spec, char *), g_canonicalize_filename (a, NULL));
      return TRUE;
    case SET_NAME:
      if (!g_regex_match_simple ("^[A-Za-z0-9][A-Za-z0-9._-]*$", a, 0, 0))
        {
          g_autofree char *shown = sbox_error_one_line (a);
          return sbox_error_usage (error, "%s: '%s' is not a name (letters, digits, '.', '_', '-')",
                                   opt, shown);
        }
      set_string (AT (cli, spec, char *), g_strdup (a));
      return TRUE;
    case SET_FD:
      {
        guint64 fd;
        if (!g_ascii_string_to_unsigned (a, 10, 0, G_MAXINT, &fd, NULL))
          return sbox_error_usage (error, "%s: '%s' is not a file descriptor", opt, a);
        if (fcntl ((int) fd, F_GETFD) < 0)
          return sbox_error_usage (error, "%s: file descriptor %s is not open", opt, a);
        *AT (cli, spec, int) = (int) fd;
        return TRUE;
      }
    case SET_ID:
      {
        guint64 id;
        if (!g_ascii_string_to_unsigned (a, 10, 1, 0xfffffffe, &id, NULL))
          return sbox_error_usage (error, "%s: '%s' is not a non-root id", opt, a);
        *AT (cli, spec, guint) = (guint) id;
        return TRUE;
      }
    case SET_MEMORY:
      {
        guint64 *bytes = AT (cli, spec, guint64);
        if (!sbox_cgroup_parse_size (a, bytes))
          return sbox_error_usage (error, "%s: bad value '%s'", opt, a);
        /* Below it the command cannot load (rlimits.c), or sbox's own init
         * faults before it runs. */
        if (*bytes < SBOX_LIMITS_MIN_MEMORY)
          return sbox_error_usage (
              error,
              "%s=%s: too small for a command to start (the least is %" G_GUINT64_FORMAT "M)", opt,
              a, SBOX_LIMITS_MIN_MEMORY >> 20);
        return TRUE;
      }
    case SET_COUNT:
      {
        guint64 n;
        if (!g_ascii_string_to_unsigned (a, 10, 1, G_MAXINT32, &n, NULL))
          return sbox_error_usage (error, "%s: bad value '%s'", opt, a);
        *AT (cli, spec, guint) = (guint) n;
        return TRUE;
      }
    case SET_CPUS:
      {
        char *end = NULL;
        double cpus = g_ascii_strtod (a, &end);
        if (end == a || *end != '\0' || !(cpus > 0 && cpus <= 4096))
          return sbox_error_usage (error, "%s: bad value '%s'", opt, a);
        *AT (cli, spec, double) = cpus;
        return TRUE;
      }
    case SET_SIGNAL:
      {
        int sig = parse_signal (a);
        if (sig == 0)
          return sbox_error_usage (error, "%s: unknown signal '%s'", opt, a);
        *AT (cli, spec, int) = sig;
        return TRUE;
      }
    case SET_FORMAT:
      if (a && !g_str_equal (a, "text") && !g_str_equal (a, "json"))
        return sbox_error_usage (error, "%s: unknown format '%s' (expected text or json)", opt, a);
      *AT (cli, spec, gboolean) = a && g_str_equal (a, "json");
      return TRUE;
    case FS_BIND:
      {
        g_autofree char *source = sbox_paths_absolute_source (a, error);
        if (source == NULL)
          return FALSE;
        g_autofree char *dest = option_dest (opt, b, error);
        if (dest == NULL)
          return FALSE;
        g_ptr_array_add (request->fs_ops,
                         sbox_fs_op_new ((SboxFsKind) spec->value, spec->flags, source, dest));
        return TRUE;
      }
    case FS_DEST:
      {
        g_autofree char *dest = option_dest (opt, a, error);
        if (dest == NULL)
          return FALSE;
        g_ptr_array_add (request->fs_ops,
                         sbox_fs_op_new ((SboxFsKind) spec->value, SBOX_FS_FLAG_NONE, NULL, dest));
        return TRUE;
      }
    case FS_SYMLINK:
      {
        g_autofree char *dest = option_dest (opt, b, error);
        if (dest == NULL)
          return FALSE;
        if (*a == '\0')
          return sbox_error_usage (error, "%s: empty link target", opt);
        g_ptr_array_add (request->fs_ops,
                         sbox_fs_op_new (SBOX_FS_SYMLINK, SBOX_FS_FLAG_NONE, a, dest));
        return TRUE;
      }
    case ENV_EDIT:
      if (!check_env_name (opt, a, error))
        return FALSE;
      g_ptr_array_add (request->env_edits,
                       b ? g_strconcat ("+", a, "=", b, NULL) : g_strconcat ("-", a, NULL));
      return TRUE;
    case LAYER:
      sbox_compose_request_set (request, spec->section, spec->key, spec->fixed ? spec->fixed : a);
      return TRUE;
    case LAYER_REVOKE:
      {
        g_autofree char *revoke = g_strconcat ("!", a, NULL);
        sbox_compose_request_set (request, spec->section, spec->key, revoke);
        return TRUE;
      }
    case LAYER_NAMED:
      sbox_compose_request_set (request, spec->section, a, spec->fixed);
      return TRUE;
    case LAYER_ENV:
      {
        const char *eq = spec->fixed ? NULL : strchr (a, '=');
        if (spec->fixed == NULL && eq == NULL)
          return sbox_error_usage (error, "%s: expected VAR=VALUE, got '%s'", opt, a);
        g_autofree char *name = eq ? g_strndup (a, (gsize) (eq - a)) : g_strdup (a);
        if (!check_env_name (opt, name, error))
          return FALSE;
        sbox_compose_request_set (request, spec->section, name, eq ? eq + 1 : spec->fixed);
        return TRUE;
      }
    }
  g_assert_not_reached ();
}

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
      g_autofree char *left = g_strdup_printf ("%s%s%s", spec->name,
                                               spec->metavar && spec->args != ARG_OPTIONAL ? " "
                                                                                           : "",
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
  sbox_compose_request_clear (&cli->request);
  g_clear_pointer (&cli->check_target, g_free);
  g_clear_pointer (&cli->export_path, g_free);
  g_clear_pointer (&cli->kill_target, g_free);
  g_clear_pointer (&cli->enter_target, g_free);
  g_clear_pointer (&cli->enter_argv, g_strfreev);
}

gboolean
sbox_cli_parse (int argc, char *const *argv, SboxCli *cli, GError **error)
{
  cli->action = SBOX_CLI_RUN;
  if (cli->request.layer == NULL)
    sbox_compose_request_init (&cli->request);

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
        return sbox_error_usage (error, "unknown option %s%s", arg,
                                 arg[1] == '-'
                                     ? ""
                                     : " (to run a command that starts with '-', put it after --)");
      const char *a = NULL, *b = NULL;
      int needed = spec->args == ARG_TWO ? 2 : spec->args == ARG_ONE ? 1 : 0;
      if (eq && (spec->args == ARG_ONE || spec->args == ARG_OPTIONAL))
        a = eq + 1;
      else if (eq)
        {
          if (spec->args == ARG_NONE)
            return sbox_error_usage (error, "%s takes no value", spec->name);
          return sbox_error_usage (error, "%s takes two arguments: %s", spec->name, spec->metavar);
        }
      else if (needed > 0)
        {
          if (i + needed >= argc)
            return sbox_error_usage (error, "%s needs %s", spec->name, spec->metavar);
          a = argv[i + 1];
          b = needed == 2 ? argv[i + 2] : NULL;
          i += needed;
        }
      if (spec->args == ARG_ONE && *a == '\0')
        return sbox_error_usage (error, "%s: empty value (expected %s)", spec->name, spec->metavar);
      if (!apply_option (cli, spec, a, b, error))
        return FALSE;
      i++;
    }

  if (cli->action == SBOX_CLI_ENTER)
    {
      cli->enter_argv = g_new0 (char *, (gsize) (argc - i + 1));
      for (int n = 0; i < argc; i++, n++)
        cli->enter_argv[n] = g_strdup (argv[i]);
      return TRUE;
    }
  for (; i < argc; i++)
    g_ptr_array_add (cli->request.argv, g_strdup (argv[i]));
  return TRUE;
}
