/* main.c — wiring only: front end → composer → plan → executor; prints the one error
 * and picks the exit code. */
#include "config.h"
#include "installdirs.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "bwrap-cli.h"
#include "cli.h"
#include "compose.h"
#include "context.h"
#include "dispatch.h"
#include "doctor.h"
#include "enter.h"
#include "instance.h"
#include "error.h"
#include "paths.h"
#include "launch.h"
#include "net-proxy.h"
#include "plan-print.h"
#include "profile.h"
#include "seccomp.h"
#include "timing.h"

extern char **environ;

/* The terminal's width, or 100 columns into a pipe or file. */
static guint
output_width (void)
{
  struct winsize ws;
  if (isatty (STDOUT_FILENO) && ioctl (STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
    return ws.ws_col;
  return 100;
}

/* NAME, DESCRIPTION, FILE in columns that fit the width: the description
 * gives way (cut with "..."), the name and the file never do. */
static void
list_profiles (GPtrArray *lines)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  glong name_w = 4, desc_w = 0, path_w = 0;
  for (guint i = 0; i < lines->len; i++)
    {
      char **f = g_strsplit (g_ptr_array_index (lines, i), "\t", 3);
      if (g_strv_length (f) != 3 || !g_utf8_validate (f[1], -1, NULL))
        {
          g_strfreev (f);
          continue;
        }
      name_w = MAX (name_w, g_utf8_strlen (f[0], -1));
      desc_w = MAX (desc_w, g_utf8_strlen (f[1], -1));
      path_w = MAX (path_w, g_utf8_strlen (f[2], -1));
      g_ptr_array_add (rows, f);
    }
  glong room = (glong) output_width () - name_w - path_w - 2;
  desc_w = MIN (desc_w, MAX (room, 20));
  for (guint i = 0; i < rows->len; i++)
    {
      char **f = g_ptr_array_index (rows, i);
      GString *line = g_string_new (f[0]);
      for (glong n = g_utf8_strlen (f[0], -1); n <= name_w; n++)
        g_string_append_c (line, ' ');
      glong len = g_utf8_strlen (f[1], -1);
      if (len > desc_w)
        {
          g_string_append_len (line, f[1], g_utf8_offset_to_pointer (f[1], desc_w - 3) - f[1]);
          g_string_append (line, "...");
          len = desc_w;
        }
      else
        g_string_append (line, f[1]);
      for (; len <= desc_w; len++)
        g_string_append_c (line, ' ');
      g_string_append (line, f[2]);
      puts (line->str);
      g_string_free (line, TRUE);
    }
}

/* --check-profile: 0 when the profile is valid; otherwise -1 with error
 * (a profile that is missing and one that is invalid alike). */
static int
check_profile (const SboxCli *cli, GError **error)
{
  g_autoptr (SboxProfile) profile = sbox_profile_load (cli->check_target,
                                                       (const char *const *) environ, error);
  if (profile == NULL)
    return -1;
  g_autofree char *cwd = g_get_current_dir ();
  SboxExpandContext caller = { .envp = (const char *const *) environ,
                               .home = sbox_paths_caller_home ((const char *const *) environ),
                               .user = g_get_user_name (),
                               .cwd = cwd,
                               .uid = getuid () };
  g_autoptr (GPtrArray) own = sbox_context_own_state_grants (profile, &caller);
  for (guint i = 0; i < own->len; i++)
    sbox_error_printf ("warning: %s", (char *) g_ptr_array_index (own, i));
  if (cli->request.output != SBOX_OUTPUT_QUIET)
    printf ("%s: OK (%u files)\n", profile->path, profile->files->len);
  return SBOX_EXIT_OK;
}

static int
list_installed_profiles (void)
{
  g_autoptr (GPtrArray) lines = sbox_profile_list_installed ((const char *const *) environ);
  if (lines->len == 0)
    {
      /* Nothing found is most often sbox built for another prefix. */
      g_autoptr (GPtrArray) dirs = sbox_profile_search_path ((const char *const *) environ);
      g_ptr_array_add (dirs, NULL);
      g_autofree char *where = g_strjoinv (", ", (char **) dirs->pdata);
      sbox_error_printf ("no profiles found in %s", where);
    }
  list_profiles (lines);
  return SBOX_EXIT_OK;
}

/* --print-plan, --seccomp-export and running a command: the plan first. */
static int
plan_action (SboxCli *cli, GError **error)
{
  g_autoptr (SboxPlan) plan = sbox_compose_plan (&cli->request, (const char *const *) environ,
                                                 error);
  if (plan == NULL || !sbox_plan_validate (plan, error))
    return -1;
  if (cli->action == SBOX_CLI_EXPORT_SECCOMP)
    return sbox_seccomp_export (&plan->sandbox, cli->export_path, error) ? SBOX_EXIT_OK : -1;
  if (cli->action != SBOX_CLI_RUN)
    {
      g_autofree char *text = cli->json ? sbox_plan_to_json (plan) : sbox_plan_to_text (plan);
      fputs (text, stdout);
      return SBOX_EXIT_OK;
    }
  if (!plan->run.quiet)
    for (guint i = 0; i < plan->warnings->len; i++)
      sbox_error_printf ("warning: %s", (char *) g_ptr_array_index (plan->warnings, i));
  /* The launcher reports its own failures as they happen (the sandbox
   * may have run for hours) and returns the status by the same rule. */
  return sbox_launch_run (plan);
}

/* One action; its exit status, or -1 with error when sbox itself could not
 * do it. Actions that run a command (run, --enter) return that command's
 * status, or the code their failure's kind calls for, having reported it. */
static int
run_action (SboxCli *cli, GError **error)
{
  switch (cli->action)
    {
    case SBOX_CLI_HELP:
      {
        g_autofree char *help = sbox_cli_help ();
        fputs (help, stdout);
        return SBOX_EXIT_OK;
      }
    case SBOX_CLI_VERSION:
      printf ("sbox %s\nprofiles: %s/profiles\nconfiguration: %s\n", PACKAGE_VERSION,
              SBOX_PKGDATADIR, SBOX_SYSCONFDIR);
      return SBOX_EXIT_OK;
    case SBOX_CLI_CHECK_PROFILE:
      return check_profile (cli, error);
    case SBOX_CLI_LIST_PROFILES:
      return list_installed_profiles ();
    case SBOX_CLI_DOCTOR:
      if (sbox_doctor_run ((const char *const *) environ) == 0)
        return SBOX_EXIT_OK;
      g_set_error_literal (error, SBOX_ERROR, SBOX_ERROR_SETUP,
                           "--doctor: a check failed (FAIL above): sandboxes cannot start here "
                           "as configured");
      return -1;
    case SBOX_CLI_LIST:
      sbox_instance_list ((const char *const *) environ, cli->json);
      return SBOX_EXIT_OK;
    case SBOX_CLI_KILL:
      return sbox_instance_kill ((const char *const *) environ, cli->kill_target,
                                 cli->kill_signal ? cli->kill_signal : SIGTERM, error)
                 ? SBOX_EXIT_OK
                 : -1;
    case SBOX_CLI_ENTER:
      return sbox_enter_run ((const char *const *) environ, cli->enter_target, cli->enter_argv);
    case SBOX_CLI_PRINT_PLAN:
    case SBOX_CLI_EXPORT_SECCOMP:
    case SBOX_CLI_RUN:
      break;
    }
  return plan_action (cli, error);
}

/* The one place an action's failure is printed and its exit code chosen
 * (error.h has the rule). */
static int
fail (const GError *error)
{
  sbox_error_print (error->message);
  return sbox_error_exit_for (error);
}

/* sbox-bwrap (or bwrap, or sbox --bwrap): bubblewrap's command line, its
 * messages under the name it was called by, and its exit status 1 for a
 * bad command line. */
static int
bwrap_main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (SboxBwrapCli) cli = { 0 };
  g_autofree char *base = g_path_get_basename (argv[0]);
  const char *program = sbox_bwrap_cli_selected (base) ? base : "sbox-bwrap";
  sbox_error_set_program (program);
  gboolean parsed = sbox_bwrap_cli_parse (argc, argv, (const char *const *) environ, &cli, &error);
  sbox_error_set_level_prefix (cli.level_prefix);
  if (!parsed)
    {
      if (cli.help)
        {
          g_autofree char *help = sbox_bwrap_cli_help (program);
          fputs (help, stderr);
        }
      else
        sbox_error_print (error->message);
      return 1;
    }
  if (cli.help || cli.version)
    {
      g_autofree char *text = cli.help ? sbox_bwrap_cli_help (program)
                                       : g_strdup_printf ("bubblewrap 0.8.0 (sbox %s)\n",
                                                          PACKAGE_VERSION);
      fputs (text, stdout);
      return fflush (stdout) == 0 ? 0 : 1;
    }
  if (!sbox_compose_bwrap_plan (cli.plan, (const char *const *) environ, &error))
    {
      sbox_error_print (error->message);
      return 1;
    }
  return sbox_launch_run (cli.plan);
}

int
main (int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  g_auto (SboxCli) cli = { 0 };
  g_auto (GStrv) alias_argv = NULL;

  sbox_timing_begin ();
  if (sbox_bwrap_cli_selected (argv[0]))
    return bwrap_main (argc, argv);
  if (argc > 1 && g_str_equal (argv[1], "--bwrap"))
    {
      argv[1] = argv[0];
      return bwrap_main (argc - 1, argv + 1);
    }
  if (argc > 1 && g_str_equal (argv[1], "--net-proxy"))
    return sbox_net_proxy_main (argc - 1, argv + 1);

  if (sbox_dispatch_is_alias (argv[0]))
    {
      alias_argv = sbox_dispatch_argv (argc, argv, (const char *const *) environ, &error);
      if (alias_argv == NULL)
        return fail (error);
      argv = alias_argv;
      argc = (int) g_strv_length (argv);
    }
  if (!sbox_cli_parse (argc, argv, &cli, &error))
    return fail (error);
  int status = run_action (&cli, &error);
  if (status < 0)
    return fail (error);
  /* What an action printed must have been written: a full disk or a
   * closed pipe is a failure, not a silent success. */
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int errsv = errno ? errno : EIO;
      sbox_error_set_errno (&error, errsv, "cannot write the output");
      return fail (error);
    }
  return status;
}
