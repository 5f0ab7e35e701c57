/* cli.c — sbox's own options, parsed from one table, turned into a plan:
 * the default view first, then the caller's operations in the order given. */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "env.h"
#include "error.h"
#include "rlimits.h"
#include "paths.h"
#include "view.h"

typedef struct
{
  SboxCli *cli;
  SboxPlan *user;       /* the caller's fs ops and settings, before the view */
  GPtrArray *env_edits; /* "+NAME=VALUE" or "-NAME", in order */
} CliState;

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
  SboxFsKind kind = g_str_equal (opt, "--ro-bind")    ? SBOX_FS_RO_BIND
                    : g_str_equal (opt, "--dev-bind") ? SBOX_FS_DEV_BIND
                                                      : SBOX_FS_BIND;
  return add_bind (state, kind, opt, a, b, error);
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

static gboolean
opt_share (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (g_str_equal (a, "network"))
    state->user->namespaces &= ~SBOX_NS_NET;
  else if (g_str_equal (a, "ipc"))
    state->user->namespaces &= ~SBOX_NS_IPC;
  else
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE,
                   "%s: unknown value '%s' (expected network or ipc)", opt, a);
      return FALSE;
    }
  return TRUE;
}

static gboolean
opt_hostname (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (*a == '\0' || strlen (a) > 64)
    {
      g_set_error (error, SBOX_ERROR, SBOX_ERROR_USAGE, "%s: invalid hostname '%s'", opt, a);
      return FALSE;
    }
  g_free (state->user->hostname);
  state->user->hostname = g_strdup (a);
  return TRUE;
}

static gboolean
opt_rlimit (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  if (!sbox_limits_add_rlimit (state->user, a, error))
    {
      g_prefix_error (error, "%s: ", opt);
      return FALSE;
    }
  return TRUE;
}

static gboolean
opt_flag (CliState *state, const char *opt, const char *a, const char *b, GError **error)
{
  SboxCli *cli = state->cli;
  if (g_str_equal (opt, "--noprofile"))
    cli->noprofile = TRUE;
  else if (g_str_equal (opt, "--die-with-parent"))
    state->user->die_with_parent = TRUE;
  else if (g_str_equal (opt, "--no-die-with-parent"))
    state->user->die_with_parent = FALSE;
  else if (g_str_equal (opt, "--as-pid-1"))
    state->user->as_pid_1 = TRUE;
  else if (g_str_equal (opt, "--verbose"))
    state->user->verbose = TRUE, cli->quiet = FALSE;
  else if (g_str_equal (opt, "--quiet"))
    cli->quiet = TRUE, state->user->verbose = FALSE;
  else if (g_str_equal (opt, "--help"))
    cli->action = SBOX_CLI_HELP;
  else if (g_str_equal (opt, "--version"))
    cli->action = SBOX_CLI_VERSION;
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
  { "--noprofile", ARG_NONE, opt_flag, NULL, "use the default sandbox, no profile" },
  { "--ro-bind", ARG_TWO, opt_bind, "SRC DEST", "bind SRC read-only at DEST" },
  { "--bind", ARG_TWO, opt_bind, "SRC DEST", "bind SRC read-write at DEST" },
  { "--dev-bind", ARG_TWO, opt_bind, "SRC DEST", "bind SRC at DEST, device nodes usable" },
  { "--tmpfs", ARG_ONE, opt_dest_only, "DEST", "mount an empty tmpfs at DEST" },
  { "--dir", ARG_ONE, opt_dest_only, "DEST", "create the directory DEST" },
  { "--symlink", ARG_TWO, opt_symlink, "TARGET DEST", "create DEST as a symlink to TARGET" },
  { "--setenv", ARG_TWO, opt_env, "VAR VALUE", "set VAR in the command's environment" },
  { "--unsetenv", ARG_ONE, opt_env, "VAR", "remove VAR from the command's environment" },
  { "--chdir", ARG_ONE, opt_chdir, "DIR", "run the command in DIR" },
  { "--share", ARG_ONE, opt_share, "network|ipc", "share the host's network or IPC namespace" },
  { "--hostname", ARG_ONE, opt_hostname, "NAME", "hostname inside the sandbox" },
  { "--rlimit", ARG_ONE, opt_rlimit, "RES=VALUE", "resource limit (as, core, cpu, fsize, memlock, nofile, nproc)" },
  { "--die-with-parent", ARG_NONE, opt_flag, NULL, "kill the sandbox when sbox dies (default)" },
  { "--no-die-with-parent", ARG_NONE, opt_flag, NULL, "let the sandbox outlive sbox" },
  { "--as-pid-1", ARG_NONE, opt_flag, NULL, "run the command as PID 1 (no init)" },
  { "--print-plan", ARG_OPTIONAL, opt_print_plan, "[=json]", "print the plan and exit" },
  { "--verbose", ARG_NONE, opt_flag, NULL, "print each setup step on stderr" },
  { "--quiet", ARG_NONE, opt_flag, NULL, "print nothing but errors" },
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
                        "is not found.\n");
  return g_string_free (out, FALSE);
}

void
sbox_cli_clear (SboxCli *cli)
{
  g_clear_pointer (&cli->plan, sbox_plan_free);
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

/* Default view, then the caller's ops in order, then environment edits. */
static gboolean
build_plan (CliState *state, const char *const *envp, GError **error)
{
  SboxPlan *user = state->user;
  g_autoptr (SboxPlan) plan = sbox_plan_new ();

  plan->namespaces = user->namespaces;
  plan->hostname = g_steal_pointer (&user->hostname);
  plan->chdir = g_steal_pointer (&user->chdir);
  plan->die_with_parent = user->die_with_parent;
  plan->as_pid_1 = user->as_pid_1;
  plan->verbose = user->verbose;
  g_array_append_vals (plan->rlimits, user->rlimits->data, user->rlimits->len);
  plan->home = caller_home (envp, error);
  if (plan->home == NULL)
    return FALSE;

  if (!sbox_view_add_default (plan, error))
    return FALSE;
  g_ptr_array_extend_and_steal (plan->fs_ops, g_steal_pointer (&user->fs_ops));
  user->fs_ops = g_ptr_array_new ();

  g_autofree char *runtime_dir = sbox_view_runtime_dir (plan->uid);
  sbox_env_scrub (plan, envp, plan->home, runtime_dir);
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

  g_ptr_array_extend_and_steal (plan->argv, g_steal_pointer (&user->argv));
  user->argv = g_ptr_array_new ();
  state->cli->plan = g_steal_pointer (&plan);
  return TRUE;
}

gboolean
sbox_cli_parse (int argc, char *const *argv, const char *const *envp, SboxCli *cli,
                GError **error)
{
  g_autoptr (SboxPlan) user = sbox_plan_new ();
  g_autoptr (GPtrArray) env_edits = g_ptr_array_new_with_free_func (g_free);
  CliState state = { .cli = cli, .user = user, .env_edits = env_edits };
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

  if (cli->action == SBOX_CLI_HELP || cli->action == SBOX_CLI_VERSION)
    return TRUE;
  for (; i < argc; i++)
    g_ptr_array_add (user->argv, g_strdup (argv[i]));
  return build_plan (&state, envp, error);
}
