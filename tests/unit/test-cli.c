/* Unit tests for cli.c and compose.c: option parsing into a request, and
 * the request composed into a plan. */
#include "config.h"

#include "cli.h"
#include "compose.h"
#include "error.h"

static const char *const test_env[] = {
  "HOME=/home/ann",
  "USER=ann",
  "LANG=C.UTF-8",
  "LC_TIME=C",
  "TERM=xterm",
  "AWS_SECRET_ACCESS_KEY=secret",
  "GITHUB_TOKEN=ghp_x",
  "LD_PRELOAD=/tmp/evil.so",
  "DISPLAY=:0",
  "PATH=/home/ann/bin:/usr/bin",
  NULL,
};

/* Parse as main.c does, then compose the plan for the actions that need one. */
static gboolean
parse (SboxCli *cli, SboxPlan **plan, GError **error, ...)
{
  va_list args;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, (char *) "sbox");
  va_start (args, error);
  for (const char *a = va_arg (args, const char *); a; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  if (!sbox_cli_parse ((int) argv->len - 1, (char *const *) argv->pdata, cli, error))
    return FALSE;
  if (cli->action != SBOX_CLI_RUN && cli->action != SBOX_CLI_PRINT_PLAN
      && cli->action != SBOX_CLI_EXPORT_SECCOMP)
    return TRUE;
  *plan = sbox_compose_plan (&cli->request, test_env, error);
  return *plan != NULL;
}

static const SboxFsOp *
last_op (SboxPlan *plan)
{
  return g_ptr_array_index (plan->sandbox.fs_ops, plan->sandbox.fs_ops->len - 1);
}

static void
test_command_after_dashes (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (parse (&cli, &plan, &error, "--noprofile", "--", "-weird", "arg", NULL));
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_true (cli.request.noprofile);
  g_assert_cmpuint (plan->run.argv->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (plan->run.argv, 0), ==, "-weird");
}

static void
test_command_without_dashes (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (parse (&cli, &plan, &error, "ls", "-la", NULL));
  g_assert_nonnull (plan);
  g_assert_cmpuint (plan->run.argv->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (plan->run.argv, 1), ==, "-la");
}

static void
test_unknown_option (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (parse (&cli, &plan, &error, "--noprofile", "-la", NULL));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "unknown option -la"));
  g_assert_nonnull (strstr (error->message, "--"));
}

static void
test_missing_argument (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (parse (&cli, &plan, &error, "--bind", "/a", NULL));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "--bind needs SRC DEST"));
}

static void
test_binds_follow_view_in_order (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (parse (&cli, &plan, &error, "--ro-bind", "/etc/hostname", "/x/a/", "--tmpfs",
                        "/x/t", "--bind", "/var", "/x/v", "--dev-bind", "/dev/null", "/x/n",
                        "--dir", "/x/d", "--symlink", "target", "/x/l", "true", NULL));
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  guint n = plan->sandbox.fs_ops->len;
  g_assert_cmpuint (n, >, 6);
  const SboxFsKind expected[] = { SBOX_FS_RO_BIND,  SBOX_FS_TMPFS, SBOX_FS_BIND,
                                  SBOX_FS_DEV_BIND, SBOX_FS_DIR,   SBOX_FS_SYMLINK };
  for (guint i = 0; i < 6; i++)
    {
      const SboxFsOp *op = g_ptr_array_index (plan->sandbox.fs_ops, n - 6 + i);
      g_assert_cmpint (op->kind, ==, expected[i]);
    }
  const SboxFsOp *first = g_ptr_array_index (plan->sandbox.fs_ops, n - 6);
  g_assert_cmpstr (first->dest, ==, "/x/a");
  g_assert_cmpstr (last_op (plan)->source, ==, "target");
  /* The default view comes first: /usr is the first operation. */
  const SboxFsOp *usr = g_ptr_array_index (plan->sandbox.fs_ops, 0);
  g_assert_cmpint (usr->kind, ==, SBOX_FS_RO_BIND);
  g_assert_cmpstr (usr->dest, ==, "/usr");
}

static void
test_relative_dest_rejected (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_false (parse (&cli, &plan, &error, "--tmpfs", "tmp", "true", NULL));
  g_assert_error (error, SBOX_ERROR, SBOX_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "--tmpfs"));
  g_assert_nonnull (strstr (error->message, "tmp"));
}

static void
test_environment_scrubbed (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (
      parse (&cli, &plan, &error, "--setenv", "FOO", "bar", "--unsetenv", "TERM", "env", NULL));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "AWS_SECRET_ACCESS_KEY"));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "GITHUB_TOKEN"));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "LD_PRELOAD"));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "DISPLAY"));
  g_assert_null (sbox_sandbox_getenv (&plan->sandbox, "TERM"));
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "FOO"), ==, "bar");
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "LC_TIME"), ==, "C");
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "HOME"), ==, "/home/ann");
  g_assert_cmpstr (sbox_sandbox_getenv (&plan->sandbox, "PATH"), !=, "/home/ann/bin:/usr/bin");
}

static void
test_share_and_flags (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (SboxPlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_assert_true (parse (&cli, &plan, &error, "--share=network", "--hostname", "box", "--as-pid-1",
                        "--no-die-with-parent", "--chdir", "/tmp/", "--rlimit", "nofile=64",
                        "--print-plan=json", "true", NULL));
  g_assert_no_error (error);
  g_assert_cmpint (cli.action, ==, SBOX_CLI_PRINT_PLAN);
  g_assert_nonnull (plan);
  g_assert_true (cli.json);
  g_assert_false (plan->sandbox.namespaces & SBOX_NS_NET);
  g_assert_true (plan->sandbox.namespaces & SBOX_NS_USER);
  g_assert_cmpstr (plan->sandbox.hostname, ==, "box");
  g_assert_cmpstr (plan->sandbox.chdir, ==, "/tmp");
  g_assert_true (plan->run.as_pid_1);
  g_assert_false (plan->run.die_with_parent);
  g_assert_cmpuint (plan->sandbox.limits.rlimits->len, ==, 1);
}

static void
test_bad_values (void)
{
  const char *cases[][3] = {
    { "--share", "everything", "unknown value" },
    { "--print-plan=yaml", NULL, "unknown format" },
    { "--rlimit", "stack=1", "bad rlimit" },
    { "--rlimit", "nofile=lots", "bad rlimit value" },
    { "--unsetenv", "A=B", "invalid variable name" },
    /* One variable-name check for every spelling. */
    { "--setenv", "A-B", "--setenv: invalid variable name 'A-B'" },
    { "--unsetenv", "A-B", "--unsetenv: invalid variable name 'A-B'" },
    { "--env=A-B=x", NULL, "--env: invalid variable name 'A-B'" },
    { "--unset-env", "A-B", "--unset-env: invalid variable name 'A-B'" },
    { "--env=1A=x", NULL, "--env: invalid variable name '1A'" },
    { "--list=yaml", NULL, "unknown format" },
    { "--signal", "NOPE", "unknown signal" },
    { "--memory", "1K", "too small" },
    { "--name", "-x", "is not a name" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto (SboxCli) cli = { 0 };
      g_autoptr (SboxPlan) plan = NULL;
      g_autoptr (GError) error = NULL;
      gboolean ok = cases[i][1]
                        ? parse (&cli, &plan, &error, cases[i][0], cases[i][1], "true", NULL)
                        : parse (&cli, &plan, &error, cases[i][0], "true", NULL);
      g_assert_false (ok);
      g_assert_nonnull (strstr (error->message, cases[i][2]));
    }
}

/* Rows set their targets: request fields, SboxCli fields, the layer. */
static void
test_rows_set_targets (void)
{
  g_auto (SboxCli) cli = { 0 };
  g_autoptr (GError) error = NULL;
  g_assert_true (
      sbox_cli_parse (10,
                      (char *const[]){ "sbox", "--kill=box", "--signal=HUP", "--quiet", "--no-pty",
                                       "--uid=1000", "--talk-name=org.x", "--nosocket=x11",
                                       "--unset-env=FOO", "--pids=5", NULL },
                      &cli, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cli.action, ==, SBOX_CLI_KILL);
  g_assert_cmpstr (cli.kill_target, ==, "box");
  g_assert_cmpint (cli.kill_signal, ==, 1);
  g_assert_cmpint (cli.request.output, ==, SBOX_OUTPUT_QUIET);
  g_assert_true (cli.request.no_pty);
  g_assert_cmpuint (cli.request.run_uid, ==, 1000);
  g_assert_cmpuint (cli.request.pids_max, ==, 5);
  const char *layer[] = { "Session Bus Policy", "org.x", "talk", "Context", "sockets", "!x11",
                          "Environment",        "FOO",   "" };
  g_assert_cmpuint (cli.request.layer->len, ==, G_N_ELEMENTS (layer));
  for (guint i = 0; i < G_N_ELEMENTS (layer); i++)
    g_assert_cmpstr (g_ptr_array_index (cli.request.layer, i), ==, layer[i]);
}

static void
test_help_lists_every_option (void)
{
  g_autofree char *help = sbox_cli_help ();
  const char *names[] = { "--noprofile",       "--ro-bind",  "--bind",       "--dev-bind",
                          "--tmpfs",           "--dir",      "--symlink",    "--setenv",
                          "--unsetenv",        "--chdir",    "--share",      "--hostname",
                          "--die-with-parent", "--as-pid-1", "--print-plan", "--verbose",
                          "--quiet",           "--version",  "--help" };
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_nonnull (strstr (help, names[i]));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/command-after-dashes", test_command_after_dashes);
  g_test_add_func ("/cli/command-without-dashes", test_command_without_dashes);
  g_test_add_func ("/cli/unknown-option", test_unknown_option);
  g_test_add_func ("/cli/missing-argument", test_missing_argument);
  g_test_add_func ("/cli/binds-follow-view-in-order", test_binds_follow_view_in_order);
  g_test_add_func ("/cli/relative-dest-rejected", test_relative_dest_rejected);
  g_test_add_func ("/cli/environment-scrubbed", test_environment_scrubbed);
  g_test_add_func ("/cli/share-and-flags", test_share_and_flags);
  g_test_add_func ("/cli/bad-values", test_bad_values);
  g_test_add_func ("/cli/rows-set-targets", test_rows_set_targets);
  g_test_add_func ("/cli/help-lists-every-option", test_help_lists_every_option);
  return g_test_run ();
}
